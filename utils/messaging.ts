/**
 * The one message protocol between content scripts, the popup and the background.
 * Payloads are JSON-safe (Chrome's runtime messaging is JSON-only): numbers, strings, arrays, objects.
 * Each message is `{ type, data }`; the background answers with the protocol's result type.
 */
// The native API (Chrome MV3 and Firefox both answer runtime.sendMessage with a promise), not the
// polyfill: this module is part of the content script, which runs on every page and must stay small.
import { browser } from '@wxt-dev/browser';
import type { Enctype, HttpMethod, ItemStatus } from './core/types';

/** A file entry on the wire: its bytes travel separately as staged chunks of `uploadId`. */
export interface WireFileEntry {
  name: string;
  file: { index: number; name: string; type: string; size: number; lastModified: number };
}
export type WireEntry = { name: string; value: string } | WireFileEntry;

/** A captured submission as the content script sends it. */
export interface WireSubmission {
  method: HttpMethod;
  url: string;
  enctype: Enctype;
  bodyFormat?: Enctype;
  entries: WireEntry[];
  page: { url: string; title: string; referrerPolicy: string };
  /** Set when the submission has files whose chunks were staged under this id. */
  uploadId?: string;
}

export type Ack<T = object> = ({ ok: true } & T) | { ok: false; error: string };

export interface ProtocolMap {
  /** content -> background: one base64 chunk of a file being queued. */
  stageFileChunk: { data: { uploadId: string; fileIndex: number; offset: number; base64: string; transient?: boolean }; result: Ack };
  /** content -> background: an online submission about to leave; kept in memory until its navigation commits or dies. */
  holdSubmission: { data: WireSubmission; result: Ack };
  /** content -> background: queue a submission; acknowledged only once durably stored. */
  enqueueSubmission: { data: WireSubmission; result: Ack<{ id: string; duplicate: boolean }> };
  /** content -> background: the page gave up on an upload (its chunks can go). */
  abandonUpload: { data: { uploadId: string; transient?: boolean }; result: Ack };
  /** content/popup -> background: the connection looks back; try sending now. */
  replayNow: { data: Record<string, never>; result: Ack };
  /** popup -> background: retry one failed item now, optionally with edited text values (by entry index). */
  retryItem: { data: { id: string; values?: Record<number, string> }; result: Ack };
  /** popup -> background: retry every failed item now. */
  retryAllFailed: { data: Record<string, never>; result: Ack<{ count: number }> };
  /** popup -> background: remove an item, keeping it in the trash so that it can be restored (undo). */
  discardItem: { data: { id: string }; result: Ack };
  /** popup -> background: put a discarded item back (undo). */
  restoreItem: { data: { id: string }; result: Ack };
  /** popup -> background: delete the sent history. */
  clearSent: { data: Record<string, never>; result: Ack<{ count: number }> };
  /** popup -> background: open the item's page in a new tab and fill its form from the item. */
  openAndRefill: { data: { id: string }; result: Ack<{ tabId: number }> };
  /** popup/options -> background: whether queued payloads are encrypted, and whether the key is available. */
  getVaultStatus: { data: Record<string, never>; result: Ack<VaultStatus> };
  /** options -> background: turn encryption on with this passphrase (every stored payload is encrypted). */
  setPassphrase: { data: { passphrase: string }; result: Ack<VaultStatus> };
  /** options -> background: change the passphrase (the payloads' keys are re-wrapped, not re-encrypted). */
  changePassphrase: { data: { passphrase: string; newPassphrase: string }; result: Ack<VaultStatus> };
  /** options -> background: turn encryption off (every stored payload is decrypted). */
  removePassphrase: { data: { passphrase: string }; result: Ack<VaultStatus> };
  /** popup/options -> background: unlock after a browser restart, so that replay can go on. */
  unlock: { data: { passphrase: string }; result: Ack<VaultStatus> };
  /** options -> background: passphrase forgotten: delete every encrypted submission and turn encryption off. */
  forgetVault: { data: Record<string, never>; result: Ack<VaultStatus> };
  /** popup/options -> background: forget the key until the passphrase is entered again. */
  lock: { data: Record<string, never>; result: Ack<VaultStatus> };
}

/** Encryption at rest: `enabled` once a passphrase is set; `unlocked` while the key is in memory this browser session. */
export interface VaultStatus {
  enabled: boolean;
  unlocked: boolean;
  /** Items waiting for the key (sealed and pending) while locked. */
  waiting?: number;
}

/** background -> content (tabs.sendMessage): a submission queued from this tab was sent or failed. */
export interface SubmissionSettledMessage {
  type: 'submissionSettled';
  data: { id: string; status: ItemStatus; message: string };
}

export type MessageType = keyof ProtocolMap;
export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  data: ProtocolMap[K]['data'];
}

/** Sends a protocol message to the background and returns its typed answer. */
export async function sendToBackground<K extends MessageType>(type: K, data: ProtocolMap[K]['data']): Promise<ProtocolMap[K]['result']> {
  return (await browser.runtime.sendMessage({ type, data } satisfies Envelope<K>)) as ProtocolMap[K]['result'];
}
