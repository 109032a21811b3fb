/**
 * HTTP statuses in words, for the popup: "too many requests (the site asked to wait)" rather than
 * "429". The number is for the technical detail (statusLine). Common 4xx and 5xx statuses have their
 * own words; any other is described by its class, so a status no table knows still reads as words.
 */
import { describeStatus } from '../core/outcome';
import { t, type MessageKey } from '../i18n';

/** The catalogue entries of the statuses with words of their own. */
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
