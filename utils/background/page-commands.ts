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
import { createFileTickets, type DeliveredFile } from '../core/file-tickets';
import { createFileArrivals } from './file-arrivals';
import { validateWireSubmission } from '../core/wire-validation';
import type { WireSubmission } from '../core/wire';
import type { OutboxDatabase } from '../db/database';
import * as repo from '../db/outbox-repository';
import type { MessageHandlers } from './message-gate';
import type { createFlakyRescue } from './flaky-rescue';
import { logFailure } from '../core/log';

type PageMessage =
  | 'stageFileChunk'
  | 'openFileChannel'
  | 'sendFiles'
  | 'holdSubmission'
  | 'enqueueSubmission'
  | 'abandonUpload'
  | 'connectivityChanged'
  | 'captureNeeded';
export type PageHandlers = Pick<MessageHandlers, PageMessage>;

const MAX_CHUNK_BASE64 = 6 * 1024 * 1024;
/** Files in one upload at most (a form with more file entries goes by the chunked path). */
const MAX_FILES_PER_UPLOAD = 100;

/** How often each file channel carried an upload (read by the end-to-end tests, in the worker). */
export interface FileChannelCounts {
  chunks: number;
  fast: number;
}

/** A delivery from the extension's file frame (Chromium), before any check. */
export interface FrameDelivery {
  token: unknown;
  files: unknown;
}

function isUploadId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= 100;
}

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
  store(
    wire: WireSubmission,
    from: SubmissionOrigin,
    blobs: Map<number, Blob>,
  ): Promise<{ id: string; duplicate: boolean }>;
  rescue: ReturnType<typeof createFlakyRescue>;
  /** A page saw the browser go online or offline (a hint: see connectivity.ts). */
  connectivityHint(online: boolean): Promise<void>;
  /** A new item was stored from this page (to note what the page shows, e.g. the account). */
  stored?(id: string, sender: PageSender): void;
  /** A fresh 128-bit random token as 32 hex digits (a ticket for the fast file channel). */
  randomToken?(): string;
  /** Counts each upload by the channel its bytes took. */
  counts?: FileChannelCounts;
}

function cryptoToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
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
    if (new URL(wire.page.url).origin !== sender.origin || new URL(sender.url).origin !== sender.origin)
      return NOT_THIS_PAGE;
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
  const inject = (target: object) =>
    browser.scripting.executeScript({ target: target as never, files: ['/capture-agent.js'] });
  try {
    await inject(
      sender.documentId
        ? { tabId: sender.tabId, documentIds: [sender.documentId] }
        : { tabId: sender.tabId, frameIds: [sender.frameId] },
    );
  } catch (error) {
    if (!sender.documentId || !/documentId/i.test(String(error))) throw error;
    await inject({ tabId: sender.tabId, frameIds: [sender.frameId] });
  }
}

/** The submission with the page's address replaced by the browser's. */
function asSent(wire: WireSubmission, sender: PageSender): WireSubmission {
  return { ...wire, page: { ...wire.page, url: sender.url } };
}

