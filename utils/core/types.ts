/**
 * The shapes shared by capture, queue, replay and review. Plain data only: no DOM, no extension APIs.
 * Times are epoch milliseconds.
 */
import type { SealedPayload } from './sealing';

export type Enctype = 'application/x-www-form-urlencoded' | 'multipart/form-data' | 'text/plain';
export type HttpMethod = 'GET' | 'POST';

/** A file as queued: its bytes as a Blob plus the metadata the browser would send. */
export interface QueuedFile {
  name: string;
  type: string;
  lastModified: number;
  blob: Blob;
}

/** One entry of the form's entry list, in the browser's order. */
export type FormEntry = { name: string; value: string } | { name: string; file: QueuedFile };

/** What the browser would have sent. For GET, `url` already carries the form's query. */
export interface SubmissionRequest {
  method: HttpMethod;
  url: string;
  enctype: Enctype;
  entries: FormEntry[];
  /**
   * How the body is serialized when it differs from `enctype` (the Content-Type). Chromium sends an
   * urlencoded body labelled text/plain when a GET form's button overrides to POST + text/plain.
   */
  bodyFormat?: Enctype;
}

/**
 * The label a person saw for a field when they submitted (its <label>, aria-label, placeholder...),
 * as plain text: see field-labels.ts for the limits. Page data: shown as text, never as markup.
 */
export interface FieldLabel {
  /** The field's name, as in the entry list. */
  name: string;
  label: string;
}

/** Where the submission came from: the page the user was on when they pressed Submit. */
export interface SubmissionSource {
  pageUrl: string;
  pageTitle: string;
  /** The page's effective referrer policy (meta or default), used to compute the Referer on replay. */
  referrerPolicy: string;
  tabId?: number;
  frameId?: number;
  /** The document that made the submission (where the browser tells): only it is told how it went. */
  documentId?: string;
  /**
   * The labels the fields had on the page, one per field name that had one (items captured before
   * labels were kept have none). Sealed with the values when encryption is on.
   */
  fieldLabels?: FieldLabel[];
}

export type ItemStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** Why the last attempt did not succeed, in plain words plus the technical detail. */
export interface ItemError {
  /**
   * `network`: the request never got an answer; `http`: the server answered with an error;
   * `auth`: the user is signed out of the site (401, 419, a redirect to a sign-in page): sign in, then retry.
   * `redirected`: the site asked to send the form on to another site (307/308), which the replay does not do.
   * `form-again`: the site answered with the same form again (field errors, a token it refused).
   * `conflict`: the site says the record changed or exists already (409, 412, or its form says so).
   * Neither of the last two is retried on its own: a person edits and retries, or checks the site.
   * `invalid`: the stored item could not be opened (its encrypted contents are damaged or sealed
   * with another passphrase). `expired`: retried until the retry window ran out.
   * `imported`: it came from an export file (docs/data.md): never sent on its own; a person checks it and presses Retry.
   */
  kind:
    | 'network'
    | 'http'
    | 'invalid'
    | 'interrupted'
    | 'expired'
    | 'auth'
    | 'redirected'
    | 'form-again'
    | 'conflict'
    | 'imported';
  /**
   * English words stored by versions before reasons became codes: shown only when the fields below
   * cannot rebuild the reason (utils/platform/item-error-words.ts). New errors never set it.
   */
  message?: string;
  detail?: string;
  status?: number;
  /** The server's status text, for statuses without a standard reason phrase. */
  statusText?: string;
  /** `http`: the answer came after the form's security token was refreshed (a stale token is ruled out). */
  tokenRefreshed?: boolean;
  /** `expired`: the attempts made and the retry window (ms) that ran out. */
  attempts?: number;
  retryWindowMs?: number;
  /** `form-again`, `conflict`: the site's own error text, where it could be found (sealed items: not kept readable). */
  siteMessage?: string;
  /** `redirected`: the host the site pointed the form to. */
  redirectedTo?: string;
  /** `interrupted`: the worker stopped mid-send ('restart'), or the connection dropped after the form left the page ('connection'). */
  interruption?: 'restart' | 'connection';
  at: number;
}

/** The server's answer to a send, as kept for the person to read (the reply viewer). */
export interface ReplySnapshot {
  status: number;
  statusText: string;
  finalUrl: string;
  redirected: boolean;
  /** The answer is a redirect to another site, which the replay did not follow. */
  notFollowed?: boolean;
  contentType: string;
  /** The start of the body (at most MAX_REPLY_BYTES), when it was text. */
  body?: string;
}

/** The server's answer to the send that succeeded. */
export interface SendResult {
  status: number;
  /** Where the answer came from; for a redirect to another site (not followed), where it pointed. */
  finalUrl: string;
  redirected: boolean;
  /** The answer was a redirect to another site, which the replay did not follow. */
  notFollowed?: boolean;
  sentAt: number;
}

/**
 * One queued submission. State machine (persisted at every step):
 *   pending -> sending -> sent | failed | pending (retry later)
 *   failed  -> pending (user retries)
 * An item found in `sending` when the worker starts was interrupted mid-send: it goes back to
 * pending with `maybeSent` set, because the request may already have reached the server.
 */
export interface OutboxItem {
  /** Stable id of the queued item. */
  id: string;
  /** Sent as the Idempotency-Key header of every attempt; renewed only when the user edits the item. */
  idempotencyKey: string;
  /** Monotonic capture order, used for first-in first-out per origin. */
  seq: number;
  /** The target origin (scheme://host:port): items of one origin are sent in order. */
  origin: string;
  status: ItemStatus;
  request: SubmissionRequest;
  source: SubmissionSource;
  /** Hash of what was submitted, to fold a double Submit of the same form into one item. */
  fingerprint: string;
  capturedAt: number;
  updatedAt: number;
  attempts: number;
  /** When the next attempt is due (pending items only). */
  nextAttemptAt: number;
  lastError?: ItemError;
  result?: SendResult;
  /** A send was cut off after the request may have left: the server may already have it. */
  maybeSent?: boolean;
  /** The server's last answer is stored (replies table): the popup offers "View reply". */
  hasReply?: boolean;
  /** The account name the page showed when the submission was made (encryption off), if it showed one. */
  account?: string;
  /** The same, sealed for the vault (encryption on). */
  accountSealed?: SealedPayload;
  /**
   * Signed out, then back: the page of the site now shows another account than at capture, so the
   * submission waits for the person (Retry) instead of being sent as someone else. Names are kept
   * only for items that are not sealed.
   */
  accountMismatch?: { captured?: string; shown?: string };
  /** Sent again on its own after the person signed in again: the page that let it go is told. */
  resumed?: boolean;
  /**
   * Set when the payload is encrypted at rest (see sealed-item.ts): `request.entries` is then empty,
   * and `request.url` / `source.pageUrl` keep only origin and path, until the item is opened.
   */
  sealed?: SealedPayload;
}
