/**
 * Why an item did not go through, in words, from its error's structured fields (kind, status, the
 * target host...). Items stored by older versions may lack the fields a sentence needs but carry
 * the English sentence they were stored with (`message`): that is shown then, as it is.
 */
import type { ItemError } from '../core/types';
import { windowSpan } from '../core/retry-policy';
import type { MessageKey } from '../i18n';
import { sayCount, type Say } from './words';

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Catalogue entries of the statuses with words of their own (any other is told by its class). */
const STATUS_WORDS: Readonly<Record<number, MessageKey>> = {
  400: 'statusBadRequest',
  401: 'statusUnauthorized',
  403: 'statusForbidden',
  404: 'statusNotFound',
  405: 'statusMethodNotAllowed',
  408: 'statusRequestTimeout',
  409: 'statusConflict',
  410: 'statusGone',
  412: 'statusPreconditionFailed',
  413: 'statusTooLarge',
  415: 'statusUnsupportedType',
  419: 'statusPageExpired',
  422: 'statusUnprocessable',
  425: 'statusTooEarly',
  429: 'statusTooManyRequests',
  500: 'statusServerError',
  501: 'statusNotImplemented',
  502: 'statusBadGateway',
  503: 'statusUnavailable',
  504: 'statusGatewayTimeout',
};

/** Which catalogue entry describes `status`: its own, else its class's. */
export function statusWordsKey(status: number): MessageKey {
  const own = STATUS_WORDS[status];
  if (own) return own;
  if (status >= 500 && status <= 599) return 'statusClassServer';
  if (status >= 400 && status <= 499) return 'statusClassClient';
  if (status >= 300 && status <= 399) return 'statusClassRedirect';
  if (status >= 200 && status <= 299) return 'statusClassSuccess';
  return 'statusClassUnknown';
}

/** Refusals the core tries again on its own (see outcome.ts): "Will try again." */
const RETRIED_REFUSALS = new Set([408, 425, 429]);

/**
 * The reason for an HTTP error status, in words: what the status means and what the person can do;
 * the number itself is in the technical detail. `short` leaves out "Will try again." (the last
 * problem of an item that was given up on).
 */
function httpReason(error: ItemError, short: boolean, say: Say): string | undefined {
  const status = error.status;
  if (status === undefined) return undefined;
  const words = say(statusWordsKey(status));
  if (error.tokenRefreshed && status === 403) return say('reasonTokenRefusedWords', words);
  if (status === 401 || status === 419) return say('reasonSessionExpiredWords', words);
  if (status === 403) return say('reasonForbiddenWords', words);
  if (status === 404 || status === 410) return say('reasonGoneWords', words);
  if (status === 422 || status === 400) return say('reasonRejectedWords', words);
  if (RETRIED_REFUSALS.has(status))
    return short ? say('reasonRefusedWords', words) : say('reasonRefusedWillRetry', words);
  if (status >= 500 && status <= 599)
    return short ? say('reasonServerWords', words) : say('reasonServerWillRetry', words);
  if (status >= 400 && status <= 499) return say('reasonRefusedWords', words);
  return say('reasonAnsweredWords', words);
}

/** "3 days", "1 hour". */
export function spanWords(windowMs: number, say: Say): string {
  const { count, unit } = windowSpan(windowMs);
  if (unit === 'day') return sayCount(say, 'spanDays', count);
  if (unit === 'hour') return sayCount(say, 'spanHours', count);
  if (unit === 'minute') return sayCount(say, 'spanMinutes', count);
  return sayCount(say, 'spanSeconds', count);
}

function rebuild(error: ItemError, requestUrl: string, say: Say): string | undefined {
  switch (error.kind) {
    case 'network':
      return say('reasonUnreachable');
    case 'http':
      return httpReason(error, false, say);
    case 'auth': {
      const host = hostOf(requestUrl);
      // "Signed out" says it all; the status is in the technical detail.
      return host && error.status !== undefined ? say('reasonSignedOutNoCode', host) : undefined;
    }
    case 'expired': {
      if (error.attempts === undefined || error.retryWindowMs === undefined) return undefined;
      // The last problem was an HTTP status when one is recorded, otherwise no answer at all.
      const problem = error.status === undefined ? say('reasonUnreachableShort') : httpReason(error, true, say);
      return problem === undefined
        ? undefined
        : sayCount(say, 'reasonGaveUp', error.attempts, spanWords(error.retryWindowMs, say), problem);
    }
    case 'form-again':
      return error.siteMessage ? say('reasonFormAgain', error.siteMessage) : say('reasonFormAgainNoText');
    case 'conflict': {
      if (error.siteMessage) return say('reasonConflictSaid', error.siteMessage);
      return error.status === undefined ? undefined : say('reasonConflictWords');
    }
    case 'redirected':
      return error.redirectedTo ? say('reasonRedirectedElsewhere', error.redirectedTo) : undefined;
    case 'interrupted': {
      if (error.interruption === 'restart') return say('reasonInterrupted');
      const host = hostOf(requestUrl);
      return error.interruption === 'connection' && host ? say('reasonConnectionDropped', host) : undefined;
    }
    case 'invalid':
      return say('reasonUnreadable');
    case 'imported':
      return say('reasonImported');
    default:
      return undefined;
  }
}

/**
 * Why `error` happened, in words. `requestUrl` is the item's target (its host names the site in
 * "signed out of ..."). An error an older version stored that cannot be rebuilt shows its stored
 * sentence; one with neither shows a general reason.
 */
export function itemErrorWords(error: ItemError, requestUrl: string, say: Say): string {
  return rebuild(error, requestUrl, say) ?? error.message ?? say('reasonUnknown');
}

/** The in-page notice's words for a settled submission (SettledNews: status, target origin, error). */
export function settledWords(news: { status: 'sent' | 'failed'; target: string; error?: ItemError }, say: Say): string {
  if (news.status === 'sent') return say('noticeSentBody', hostOf(news.target) ?? news.target);
  return news.error ? itemErrorWords(news.error, news.target, say) : say('reasonUnknown');
}
