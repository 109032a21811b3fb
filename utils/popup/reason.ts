/**
 * The popup's words for why an item did not go through, from the locale catalogue. The core stores
 * an English `message` with every error (the in-page notice and the export use it); the popup
 * rebuilds the sentence from the structured fields (kind, status, the target host...) so that it
 * can be translated, and shows the stored English only for errors it cannot rebuild: an unknown
 * kind, or a record written before the fields it needs existed.
 */
import { describeStatus } from '../core/outcome';
import type { ItemError } from '../core/types';
import { windowSpan } from '../core/retry-policy';
import { t } from '../i18n';

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
  return code === String(error.status) && error.statusText === undefined ? undefined : code;
}

/**
 * The reason for an HTTP error status. `short` leaves out "Will try again." (the last problem of an
 * item that was given up on).
 */
function httpReason(error: ItemError, short: boolean): string | undefined {
  const status = error.status;
  const code = statusCode(error);
  if (status === undefined || code === undefined) return undefined;
  if (error.tokenRefreshed && status === 403) return t('reasonTokenRefused', code);
  if (status === 401 || status === 419) return t('reasonSessionExpired', code);
  if (status === 403) return t('reasonForbidden', code);
  if (status === 404 || status === 410) return t('reasonGone', code);
  if (status === 413) return t('reasonTooLarge', code);
  if (status === 422 || status === 400) return t('reasonRejected', code);
  if (status === 429) return short ? t('reasonBusyShort', code) : t('reasonBusy', code);
  if (status >= 500) return short ? t('reasonServerProblemShort', code) : t('reasonServerProblem', code);
  return t('reasonAnswered', code);
}

function span(windowMs: number): string {
  const { count, unit } = windowSpan(windowMs);
  if (unit === 'day') return count === 1 ? t('spanOneDay') : t('spanDays', count);
  if (unit === 'hour') return count === 1 ? t('spanOneHour') : t('spanHours', count);
  if (unit === 'minute') return count === 1 ? t('spanOneMinute') : t('spanMinutes', count);
  return t('spanSeconds', count);
}

function rebuild(error: ItemError, requestUrl: string): string | undefined {
  switch (error.kind) {
    case 'network':
      return t('reasonUnreachable');
    case 'http':
      return httpReason(error, false);
    case 'auth': {
      const host = hostOf(requestUrl);
      if (!host || error.status === undefined) return undefined;
      if (error.status < 400) return t('reasonSignedOutNoCode', host);
      const code = statusCode(error);
      return code === undefined ? undefined : t('reasonSignedOut', host, code);
    }
    case 'expired': {
      if (error.attempts === undefined || error.retryWindowMs === undefined) return undefined;
      // The last problem was an HTTP status when one is recorded, otherwise no answer at all.
      const problem = error.status === undefined ? t('reasonUnreachableShort') : httpReason(error, true);
      return problem === undefined ? undefined : t('reasonGaveUp', error.attempts, span(error.retryWindowMs), problem);
    }
    case 'form-again':
      return error.siteMessage ? t('reasonFormAgain', error.siteMessage) : t('reasonFormAgainNoText');
    case 'conflict': {
      if (error.siteMessage) return t('reasonConflictSaid', error.siteMessage);
      const code = statusCode(error);
      return code === undefined ? undefined : t('reasonConflict', code);
    }
    case 'redirected':
      return error.redirectedTo ? t('reasonRedirectedElsewhere', error.redirectedTo) : undefined;
    case 'interrupted': {
      if (error.interruption === 'restart') return t('reasonInterrupted');
      const host = hostOf(requestUrl);
      return error.interruption === 'connection' && host ? t('reasonConnectionDropped', host) : undefined;
    }
    case 'imported':
      return t('reasonImported');
    default:
      return undefined;
  }
}

/**
 * Why `error` happened, in the user's language. `requestUrl` is the item's target (its host names
 * the site in "signed out of ..."). Falls back to the stored English message.
 */
export function failureReason(error: ItemError, requestUrl: string): string {
  return rebuild(error, requestUrl) ?? error.message;
}
