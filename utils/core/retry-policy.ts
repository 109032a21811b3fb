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

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const IMF_FIXDATE = /^(?:mon|tue|wed|thu|fri|sat|sun), (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
const RFC850_DATE =
  /^(?:mon|tues|wednes|thurs|fri|satur|sun)day, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
const ASCTIME_DATE = /^(?:mon|tue|wed|thu|fri|sat|sun) ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

/**
 * An HTTP-date (RFC 9110 section 5.6.7: IMF-fixdate, or the obsolete RFC 850 and asctime forms, all
 * in GMT) as epoch ms; undefined for anything else. Date.parse is not used: it accepts garbage such as
 * "1.5" and reads asctime dates in the local time zone.
 */
function parseHttpDate(text: string, now: number): number | undefined {
  let parts: [day: string, month: string, year: number, hour: string, minute: string, second: string];
  let m: RegExpExecArray | null;
  if ((m = IMF_FIXDATE.exec(text))) parts = [m[1], m[2], Number(m[3]), m[4], m[5], m[6]];
  else if ((m = RFC850_DATE.exec(text))) {
    // A two-digit year more than 50 years ahead is the last such year in the past.
    const thisYear = new Date(now).getUTCFullYear();
    let year = thisYear - (thisYear % 100) + Number(m[3]);
    if (year > thisYear + 50) year -= 100;
    parts = [m[1], m[2], year, m[4], m[5], m[6]];
  } else if ((m = ASCTIME_DATE.exec(text))) parts = [m[2], m[1], Number(m[6]), m[3], m[4], m[5]];
  else return undefined;
  const [day, monthName, year, hour, minute, second] = parts;
  const month = MONTHS.indexOf(monthName.toLowerCase());
  const [d, h, min, sec] = [day, hour, minute, second].map((v) => Number(v.trim()));
  if (month < 0 || d < 1 || d > 31 || h > 23 || min > 59 || sec > 60) return undefined;
  return Date.UTC(year, month, d, h, min, sec);
}

/**
 * Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = parseHttpDate(trimmed, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

export type SpanUnit = 'day' | 'hour' | 'minute' | 'second';

/** A retry window as a count of its largest whole unit (3 days, 6 hours, 15 seconds), for messages. */
export function windowSpan(windowMs: number): { count: number; unit: SpanUnit } {
  const units: [SpanUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, ms] of units) if (windowMs >= ms) return { count: Math.round(windowMs / ms), unit };
  return { count: Math.max(1, Math.round(windowMs / 1000)), unit: 'second' };
}