export function createPageCommands(
  deps: PageCommandDeps,
): PageHandlers & { deliverFromFrame(delivery: FrameDelivery): Promise<{ ok: boolean }> } {
  const { db, rescue } = deps;
  const uploads = createUploadBudget();
  const tickets = createFileTickets();
  const arrivals = createFileArrivals(
    () => Date.now(),
    (id) => uploads.release(id),
  );
  const randomToken = deps.randomToken ?? cryptoToken;
  const counts = deps.counts ?? { chunks: 0, fast: 0 };
  const countedChunks = new Set<string>();

  /** Forgets everything staged for an upload (budget, tickets, whole files, staged chunks). */
  async function forgetUpload(uploadId: string, transient: boolean): Promise<void> {
    uploads.release(uploadId);
    tickets.revoke(uploadId);
    arrivals.drop(uploadId);
    countedChunks.delete(uploadId);
    if (transient) rescue.dropUpload(uploadId);
    else await repo.dropUpload(db, uploadId);
  }

  /**
   * Counts whole files against the budget of a new upload `uploadId` for `tabId`; true, or why not
   * (nothing counted then). Only a new one: admitting into an upload under way and failing would
   * release what its earlier ticket or chunks counted.
   */
  function admitWhole(uploadId: string, tabId: number, files: readonly DeliveredFile[]): true | Failure {
    if (
      files.length === 0 ||
      files.length > MAX_FILES_PER_UPLOAD ||
      new Set(files.map((f) => f.fileIndex)).size !== files.length
    )
      return failure('malformed', undefined, 'files');
    if (!uploads.owns(uploadId, tabId)) return failure('uploadForeign');
    if (uploads.has(uploadId, Date.now())) return failure('malformed', undefined, 'upload already under way');
    for (const file of files) {
      if (!Number.isInteger(file.fileIndex) || file.fileIndex < 0 || !Number.isInteger(file.size) || file.size < 0) {
        uploads.release(uploadId);
        return failure('malformed', undefined, 'files');
      }
      const admitted = uploads.admit(uploadId, tabId, file.fileIndex, 0, file.size, Date.now());
      if (admitted !== true) {
        uploads.release(uploadId);
        return failure(admitted);
      }
    }
    return true;
  }

  /** Keeps whole files that arrived for an admitted upload until its submission comes. */
  function deposit(uploadId: string, files: Map<number, Blob>, transient: boolean): void {
    counts.fast++;
    if (!transient) return arrivals.put(uploadId, files);
    for (const [index, blob] of files) rescue.stageChunk(uploadId, index, 0, blob);
  }

  /** The submission's files, from the fast channel or the staged chunks; sizes by file index. */
  async function takeFiles(uploadId: string, sizes: Record<number, number>): Promise<Map<number, Blob>> {
    return arrivals.has(uploadId) ? arrivals.take(uploadId, sizes) : repo.takeUpload(db, uploadId, sizes);
  }

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
      if (
        typeof data?.uploadId !== 'string' ||
        data.uploadId.length > 100 ||
        typeof data.base64 !== 'string' ||
        data.base64.length > MAX_CHUNK_BASE64 ||
        !Number.isInteger(data.fileIndex) ||
        data.fileIndex < 0 ||
        !Number.isInteger(data.offset) ||
        data.offset < 0
      ) {
        return refused('malformed', undefined, 'stageFileChunk');
      }
      const bytes = decodeBase64(data.base64);
      const admitted = uploads.admit(
        data.uploadId,
        sender.tabId,
        data.fileIndex,
        data.offset,
        bytes.byteLength,
        Date.now(),
      );
      if (admitted !== true) return refused(admitted);
      const blob = new Blob([bytes]);
      if (!countedChunks.has(data.uploadId)) {
        countedChunks.add(data.uploadId);
        counts.chunks++;
      }
      if (data.transient) {
        rescue.stageChunk(data.uploadId, data.fileIndex, data.offset, blob);
        return { ok: true };
      }
      await deps.started();
      await repo.stageChunk(db, {
        uploadId: data.uploadId,
        fileIndex: data.fileIndex,
        offset: data.offset,
        blob,
        createdAt: Date.now(),
      });
      return { ok: true };
    },
    async openFileChannel(data, sender) {
      if (!isUploadId(data?.uploadId) || !Array.isArray(data.files))
        return refused('malformed', undefined, 'openFileChannel');
      const files: DeliveredFile[] = data.files.map((f) => ({
        fileIndex: Number(f?.fileIndex),
        size: Number(f?.size),
      }));
      const admitted = admitWhole(data.uploadId, sender.tabId, files);
      if (admitted !== true) return { ok: false, ...admitted };
      const token = randomToken();
      const ticket = {
        uploadId: data.uploadId,
        tabId: sender.tabId,
        frameId: sender.frameId,
        ...(sender.documentId ? { documentId: sender.documentId } : {}),
        sizes: new Map(files.map((f) => [f.fileIndex, f.size])),
        transient: data.transient === true,
      };
      if (!tickets.issue(token, ticket, Date.now())) {
        uploads.release(data.uploadId);
        return refused('tooManyUploads');
      }
      return { ok: true, token };
    },
    async sendFiles(data, sender) {
      if (
        !isUploadId(data?.uploadId) ||
        !Array.isArray(data.files) ||
        !data.files.every((f) => f?.blob instanceof Blob)
      )
        return refused('malformed', undefined, 'sendFiles');
      const admitted = admitWhole(
        data.uploadId,
        sender.tabId,
        data.files.map((f) => ({ fileIndex: f.fileIndex, size: f.blob.size })),
      );
      if (admitted !== true) return { ok: false, ...admitted };
      deposit(data.uploadId, new Map(data.files.map((f) => [f.fileIndex, f.blob])), data.transient === true);
      return { ok: true };
    },
    /**
     * A delivery from the extension's file frame (Chromium; the worker's `message` event from its own
     * origin). The frame sits in a web page and forwards what was posted to it: the ticket is the only
     * authority, and a refusal says nothing about why.
     */
    async deliverFromFrame(delivery) {
      const files = Array.isArray(delivery?.files) ? (delivery.files as unknown[]) : [];
      const blobs = new Map<number, Blob>();
      for (const file of files) {
        const { fileIndex, blob } = (file ?? {}) as { fileIndex?: unknown; blob?: unknown };
        if (typeof fileIndex !== 'number' || !(blob instanceof Blob) || blobs.has(fileIndex)) return { ok: false };
        blobs.set(fileIndex, blob);
      }
      if (blobs.size === 0) return { ok: false };
      const redeemed = tickets.redeem(
        delivery?.token,
        [...blobs].map(([fileIndex, blob]) => ({ fileIndex, size: blob.size })),
        Date.now(),
      );
      if (!redeemed.ok) return { ok: false };
      const { ticket } = redeemed;
      // The upload may have been abandoned (or stored) since the ticket was issued: its budget is gone.
      if (
        !uploads.has(ticket.uploadId, Date.now()) ||
        !uploads.owns(ticket.uploadId, ticket.tabId) ||
        arrivals.has(ticket.uploadId)
      )
        return { ok: false };
      deposit(ticket.uploadId, blobs, ticket.transient);
      return { ok: true };
    },
    async enqueueSubmission(data, sender) {
      const problem = await check(data, sender);
      if (problem) {
        if (data?.uploadId && uploads.owns(data.uploadId, sender.tabId)) await forgetUpload(data.uploadId, false);
        return { ok: false, ...problem };
      }
      await deps.started();
      const sizes: Record<number, number> = {};
      for (const entry of data.entries) if ('file' in entry) sizes[entry.file.index] = entry.file.size;
      let blobs: Map<number, Blob>;
      try {
        blobs = data.uploadId ? await takeFiles(data.uploadId, sizes) : new Map<number, Blob>();
      } catch (error) {
        if (data.uploadId) await forgetUpload(data.uploadId, false);
        throw error;
      }
      try {
        const result = await deps.store(
          asSent(data, sender),
          { pageUrl: sender.url, tabId: sender.tabId, frameId: sender.frameId, documentId: sender.documentId },
          blobs,
        );
        if (!result.duplicate) deps.stored?.(result.id, sender);
        return { ok: true, ...result };
      } finally {
        if (data.uploadId) await forgetUpload(data.uploadId, false);
      }
    },
    async holdSubmission(data, sender) {
      const problem = await check(data, sender);
      if (problem) {
        if (data?.uploadId && uploads.owns(data.uploadId, sender.tabId)) await forgetUpload(data.uploadId, true);
        return { ok: false, ...problem };
      }
      if (data.uploadId) {
        uploads.release(data.uploadId);
        tickets.revoke(data.uploadId);
        countedChunks.delete(data.uploadId);
      }
      rescue.hold(asSent(data, sender), sender.tabId, sender.frameId, sender.documentId);
      return { ok: true };
    },
    async abandonUpload(data, sender) {
      if (typeof data?.uploadId !== 'string' || !uploads.owns(data.uploadId, sender.tabId)) return { ok: true };
      await forgetUpload(data.uploadId, data.transient === true);
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
