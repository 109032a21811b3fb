/**
 * When drafts expire (pure). A draft is kept for the retention the person chose, counted from the
 * last time they typed in it; then it is deleted. Expiry is never silent: the popup shows each
 * draft's expiry, warns about those expiring within EXPIRY_WARNING_MS, and counts those deleted.
 */

/** Drafts expiring within this long are pointed out in the popup. */
export const EXPIRY_WARNING_MS = 24 * 60 * 60_000;

/** When a draft last typed at `updatedAt` expires (epoch ms). */
export function draftExpiresAt(updatedAt: number, retentionMs: number): number {
  return updatedAt + retentionMs;
}

/** Drafts last typed before this instant have expired at `now`. */
export function expiryCutoff(now: number, retentionMs: number): number {
  return now - retentionMs;
}

export interface ExpirySummary {
  /** Drafts that expire within EXPIRY_WARNING_MS (not yet expired). */
  expiringSoon: number;
  /** Drafts already past their expiry (about to be deleted). */
  expired: number;
  /** The earliest expiry still to come, if any. */
  nextExpiry?: number;
}

/** What the popup says about expiry, for drafts last typed at `updatedAts`. */
export function expirySummary(updatedAts: readonly number[], retentionMs: number, now: number): ExpirySummary {
  let expiringSoon = 0;
  let expired = 0;
  let nextExpiry: number | undefined;
  for (const updatedAt of updatedAts) {
    const at = draftExpiresAt(updatedAt, retentionMs);
    if (at <= now) {
      expired++;
      continue;
    }
    if (at - now <= EXPIRY_WARNING_MS) expiringSoon++;
    nextExpiry = nextExpiry === undefined ? at : Math.min(nextExpiry, at);
  }
  return { expiringSoon, expired, ...(nextExpiry !== undefined ? { nextExpiry } : {}) };
}

/** The record of drafts deleted on expiry, for the popup: how many since the person last looked, and when the last went. */
export interface ExpiredDrafts {
  count: number;
  lastAt: number;
}

/** `previous` with `count` more drafts expired at `now`. */
export function addExpired(previous: ExpiredDrafts | undefined, count: number, now: number): ExpiredDrafts | undefined {
  if (count <= 0) return previous;
  return { count: (previous?.count ?? 0) + count, lastAt: now };
}
