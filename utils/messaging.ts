/**
 * The one message protocol between content scripts, the extension's pages and the background.
 * Payloads are JSON-safe (Chrome's runtime messaging is JSON-only): numbers, strings, arrays, objects;
 * the one exception is Firefox's sendFiles (Blobs), which Firefox clones.
 * Each message is `{ type, data }`; the background answers with the protocol's result type.
 * Every message names its sender kind in MESSAGE_SENDERS, the one table the background checks.
 */
// The native API (Chrome MV3 and Firefox both answer runtime.sendMessage with a promise), not the
// polyfill: this module is part of the content script, which runs on every page and must stay small.
import { browser } from '@wxt-dev/browser';
import type { SenderKind } from './core/sender';
import type { ItemError } from './core/types';
import type { Ack, VaultStatus, WireSubmission } from './core/wire';
import type { DraftSave } from './core/draft-record';
import type { DraftField, FormKey } from './core/draft-form';
import type { ImportOutcome } from './core/import-reading';

export type { Ack, VaultStatus, WireEntry, WireFileEntry, WireSubmission } from './core/wire';

export interface ProtocolMap {
  /** page -> background: one base64 chunk of a file being queued. */
  stageFileChunk: {
    data: { uploadId: string; fileIndex: number; offset: number; base64: string; transient?: boolean };
    result: Ack;
  };
  /**
   * page -> background (Chromium): a ticket for the fast file channel: the files of `uploadId` (index
   * and size each) will come whole through the extension's file frame (docs/architecture.md). The
   * sizes are counted against the upload budget now.
   */
  openFileChannel: {
    data: { uploadId: string; files: FileAnnouncement[]; transient?: boolean };
    result: Ack<{ token: string }>;
  };
  /**
   * page -> background (Firefox only, whose runtime messaging clones Blobs): the whole files of an
   * upload, as Blobs. The one message that is not JSON-safe; Chromium would deliver `{}`, which fails.
   */
  sendFiles: {
    data: { uploadId: string; files: Array<{ fileIndex: number; blob: Blob }>; transient?: boolean };
    result: Ack;
  };
  /** page -> background: an online submission about to leave; kept in memory until its navigation commits or dies. */
  holdSubmission: { data: WireSubmission; result: Ack };
  /** page -> background: queue a submission; acknowledged only once durably stored. */
  enqueueSubmission: { data: WireSubmission; result: Ack<{ id: string; duplicate: boolean }> };
  /** page -> background: the page gave up on an upload (its chunks can go). */
  abandonUpload: { data: { uploadId: string; transient?: boolean }; result: Ack };
  /**
   * page, extension page -> background: it saw the browser go online or offline. Only a hint: the
   * background checks its own view of the network, and a page cannot make it send sooner than its schedule.
   */
  connectivityChanged: { data: { online: boolean }; result: Ack };
  /**
   * page (the sign-in watch script, only on sites with submissions waiting for a sign-in) ->
   * background: a page of the site loaded; whether it is a sign-in page and which account it shows.
   */
  signedInPage: { data: { signInForm: boolean; account?: string }; result: Ack };
  /** extension page -> background: the user's "Send now": every waiting item is tried now. */
  replayNow: { data: Record<string, never>; result: Ack };
  /** extension page -> background: retry one failed item now, optionally with edited text values (by entry index). */
  retryItem: { data: { id: string; values?: Record<number, string> }; result: Ack };
  /** extension page -> background: retry every failed item now. */
  retryAllFailed: { data: Record<string, never>; result: Ack<{ count: number }> };
  /** extension page -> background: remove an item, keeping it in the trash so that it can be restored (undo). */
  discardItem: { data: { id: string }; result: Ack };
  /** extension page -> background: put a discarded item back (undo). */
  restoreItem: { data: { id: string }; result: Ack };
  /** extension page -> background: delete the sent history. */
  clearSent: { data: Record<string, never>; result: Ack<{ count: number }> };
  /** extension page -> background: open the item's page in a new tab and fill its form from the item. */
  openAndRefill: { data: { id: string }; result: Ack<{ tabId: number }> };
  /** extension page -> background: whether queued payloads are encrypted, and whether the key is available. */
  getVaultStatus: { data: Record<string, never>; result: Ack<VaultStatus> };
  /** extension page -> background: turn encryption on with this passphrase (every stored payload is encrypted). */
  setPassphrase: { data: { passphrase: string }; result: Ack<VaultStatus> };
  /** extension page -> background: change the passphrase (the payloads' keys are re-wrapped, not re-encrypted). */
  changePassphrase: { data: { passphrase: string; newPassphrase: string }; result: Ack<VaultStatus> };
  /** extension page -> background: turn encryption off (every stored payload is decrypted). */
  removePassphrase: { data: { passphrase: string }; result: Ack<VaultStatus> };
  /** extension page -> background: unlock after a browser restart, so that replay can go on. */
  unlock: { data: { passphrase: string }; result: Ack<VaultStatus> };
  /** extension page -> background: passphrase forgotten: delete every encrypted submission and turn encryption off. */
  forgetVault: { data: Record<string, never>; result: Ack<VaultStatus> };
  /** extension page -> background: forget the key until the passphrase is entered again. */
  lock: { data: Record<string, never>; result: Ack<VaultStatus> };

