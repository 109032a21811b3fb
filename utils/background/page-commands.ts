/**
 * The background's handlers for what content scripts send: file chunks, submissions to queue or to
 * hold while online, abandoned uploads, and connectivity hints. The message gate has already checked
 * that each comes from a web page's content script in a normal tab (message-gate.ts); here nothing
 * the page says about itself is trusted: the page's address and origin are the browser's
 * (PageSender), sizes and shapes are validated, and an upload belongs to the tab that started it.
 */
import { browser } from 'wxt/browser';
import { decodeBase64 } from '../core/base64';
import { failure, refused, type Failure } from '../core/failure';
import { isOpaque, type PageSender } from '../core/sender';
import { createUploadBudget } from '../core/upload-budget';
import { validateWireSubmission } from '../core/wire-validation';
import type { WireSubmission } from '../core/wire';
import type { OutboxDatabase } from '../db/database';
import * as repo from '../db/outbox-repository';
import type { MessageHandlers } from './message-gate';
import type { createFlakyRescue } from './flaky-rescue';
import { logFailure } from '../core/log';

type PageMessage = 'stageFileChunk' | 'holdSubmission' | 'enqueueSubmission' | 'abandonUpload' | 'connectivityChanged' | 'captureNeeded';
export type PageHandlers = Pick<MessageHandlers, PageMessage>;

const MAX_CHUNK_BASE64 = 6 * 1024 * 1024;

/** Where a queued submission came from, as the browser says (stored with the item). */
export interface SubmissionOrigin {
  pageUrl: string;
  tabId: number;
  frameId: number;
  documentId?: string;
}

export interface PageCommandDeps {
  db: OutboxDatabase;
  /** Resolves once the background's start-up recovery is done. */
  started(): Promise<void>;
  /** Why the user's settings refuse this submission, or undefined. */
  refusal(wire: WireSubmission, pageUrl: string): Promise<Failure | undefined>;
  /** Stores a validated submission durably (and starts a replay). */
  store(wire: WireSubmission, from: SubmissionOrigin, blobs: Map<number, Blob>): Promise<{ id: string; duplicate: boolean }>;
  rescue: ReturnType<typeof createFlakyRescue>;
  /** A page saw the browser go online or offline (a hint: see connectivity.ts). */
  connectivityHint(online: boolean): Promise<void>;
  /** A new item was stored from this page (to note what the page shows, e.g. the account). */
  stored?(id: string, sender: PageSender): void;
}

/** Refusal of a form in a sandboxed document: the browser sends those without the site's identity. */
export const OPAQUE_ORIGIN_REFUSAL = failure('sandboxed');
const NOT_THIS_PAGE = failure('notThisPage');

/**
 * Checks what a page says about itself against the browser's sender information. The page's
 * address is the sender's: a page (or a compromised renderer) cannot queue a submission as another
 * page. Undefined when it is fine, else why not.
 */
export function pageProblem(wire: WireSubmission, sender: PageSender): Failure | undefined {
  if (isOpaque(sender)) return OPAQUE_ORIGIN_REFUSAL;
  try {
    if (new URL(wire.page.url).origin !== sender.origin || new URL(sender.url).origin !== sender.origin) return NOT_THIS_PAGE;
  } catch {
    return NOT_THIS_PAGE;
  }
  return undefined;
}

/**
 * Injects Form Outbox's code for submissions (entrypoints/capture-agent.ts) into the sender's
 * document: that very document where the browser can address it, else its frame.
 */
export async function injectCaptureAgent(sender: PageSender): Promise<void> {
  const inject = (target: object) => browser.scripting.executeScript({ target: target as never, files: ['/capture-agent.js'] });
  try {
    await inject(sender.documentId ? { tabId: sender.tabId, documentIds: [sender.documentId] } : { tabId: sender.tabId, frameIds: [sender.frameId] });
  } catch (error) {
    if (!sender.documentId || !/documentId/i.test(String(error))) throw error;
    await inject({ tabId: sender.tabId, frameIds: [sender.frameId] });
  }
}

