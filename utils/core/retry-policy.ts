/**
 * When to try again. Exponential backoff with jitter, capped, and honoring Retry-After:
 *   attempt 1 fails -> ~5 s, then ~10 s, 20 s, 40 s ... up to 30 min between attempts.
 * With the cap, a server that keeps failing sees at most a handful of requests per hour per item.
 * Items that keep failing for RETRY_WINDOW_MS after capture end as failed ("gave up").
 */

export const BASE_DELAY_MS = 5_000;
export const MAX_DELAY_MS = 30 * 60_000;
/** How long a retryable failure is retried before the item is failed for good. */
export const RETRY_WINDOW_MS = 3 * 24 * 60 * 60_000;

/**
 * Delay before the next attempt, after `attempts` attempts have failed (attempts >= 1).
 * Jitter keeps 50-100% of the exponential step so that many items do not retry in lockstep.
 * `retryAfterMs`, when the server gave one, is respected (still capped).
 */
export function nextRetryDelay(attempts: number, random: () => number = Math.random, retryAfterMs?: number): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 20);
  const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** exponent);
  const jittered = step / 2 + (step / 2) * random();
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(MAX_DELAY_MS, Math.max(retryAfterMs, 1_000));
  return Math.round(jittered);
}

/**
 * Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
