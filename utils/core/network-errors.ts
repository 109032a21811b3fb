/**
 * What a failed navigation's error says about a form submission (webNavigation.onErrorOccurred):
 *   not-sent    the request never reached the server (refused, no DNS, offline): safe to replay.
 *   maybe-sent  the connection died after the request may have left (reset, closed, empty response,
 *               timed out): the server may already have it, so a person decides before any resend.
 *   other       not a network failure (the user stopped the load, the page navigated elsewhere,
 *               a certificate or policy error): the browser's own behaviour stands.
 * Chromium reports `net::ERR_*`; Firefox reports Gecko result codes ("Error code 2152398861").
 */
export type NavigationFailure = 'not-sent' | 'maybe-sent' | 'other';

// Gecko result codes are 0x804B0000 (NS_ERROR_MODULE_NETWORK) + n. Firefox's webNavigation reports
// them as "Error code <decimal>"; its webRequest.onErrorOccurred reports their names (NS_ERROR_*).
const GECKO_NETWORK_BASE = 0x804b0000;
const GECKO_NAMES: Record<string, number> = {
  NS_ERROR_CONNECTION_REFUSED: 13,
  NS_ERROR_NET_TIMEOUT: 14,
  NS_ERROR_OFFLINE: 16,
  NS_ERROR_NET_RESET: 20,
  NS_ERROR_UNKNOWN_HOST: 30,
  NS_ERROR_UNKNOWN_PROXY_HOST: 42,
  NS_ERROR_NET_INTERRUPT: 71,
  NS_ERROR_PROXY_CONNECTION_REFUSED: 72,
  NS_ERROR_NET_PARTIAL_TRANSFER: 76,
};
const gecko = (name: keyof typeof GECKO_NAMES | string): string => String(GECKO_NETWORK_BASE + GECKO_NAMES[name]);

const NOT_SENT = new Set([
  'ERR_CONNECTION_REFUSED',
  'ERR_NAME_NOT_RESOLVED',
  'ERR_NAME_RESOLUTION_FAILED',
  'ERR_INTERNET_DISCONNECTED',
  'ERR_ADDRESS_UNREACHABLE',
  'ERR_CONNECTION_TIMED_OUT',
  'ERR_PROXY_CONNECTION_FAILED',
  'ERR_CONNECTION_FAILED',
  'ERR_TUNNEL_CONNECTION_FAILED',
  ...[
    'NS_ERROR_CONNECTION_REFUSED',
    'NS_ERROR_UNKNOWN_HOST',
    'NS_ERROR_OFFLINE',
    'NS_ERROR_PROXY_CONNECTION_REFUSED',
    'NS_ERROR_UNKNOWN_PROXY_HOST',
  ].map(gecko),
]);

const MAYBE_SENT = new Set([
  'ERR_CONNECTION_RESET',
  'ERR_CONNECTION_CLOSED',
  'ERR_CONNECTION_ABORTED',
  'ERR_EMPTY_RESPONSE',
  'ERR_TIMED_OUT',
  'ERR_NETWORK_CHANGED',
  'ERR_NETWORK_IO_SUSPENDED',
  'ERR_INCOMPLETE_CHUNKED_ENCODING',
  ...['NS_ERROR_NET_RESET', 'NS_ERROR_NET_TIMEOUT', 'NS_ERROR_NET_INTERRUPT', 'NS_ERROR_NET_PARTIAL_TRANSFER'].map(
    gecko,
  ),
]);

/**
 * Classifies a navigation error string: Chromium's "net::ERR_CONNECTION_REFUSED", Firefox's
 * webNavigation "Error code 2152398861" or its webRequest "NS_ERROR_CONNECTION_REFUSED".
 */
export function classifyNavigationError(error: string): NavigationFailure {
  const name = /NS_ERROR_[A-Z0-9_]+/.exec(error)?.[0];
  const code =
    name !== undefined
      ? name in GECKO_NAMES
        ? gecko(name)
        : name
      : (/ERR_[A-Z0-9_]+/.exec(error)?.[0] ?? /\b(\d{10})\b/.exec(error)?.[1] ?? '');
  if (NOT_SENT.has(code)) return 'not-sent';
  if (MAYBE_SENT.has(code)) return 'maybe-sent';
  return 'other';
}
