/**
 * The shapes that cross the extension's message channel (content script, extension pages,
 * background). Plain JSON-safe data: Chrome's runtime messaging is JSON-only. The protocol that
 * carries them is utils/messaging.ts; who may send what is MESSAGE_SENDERS there.
 */
import type { Enctype, FieldLabel, HttpMethod } from './types';

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
  /**
   * The page as the content script saw it. The background keeps only what the browser cannot tell it:
   * the title and the referrer policy; the page's address comes from the browser's sender information.
   */
  page: { url: string; title: string; referrerPolicy: string };
  /** Set when the submission has files whose chunks were staged under this id. */
  uploadId?: string;
  /** The labels the page showed for the fields (see core/field-labels.ts); absent when none was found. */
  fieldLabels?: FieldLabel[];
}

/** The background's answer: `ok`, or why not in words the page can show. */
export type Ack<T = object> = ({ ok: true } & T) | { ok: false; error: string };

/** Encryption at rest: `enabled` once a passphrase is set; `unlocked` while the key is in memory this browser session. */
export interface VaultStatus {
  enabled: boolean;
  unlocked: boolean;
  /** Items waiting for the key (sealed and pending) while locked. */
  waiting?: number;
}
