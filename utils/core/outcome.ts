/**
 * Turns what happened to one send into what happens to the item: sent, retry later, or failed.
 *   2xx (after following redirects)              -> sent (final status and URL recorded)
 *   no answer (network error), 408, 425, 429, 5xx -> retry with backoff (Retry-After honored)
 *   any other status                             -> failed, with the status in plain words
 * A retryable failure past the retry window becomes failed ("gave up").
 */
import { RETRY_WINDOW_MS, nextRetryDelay, parseRetryAfter } from './retry-policy';
import type { ItemError, SendResult } from './types';

/** What the transport observed. */
export type SendObservation =
  | { kind: 'response'; status: number; statusText: string; finalUrl: string; redirected: boolean; retryAfter?: string | null }
  | { kind: 'network-error'; message: string };

export type SendOutcome =
  | { kind: 'sent'; result: SendResult }
  | { kind: 'retry'; at: number; error: ItemError }
  | { kind: 'failed'; error: ItemError };

const RETRYABLE_STATUSES = new Set([408, 425, 429]);

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  419: 'Page Expired', 422: 'Unprocessable Entity', 425: 'Too Early', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** "422 Unprocessable Entity", falling back to the server's own status text. */
export function describeStatus(status: number, statusText = ''): string {
  const text = STATUS_TEXT[status] ?? statusText.trim();
  return text ? `${status} ${text}` : String(status);
}

/** A plain-words reason a person can act on, for an HTTP error status. */
export function explainStatus(status: number, statusText = ''): string {
  const code = describeStatus(status, statusText);
  if (status === 401 || status === 419) return `Your session expired (${code}). Sign in again, then retry.`;
  if (status === 403) return `The server refused the form (${code}). Your session may have expired: sign in again, then retry.`;
  if (status === 404 || status === 410) return `The form's address no longer exists (${code}). Open the page and submit it by hand.`;
  if (status === 413) return `File too large for the server (${code}).`;
  if (status === 422 || status === 400) return `The server rejected the form (${code}). Edit the values and retry.`;
  if (status === 429) return `The server is busy (${code}). Will try again.`;
  if (status >= 500) return `The server had a problem (${code}). Will try again.`;
  return `The server answered ${code}.`;
}

/** Classifies one send. `attempts` counts this attempt; `capturedAt` starts the retry window. */
export function classifySend(
  observation: SendObservation,
  context: { now: number; attempts: number; capturedAt: number; random?: () => number; retryWindowMs?: number },
): SendOutcome {
  const { now, attempts, capturedAt } = context;
  const windowMs = context.retryWindowMs ?? RETRY_WINDOW_MS;
  if (observation.kind === 'response' && observation.status >= 200 && observation.status < 400) {
    return {
      kind: 'sent',
      result: { status: observation.status, finalUrl: observation.finalUrl, redirected: observation.redirected, sentAt: now },
    };
  }
  let error: ItemError;
  let retryAfterMs: number | undefined;
  if (observation.kind === 'network-error') {
    error = { kind: 'network', message: 'The server could not be reached. Will try again.', detail: observation.message, at: now };
  } else {
    const { status, statusText } = observation;
    error = { kind: 'http', status, message: explainStatus(status, statusText), detail: `HTTP ${describeStatus(status, statusText)} from ${observation.finalUrl}`, at: now };
    if (!(RETRYABLE_STATUSES.has(status) || status >= 500)) return { kind: 'failed', error };
    retryAfterMs = parseRetryAfter(observation.retryAfter, now);
  }
  if (now - capturedAt >= windowMs) {
    const days = Math.round(windowMs / 86_400_000);
    const span = days >= 1 ? `${days} day${days === 1 ? '' : 's'}` : `${Math.round(windowMs / 60_000)} minutes`;
    return {
      kind: 'failed',
      error: { ...error, kind: 'expired', message: `Gave up after ${attempts} attempts over ${span}. Last problem: ${error.message.replace(/ Will try again\.$/, '')}` },
    };
  }
  return { kind: 'retry', at: now + nextRetryDelay(attempts, context.random, retryAfterMs), error };
}
