/**
 * One-time tickets for the fast file channel (Chromium): the content script asks the background for a
 * ticket for an upload it has announced (openFileChannel), hands the ticket with the files' Blobs to
 * the extension's file frame (postMessage, structured clone), and the frame passes both to the worker,
 * which redeems the ticket. The frame sits in a hostile page, which can see it and post into it: a
 * ticket is the only thing that lets bytes in, so:
 *   - a ticket is a random token (128 bits, from the caller's CSPRNG) the page never sees;
 *   - it is bound, when issued, to one upload of one tab, frame and document and to the exact files
 *     (index and size) announced; the redeemer cannot choose any of them;
 *   - it is redeemed at most once, whatever the outcome: a wrong delivery with the right token burns it;
 *   - it expires TICKET_TTL_MS after issue.
 * State: token -> ticket, in memory (a worker restart forgets every ticket: the content script then
 * falls back to the chunked path). Time comes in as `now`.
 */

export const TICKET_TTL_MS = 60_000;
/** The `type` of what the file frame posts to the worker. */
export const FILE_DELIVERY = 'formOutboxFileDelivery';
/** Open tickets at most, all tabs together (each also holds upload budget, which bounds it first). */
export const MAX_OPEN_TICKETS = 64;
/** A token: 32 lowercase hex digits (128 bits). */
export const TOKEN_PATTERN = /^[0-9a-f]{32}$/;

export interface FileTicket {
  uploadId: string;
  tabId: number;
  frameId: number;
  documentId?: string;
  /** The announced files: index -> size in bytes. */
  sizes: ReadonlyMap<number, number>;
  /** For an online submission held in memory (the flaky-link rescue) rather than queued. */
  transient: boolean;
}

/** What a delivery brings: each file's index and its size as the worker measured the Blob. */
export interface DeliveredFile {
  fileIndex: number;
  size: number;
}

export type Redemption = { ok: true; ticket: FileTicket } | { ok: false; error: string };

export const TICKET_REFUSED = 'The file channel refused the delivery.';

/** True when the delivered files are exactly the announced ones (each index once, the same sizes). */
export function matchesAnnounced(sizes: ReadonlyMap<number, number>, files: readonly DeliveredFile[]): boolean {
  if (files.length !== sizes.size) return false;
  const seen = new Set<number>();
  for (const file of files) {
    if (seen.has(file.fileIndex) || sizes.get(file.fileIndex) !== file.size) return false;
    seen.add(file.fileIndex);
  }
  return true;
}

export function createFileTickets() {
  const open = new Map<string, { ticket: FileTicket; expiresAt: number }>();

  function expire(now: number) {
    for (const [token, entry] of open) if (entry.expiresAt <= now) open.delete(token);
  }

  return {
    /**
     * Records `ticket` under `token` (fresh randomness from the caller). False when too many are
     * open or the token is malformed or taken (nothing is recorded then).
     */
    issue(token: string, ticket: FileTicket, now: number): boolean {
      expire(now);
      if (!TOKEN_PATTERN.test(token) || open.has(token) || open.size >= MAX_OPEN_TICKETS) return false;
      open.set(token, { ticket, expiresAt: now + TICKET_TTL_MS });
      return true;
    },
    /**
     * Redeems `token` for a delivery of `files`. The ticket is spent by any attempt that names it,
     * refused or not. Refused: an unknown, spent, expired or malformed token, or files other than the
     * announced ones. The error never says which (the caller may be a hostile page).
     */
    redeem(token: unknown, files: readonly DeliveredFile[], now: number): Redemption {
      expire(now);
      if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return { ok: false, error: TICKET_REFUSED };
      const entry = open.get(token);
      if (!entry) return { ok: false, error: TICKET_REFUSED };
      open.delete(token);
      if (!matchesAnnounced(entry.ticket.sizes, files)) return { ok: false, error: TICKET_REFUSED };
      return { ok: true, ticket: entry.ticket };
    },
    /** Forgets every ticket of `uploadId` (the upload was abandoned or stored). */
    revoke(uploadId: string): void {
      for (const [token, entry] of open) if (entry.ticket.uploadId === uploadId) open.delete(token);
    },
    /** How many tickets are open (for tests). */
    get size(): number {
      return open.size;
    },
  };
}
