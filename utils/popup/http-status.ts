/**
 * HTTP statuses in words, for the popup: "too many requests (the site asked to wait)" rather than
 * "429". The number is for the technical detail (statusLine). Common 4xx and 5xx statuses have their
 * own words; any other is described by its class, so a status no table knows still reads as words.
 */
import { describeStatus } from '../core/outcome';
import { t } from '../i18n';
import { statusWordsKey } from '../platform/item-error-words';

export { statusWordsKey };

/** `status` in words, lower case to sit inside a sentence: "not found", "server error". */
export function statusWords(status: number): string {
  return t(statusWordsKey(status));
}

/** The same, as a sentence start ("Not found"), for where the words stand alone. */
export function statusWordsAlone(status: number): string {
  const words = statusWords(status);
  return words.charAt(0).toLocaleUpperCase() + words.slice(1);
}

/** "HTTP 503 Service Unavailable" (the server's own status text for a status without a standard one): for the technical detail. */
export function statusLine(status: number, statusText?: string): string {
  return `HTTP ${describeStatus(status, statusText ?? '')}`;
}