/** The submission with the page's address replaced by the browser's. */
function asSent(wire: WireSubmission, sender: PageSender): WireSubmission {
  return { ...wire, page: { ...wire.page, url: sender.url } };
}

export function createPageCommands(deps: PageCommandDeps): PageHandlers {
  const { db, rescue } = deps;
  const uploads = createUploadBudget();

  /** Validation shared by queueing and holding; undefined when the submission may go on. */
  async function check(data: WireSubmission, sender: PageSender): Promise<Failure | undefined> {
    const problem = validateWireSubmission(data);
    if (problem !== true) return problem;
    const mismatch = pageProblem(data, sender);
    if (mismatch) return mismatch;
    if (data.uploadId && !uploads.owns(data.uploadId, sender.tabId)) return failure('uploadForeign');
    return deps.refusal(data, sender.url);
  }

  return {
    async stageFileChunk(data, sender) {
      if (typeof data?.uploadId !== 'string' || data.uploadId.length > 100 || typeof data.base64 !== 'string' || data.base64.length > MAX_CHUNK_BASE64 ||
        !Number.isInteger(data.fileIndex) || data.fileIndex < 0 || !Number.isInteger(data.offset) || data.offset < 0) {
        return refused('malformed', undefined, 'stageFileChunk');
      }
      const bytes = decodeBase64(data.base64);
      const admitted = uploads.admit(data.uploadId, sender.tabId, data.fileIndex, data.offset, bytes.byteLength, Date.now());
      if (admitted !== true) return refused(admitted);
      const blob = new Blob([bytes]);
      if (data.transient) {
        rescue.stageChunk(data.uploadId, data.fileIndex, data.offset, blob);
        return { ok: true };
      }
      await deps.started();
      await repo.stageChunk(db, { uploadId: data.uploadId, fileIndex: data.fileIndex, offset: data.offset, blob, createdAt: Date.now() });
      return { ok: true };
    },
    async enqueueSubmission(data, sender) {
      const problem = await check(data, sender);
      if (problem) {
        if (data?.uploadId && uploads.owns(data.uploadId, sender.tabId)) {
          uploads.release(data.uploadId);
          await repo.dropUpload(db, data.uploadId);
        }
        return { ok: false, ...problem };
      }
      await deps.started();
      const sizes: Record<number, number> = {};
      for (const entry of data.entries) if ('file' in entry) sizes[entry.file.index] = entry.file.size;
      const blobs = data.uploadId ? await repo.takeUpload(db, data.uploadId, sizes) : new Map<number, Blob>();
      const result = await deps.store(asSent(data, sender), { pageUrl: sender.url, tabId: sender.tabId, frameId: sender.frameId, documentId: sender.documentId }, blobs);
      if (data.uploadId) {
        uploads.release(data.uploadId);
        await repo.dropUpload(db, data.uploadId);
      }
      if (!result.duplicate) deps.stored?.(result.id, sender);
      return { ok: true, ...result };
    },
    async holdSubmission(data, sender) {
      const problem = await check(data, sender);
      if (problem) {
        if (data?.uploadId && uploads.owns(data.uploadId, sender.tabId)) {
          uploads.release(data.uploadId);
          rescue.dropUpload(data.uploadId);
        }
        return { ok: false, ...problem };
      }
      if (data.uploadId) uploads.release(data.uploadId);
      rescue.hold(asSent(data, sender), sender.tabId, sender.frameId, sender.documentId);
      return { ok: true };
    },
    async abandonUpload(data, sender) {
      if (typeof data?.uploadId !== 'string' || !uploads.owns(data.uploadId, sender.tabId)) return { ok: true };
      uploads.release(data.uploadId);
      if (data.transient) rescue.dropUpload(data.uploadId);
      else await repo.dropUpload(db, data.uploadId);
      return { ok: true };
    },
    async captureNeeded(_data, sender) {
      await injectCaptureAgent(sender);
      return { ok: true };
    },
    async connectivityChanged(data) {
      void deps.connectivityHint(data?.online === true).catch(logFailure('connectivity'));
      return { ok: true };
    },
  };
}
