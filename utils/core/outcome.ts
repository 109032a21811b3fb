/**
 * Turns what happened to one send into what happens to the item: sent, retry later, or failed.
 *   signed out: 401, 419, or redirected to a sign-in page (its address, or a page that is plainly a
 *     sign-in form)                              -> failed, kind 'auth' ("sign in again, then retry")
 *   a 307/308 to another site (not followed)     -> failed, kind 'redirected' (the form was not received)
 *   409, 412, or the same form shown again (reply-page.ts) -> failed, kind 'conflict' or 'form-again'
 *     (a person edits and retries; never retried on its own)
 *   2xx (after following redirects), or a redirect to another site (where it pointed is recorded)
 *                                                -> sent (final status and URL recorded)
 *   no answer (network error), 408, 425, 429, 5xx -> retry with backoff (Retry-After honored)
 *   any other status                             -> failed, with the status in plain words
 * A retryable failure past the retry window becomes failed ("gave up").
 */
import type { RedirectStop } from './redirects';
import type { ReplyReading } from './reply-page';
import { RETRY_WINDOW_MS, nextRetryDelay, parseRetryAfter } from './retry-policy';
import { signInFormOf } from './sign-in-page';
import { looksSignedOut } from './token-refresh';
import type { ItemError, SendResult } from './types';

/** What the transport observed. */
export type SendObservation =
  | {
      kind: 'response';
      status: number;
      statusText: string;
      /** Where the answer came from; for a redirect that was not followed, where it pointed. */
      finalUrl: string;
      /** At least one redirect was followed, or the answer is a redirect that was not. */
      redirected: boolean;
      retryAfter?: string | null;
      /** The answer is a redirect the replay did not follow (see redirects.ts), and why. */
      unfollowed?: { reason: RedirectStop | 'unseen' | 'hop-failed'; location?: string };
      /** The start of the answer's body, when it is text (see http-sender.ts MAX_REPLY_BYTES). */
      body?: string;
      contentType?: string;
    }
  | { kind: 'network-error'; message: string };

type ResponseObservation = Extract<SendObservation, { kind: 'response' }>;

export type SendOutcome =
  | { kind: 'sent'; result: SendResult }
  | { kind: 'retry'; at: number; error: ItemError }
  | { kind: 'failed'; error: ItemError };

const RETRYABLE_STATUSES = new Set([408, 425, 429]);

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  419: 'Page Expired',
  422: 'Unprocessable Entity',
  425: 'Too Early',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** "422 Unprocessable Entity", falling back to the server's own status text. */
