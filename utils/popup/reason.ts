/**
 * The popup's words for why an item did not go through (utils/platform/item-error-words.ts with the
 * pages' catalogue), and its technical detail, where HTTP status numbers go.
 */
import type { ItemError } from '../core/types';
import { t } from '../i18n';
import { itemErrorWords } from '../platform/item-error-words';
import { statusLine } from './http-status';

/** Why `error` happened, in the user's language; `requestUrl` is the item's target. */
export function failureReason(error: ItemError, requestUrl: string): string {
  return itemErrorWords(error, requestUrl, t);
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
