/**
 * The popup's words for why an item did not go through, from the locale catalogue. The core stores
 * an English `message` with every error (the in-page notice and the export use it); the popup
 * rebuilds the sentence from the structured fields (kind, status, the target host...) so that it
 * can be translated, and shows the stored English only for errors it cannot rebuild: an unknown
 * kind, or a record written before the fields it needs existed. HTTP statuses are told in words
 * ("too many requests"); their numbers go to the technical detail (technicalDetail).
 */
import type { ItemError } from '../core/types';
import { windowSpan } from '../core/retry-policy';
import { t } from '../i18n';
import { statusLine, statusWords } from './http-status';

/** Refusals the core tries again on its own (see outcome.ts): "Will try again." */
const RETRIED_REFUSALS = new Set([408, 425, 429]);

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * The reason for an HTTP error status, in words: what the status means (http-status.ts) and what the
 * person can do; the number itself is in the technical detail. `short` leaves out "Will try again."
 * (the last problem of an item that was given up on).
 */
function httpReason(error: ItemError, short: boolean): string | undefined {
  const status = error.status;
  if (status === undefined) return undefined;
  const words = statusWords(status);
  if (error.tokenRefreshed && status === 403) return t('reasonTokenRefusedWords', words);
  if (status === 401 || status === 419) return t('reasonSessionExpiredWords', words);
  if (status === 403) return t('reasonForbiddenWords', words);
  if (status === 404 || status === 410) return t('reasonGoneWords', words);
  if (status === 422 || status === 400) return t('reasonRejectedWords', words);
  if (RETRIED_REFUSALS.has(status)) return short ? t('reasonRefusedWords', words) : t('reasonRefusedWillRetry', words);
  if (status >= 500 && status <= 599) return short ? t('reasonServerWords', words) : t('reasonServerWillRetry', words);
  if (status >= 400 && status <= 499) return t('reasonRefusedWords', words);
  return t('reasonAnsweredWords', words);
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
      // "Signed out" says it all; the status is in the technical detail.
      return host && error.status !== undefined ? t('reasonSignedOutNoCode', host) : undefined;
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
      return error.status === undefined ? undefined : t('reasonConflictWords');
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

/**
 * The technical detail of `error`: the stored detail (the status line, the address, the network
 * error), with the status line put first when the detail does not already name it (records written
 * before details carried it). Undefined when there is nothing technical to show.
 */
export function technicalDetail(error: ItemError): string | undefined {
  const detail = error.detail?.trim() || undefined;
  if (error.status === undefined) return detail;
  const line = statusLine(error.status, error.statusText);
  if (detail?.includes(`HTTP ${error.status}`)) return detail;
  return detail ? `${line}\n${detail}` : line;
}