  // Drafts (docs/drafts.md).
  /** page -> background: a person typed in this document for the first time: the drafts code is injected into it (if drafts are kept here). */
  draftStarted: { data: Record<string, never>; result: Ack };
  /**
   * page -> background: a person is about to submit a form (their first press in one, or an offline
   * submission): inject Form Outbox's code for submissions into this document (capture-agent.js).
   * Also from private windows and sandboxed documents, whose forms that code refuses in words.
   */
  captureNeeded: { data: Record<string, never>; result: Ack };
  /** page -> background: what the document's changed forms hold now. `kept` is false when drafts are not kept there (settings). */
  saveDraft: { data: DraftSave; result: Ack<{ kept: boolean }> };
  /** page -> background: a form with a draft was submitted: natively (the browser will tell how it went) or by the page's script. */
  draftSubmitted: { data: { doc: string; slot: number; byScript: boolean; at: number }; result: Ack };
  /** page -> background: the values of a draft offered to this document (the person pressed Restore); it becomes this form's draft. */
  restoreDraft: { data: { id: string; doc: string; slot: number }; result: Ack<DraftToRestore> };
  /** extension page -> background: delete a draft (kept in memory a while for undo). */
  discardDraft: { data: { id: string }; result: Ack };
  /** extension page -> background: put a discarded draft back (undo). */
  undoDiscardDraft: { data: { id: string }; result: Ack };
  /** extension page -> background: delete every draft. */
  discardAllDrafts: { data: Record<string, never>; result: Ack<{ count: number }> };
  /** extension page -> background: open the draft's page in a new tab and restore the draft there. */
  openDraft: { data: { id: string }; result: Ack<{ tabId: number }> };
  /** extension page -> background: the person saw how many drafts expired. */
  clearExpiredDrafts: { data: Record<string, never>; result: Ack };

  // Keeping data the person's own (docs/data.md).
  /** extension page -> background: one piece (by `index`, from 0) of the text of an export file being imported; kept in memory until `importData`. */
  stageImportChunk: { data: { importId: string; index: number; text: string }; result: Ack };
  /** extension page -> background: import the file staged as `chunks` pieces: all of it (new records only) or, refused, nothing. */
  importData: { data: { importId: string; chunks: number }; result: Ack<{ outcome: ImportOutcome }> };
  /** extension page -> background: delete everything Form Outbox keeps (queue, history, replies, drafts, trash, uploads, vault, settings). */
  deleteEverything: { data: Record<string, never>; result: Ack<{ items: number; drafts: number }> };
}

/** A file of an upload, announced before its bytes come through the fast file channel. */
export interface FileAnnouncement {
  fileIndex: number;
  size: number;
}

/** A draft's values, for the document that asked to restore it (or why they cannot be given now). */
export type DraftToRestore = { locked: true } | { locked: false; form: FormKey; fields: DraftField[] };

/**
 * Who may send each message, checked once by the background's gate (utils/background/message-gate.ts)
 * against the browser's sender information: `page` is the content script of a web page in a normal
 * (not private) tab, `extension` one of the extension's own pages; a list allows each of its kinds.
 * A message missing here does not compile.
 */
export const MESSAGE_SENDERS = {
  stageFileChunk: 'page',
  openFileChannel: 'page',
  sendFiles: 'page',
  holdSubmission: 'page',
  enqueueSubmission: 'page',
  abandonUpload: 'page',
  connectivityChanged: ['page', 'extension'],
  signedInPage: 'page',
  replayNow: 'extension',
  retryItem: 'extension',
  retryAllFailed: 'extension',
  discardItem: 'extension',
  restoreItem: 'extension',
  clearSent: 'extension',
  openAndRefill: 'extension',
  getVaultStatus: 'extension',
  setPassphrase: 'extension',
  changePassphrase: 'extension',
  removePassphrase: 'extension',
  unlock: 'extension',
  forgetVault: 'extension',
  lock: 'extension',
  draftStarted: 'page',
  captureNeeded: 'page',
  saveDraft: 'page',
  draftSubmitted: 'page',
  restoreDraft: 'page',
  discardDraft: 'extension',
  undoDiscardDraft: 'extension',
  discardAllDrafts: 'extension',
  openDraft: 'extension',
  clearExpiredDrafts: 'extension',
  stageImportChunk: 'extension',
  importData: 'extension',
  deleteEverything: 'extension',
} as const satisfies Record<keyof ProtocolMap, SenderKind | readonly SenderKind[]>;

/**
 * How a settled submission went, as codes (the page words them): `target` is the origin it was sent
 * to, `error` why it failed (absent when sent).
 */
export interface SettledNews {
  status: 'sent' | 'failed';
  target: string;
  error?: ItemError;
}

/** background -> content (tabs.sendMessage): a submission queued from this tab was sent or failed. */
export interface SubmissionSettledMessage {
  type: 'submissionSettled';
  data: { id: string } & SettledNews;
}

/** background -> the sign-in watch script of the page that let a waiting submission go: how it went. */
export interface ResumedSettledMessage {
  type: 'resumedSettled';
  data: SettledNews;
}

export type MessageType = keyof ProtocolMap;

/**
 * Page messages a private window's page may send too: they store nothing (the code they bring in
 * refuses private windows' forms in words, and the background refuses to store them).
 */
export const ALLOWED_IN_PRIVATE_WINDOWS: ReadonlySet<MessageType> = new Set(['captureNeeded']);
export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  data: ProtocolMap[K]['data'];
}

/** Sends a protocol message to the background and returns its typed answer. */
export async function sendToBackground<K extends MessageType>(
  type: K,
  data: ProtocolMap[K]['data'],
): Promise<ProtocolMap[K]['result']> {
  return (await browser.runtime.sendMessage({ type, data } satisfies Envelope<K>)) as ProtocolMap[K]['result'];
}
