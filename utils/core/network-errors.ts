/**
 * What a failed navigation's error says about a form submission (webNavigation.onErrorOccurred):
 *   not-sent    the request never reached the server (refused, no DNS, offline): safe to replay.
 *   maybe-sent  the connection died after the request may have left (reset, closed, empty response,
 *               timed out): the server may already have it, so a person decides before any resend.
 *   aborted     the load was cancelled (the Stop button, a newer navigation, a 204, a download). In
 *               Firefox this is also the first report of many a form submission: its first channel is
 *               aborted and restarted, and the real outcome follows as a second error for the same URL.
 *   other       not a network failure (a certificate or policy error, a blocked request): the
 *               browser's own behaviour stands.
 * Chromium reports `net::ERR_*`; Firefox reports Gecko result codes as "Error code 2152398861"
 * (the decimal nsresult); their names (NS_ERROR_CONNECTION_REFUSED) are accepted as well.
 */
export type NavigationFailure = 'not-sent' | 'maybe-sent' | 'aborted' | 'other';

/** Gecko network nsresults (0x804B0000 + code), by name. */
const GECKO = {
  NS_BINDING_ABORTED: 2152398850,
  NS_ERROR_CONNECTION_REFUSED: 2152398861,
  NS_ERROR_NET_TIMEOUT: 2152398862,
  NS_ERROR_OFFLINE: 2152398864,
  NS_ERROR_NET_RESET: 2152398868,
  NS_ERROR_UNKNOWN_HOST: 2152398878,
  NS_ERROR_UNKNOWN_PROXY_HOST: 2152398890,
  NS_ERROR_NET_INTERRUPT: 2152398919,
  NS_ERROR_PROXY_CONNECTION_REFUSED: 2152398920,
  NS_ERROR_NET_PARTIAL_TRANSFER: 2152398924,
} as const;

const NOT_SENT = new Set<string>([
  'ERR_CONNECTION_REFUSED', 'ERR_NAME_NOT_RESOLVED', 'ERR_NAME_RESOLUTION_FAILED', 'ERR_INTERNET_DISCONNECTED',
  'ERR_ADDRESS_UNREACHABLE', 'ERR_CONNECTION_TIMED_OUT', 'ERR_PROXY_CONNECTION_FAILED', 'ERR_CONNECTION_FAILED',
  'ERR_TUNNEL_CONNECTION_FAILED',
  'NS_ERROR_CONNECTION_REFUSED', 'NS_ERROR_UNKNOWN_HOST', 'NS_ERROR_OFFLINE', 'NS_ERROR_PROXY_CONNECTION_REFUSED',
  'NS_ERROR_UNKNOWN_PROXY_HOST',
]);

const MAYBE_SENT = new Set<string>([
  'ERR_CONNECTION_RESET', 'ERR_CONNECTION_CLOSED', 'ERR_CONNECTION_ABORTED', 'ERR_EMPTY_RESPONSE', 'ERR_TIMED_OUT',
  'ERR_NETWORK_CHANGED', 'ERR_NETWORK_IO_SUSPENDED', 'ERR_INCOMPLETE_CHUNKED_ENCODING',
  // Gecko's NS_ERROR_NET_TIMEOUT covers both a connect and a read timeout: the safe reading is "maybe".
  'NS_ERROR_NET_RESET', 'NS_ERROR_NET_TIMEOUT', 'NS_ERROR_NET_INTERRUPT', 'NS_ERROR_NET_PARTIAL_TRANSFER',
]);

const ABORTED = new Set<string>(['ERR_ABORTED', 'NS_BINDING_ABORTED']);

const GECKO_NAME_BY_CODE = new Map<string, string>(Object.entries(GECKO).map(([name, code]) => [String(code), name]));

/** The error's code, as a Chromium `ERR_*` or Gecko `NS_*` name ('' when unknown). */
function errorName(error: string): string {
  const named = /\b(?:NS_(?:ERROR|BINDING)_[A-Z0-9_]+|ERR_[A-Z0-9_]+)\b/.exec(error)?.[0];
  if (named) return named;
  const code = /\b(\d{10})\b/.exec(error)?.[1];
  return (code && GECKO_NAME_BY_CODE.get(code)) || '';
}

/**
 * Classifies a navigation error string such as "net::ERR_CONNECTION_REFUSED", "Error code 2152398861"
 * or "NS_ERROR_CONNECTION_REFUSED".
 */
export function classifyNavigationError(error: string): NavigationFailure {
  const name = errorName(error);
  if (NOT_SENT.has(name)) return 'not-sent';
  if (MAYBE_SENT.has(name)) return 'maybe-sent';
  if (ABORTED.has(name)) return 'aborted';
  return 'other';
}