export function describeStatus(status: number, statusText = ''): string {
  const text = STATUS_TEXT[status] ?? statusText.trim();
  return text ? `${status} ${text}` : String(status);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The error of a send refused because the user is no longer signed in. */
export function signedOutError(observation: ResponseObservation, requestUrl: string, now: number): ItemError {
  return {
    kind: 'auth',
    status: observation.status,
    ...(observation.statusText ? { statusText: observation.statusText } : {}),
    detail: observation.redirected
      ? `Redirected to ${observation.finalUrl} (HTTP ${describeStatus(observation.status, observation.statusText)})`
      : `HTTP ${describeStatus(observation.status, observation.statusText)} from ${observation.finalUrl}`,
    at: now,
  };
}

/**
 * The error of a form the site asked to send elsewhere (307/308 to another site): the extension does
 * not send it there with the user's authority, and the site itself did not take it.
 */
export function redirectedElsewhereError(observation: ResponseObservation, now: number): ItemError {
  const to = hostOf(observation.finalUrl);
  return {
    kind: 'redirected',
    redirectedTo: to,
    status: observation.status,
    ...(observation.statusText ? { statusText: observation.statusText } : {}),
    detail: `HTTP ${describeStatus(observation.status, observation.statusText)}, redirected to ${observation.finalUrl}`,
    at: now,
  };
}

/** What the replay learned besides the answer itself. */
export interface ClassifyContext {
  now: number;
  /** Counts this attempt. */
  attempts: number;
  /** Starts the retry window. */
  capturedAt: number;
  random?: () => number;
  retryWindowMs?: number;
  /** The item's URL: a redirect to a sign-in page counts as signed out unless the item itself went to one. */
  requestUrl?: string;
  /** The answer came after the form's hidden token fields were refreshed (so a stale token is ruled out). */
  tokenRefreshed?: boolean;
  /** Re-reading the form's page showed the user signed out (redirect to a sign-in page, 401). */
  signedOut?: boolean;
  /** The names of the item's fields: a reply showing a sign-in form is the item's own form when it has its password field. */
  entryNames?: readonly string[];
  /** What the reply page shows (reply-page.ts readReply), for a POST answered with a page. */
  reading?: ReplyReading;
}

const CONFLICT_STATUSES = new Set([409, 412]);

/** The error of a form the site showed again, or of a conflict it reported (not retried on its own). */
export function formAgainError(
  observation: ResponseObservation,
  reading: NonNullable<ReplyReading['formAgain']> | undefined,
  now: number,
): ItemError {
  const code = describeStatus(observation.status, observation.statusText);
  const conflict = CONFLICT_STATUSES.has(observation.status) || !!reading?.conflict;
  return {
    kind: conflict ? 'conflict' : 'form-again',
    status: observation.status,
    ...(observation.statusText ? { statusText: observation.statusText } : {}),
    ...(reading?.siteMessage ? { siteMessage: reading.siteMessage } : {}),
    detail: `HTTP ${code} from ${observation.finalUrl}`,
    at: now,
  };
}

/**
 * True when an answer reached through redirects is a page that is plainly a sign-in form (and the
 * item was not itself a submission of that form): the session ended, whatever the page's address says.
 */
function redirectedToSignInForm(observation: ResponseObservation, context: ClassifyContext): boolean {
  if (!observation.redirected || observation.unfollowed || !observation.body) return false;
  const form = signInFormOf(observation.body, observation.finalUrl);
  if (!form) return false;
  const own = new Set(context.entryNames ?? []);
  return !form.fields.some((field) => field.type === 'password' && field.name && own.has(field.name));
}

/** Classifies one send. */
export function classifySend(observation: SendObservation, context: ClassifyContext): SendOutcome {
  const { now, attempts, capturedAt } = context;
  const windowMs = context.retryWindowMs ?? RETRY_WINDOW_MS;
  const requestUrl = context.requestUrl ?? (observation.kind === 'response' ? observation.finalUrl : '');
  if (
    observation.kind === 'response' &&
    observation.status < 500 &&
    (context.signedOut ||
      looksSignedOut(observation, requestUrl) ||
      redirectedToSignInForm(observation, context) ||
      context.reading?.signIn)
  ) {
    return { kind: 'failed', error: signedOutError(observation, requestUrl, now) };
  }
  if (
    observation.kind === 'response' &&
    observation.unfollowed?.reason === 'other-site' &&
    (observation.status === 307 || observation.status === 308)
  ) {
    return { kind: 'failed', error: redirectedElsewhereError(observation, now) };
  }
  if (
    observation.kind === 'response' &&
    (CONFLICT_STATUSES.has(observation.status) || (observation.status < 500 && context.reading?.formAgain))
  ) {
    return { kind: 'failed', error: formAgainError(observation, context.reading?.formAgain, now) };
  }
  if (observation.kind === 'response' && observation.status >= 200 && observation.status < 400) {
    return {
      kind: 'sent',
      result: {
        status: observation.status,
        finalUrl: observation.finalUrl,
        redirected: observation.redirected,
        ...(observation.unfollowed ? { notFollowed: true } : {}),
        sentAt: now,
      },
    };
  }
  let error: ItemError;
  let retryAfterMs: number | undefined;
  if (observation.kind === 'network-error') {
    error = { kind: 'network', detail: observation.message, at: now };
  } else {
    const { status, statusText } = observation;
    error = {
      kind: 'http',
      status,
      ...(statusText ? { statusText } : {}),
      ...(context.tokenRefreshed ? { tokenRefreshed: true } : {}),
      detail: `HTTP ${describeStatus(status, statusText)} from ${observation.finalUrl}${context.tokenRefreshed ? " (after refreshing the form's token)" : ''}`,
      at: now,
    };
    if (!(RETRYABLE_STATUSES.has(status) || status >= 500)) return { kind: 'failed', error };
    retryAfterMs = parseRetryAfter(observation.retryAfter, now);
  }
  if (now - capturedAt >= windowMs) {
    return { kind: 'failed', error: { ...error, kind: 'expired', attempts, retryWindowMs: windowMs } };
  }
  return { kind: 'retry', at: now + nextRetryDelay(attempts, context.random, retryAfterMs), error };
}

/**
 * The error of a send cut off after the request may have left: the worker stopped mid-send (found
 * at start-up), or, with `dropped`, the page's own navigation lost its connection after the form
 * was sent to `dropped.host` (`detail`: the browser's network error).
 */
export function interruptedError(now: number, dropped?: { host: string; detail?: string }): ItemError {
  if (!dropped) {
    return {
      kind: 'interrupted',
      interruption: 'restart',
      at: now,
    };
  }
  return {
    kind: 'interrupted',
    interruption: 'connection',
    ...(dropped.detail !== undefined ? { detail: dropped.detail } : {}),
    at: now,
  };
}
