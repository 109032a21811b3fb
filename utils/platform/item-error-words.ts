/**
 * Why an item did not go through, in words, from its error's structured fields (kind, status, the
 * target host...). Items stored by older versions may lack the fields a sentence needs but carry
 * the English sentence they were stored with (`message`): that is shown then, as it is.
 */
import { describeStatus } from '../core/outcome';
import type { ItemError } from '../core/types';
import { windowSpan } from '../core/retry-policy';
import { sayCount, type Say } from './words';

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * "422 Unprocessable Entity". Undefined for a status with no standard text and no stored one: the
 * record may predate `statusText`, so only its stored message is sure to name the status as the
 * server did.
 */
function statusCode(error: ItemError): string | undefined {
  if (error.status === undefined) return undefined;
  const code = describeStatus(error.status, error.statusText ?? '');
  return code === String(error.status) && error.statusText === undefined && error.message !== undefined ? undefined : code;
}

/**
 * The reason for an HTTP error status. `short` leaves out "Will try again." (the last problem of an
 * item that was given up on).
 */
function httpReason(error: ItemError, short: boolean, say: Say): string | undefined {
  const status = error.status;
  const code = statusCode(error);
  if (status === undefined || code === undefined) return undefined;
  if (error.tokenRefreshed && status === 403) return say('reasonTokenRefused', code);
  if (status === 401 || status === 419) return say('reasonSessionExpired', code);
  if (status === 403) return say('reasonForbidden', code);
  if (status === 404 || status === 410) return say('reasonGone', code);
  if (status === 413) return say('reasonTooLarge', code);
  if (status === 422 || status === 400) return say('reasonRejected', code);
  if (status === 429) return short ? say('reasonBusyShort', code) : say('reasonBusy', code);
  if (status >= 500) return short ? say('reasonServerProblemShort', code) : say('reasonServerProblem', code);
  return say('reasonAnswered', code);
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
      if (!host || error.status === undefined) return undefined;
      if (error.status < 400) return say('reasonSignedOutNoCode', host);
      const code = statusCode(error);
      return code === undefined ? undefined : say('reasonSignedOut', host, code);
    }
    case 'expired': {
      if (error.attempts === undefined || error.retryWindowMs === undefined) return undefined;
      // The last problem was an HTTP status when one is recorded, otherwise no answer at all.
      const problem = error.status === undefined ? say('reasonUnreachableShort') : httpReason(error, true, say);
      return problem === undefined ? undefined : sayCount(say, 'reasonGaveUp', error.attempts, spanWords(error.retryWindowMs, say), problem);
    }
    case 'form-again':
      return error.siteMessage ? say('reasonFormAgain', error.siteMessage) : say('reasonFormAgainNoText');
    case 'conflict': {
      if (error.siteMessage) return say('reasonConflictSaid', error.siteMessage);
      const code = statusCode(error);
      return code === undefined ? undefined : say('reasonConflict', code);
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
