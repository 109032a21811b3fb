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

const NOT_SENT = new Set([
  'ERR_CONNECTION_REFUSED', 'ERR_NAME_NOT_RESOLVED', 'ERR_NAME_RESOLUTION_FAILED', 'ERR_INTERNET_DISCONNECTED',
  'ERR_ADDRESS_UNREACHABLE', 'ERR_CONNECTION_TIMED_OUT', 'ERR_PROXY_CONNECTION_FAILED', 'ERR_CONNECTION_FAILED',
  'ERR_TUNNEL_CONNECTION_FAILED',
  // Gecko: NS_ERROR_CONNECTION_REFUSED, NS_ERROR_UNKNOWN_HOST, NS_ERROR_OFFLINE, NS_ERROR_PROXY_CONNECTION_REFUSED
  '2152398861', '2152398878', '2152398864', '2152398920',
]);

const MAYBE_SENT = new Set([
  'ERR_CONNECTION_RESET', 'ERR_CONNECTION_CLOSED', 'ERR_CONNECTION_ABORTED', 'ERR_EMPTY_RESPONSE', 'ERR_TIMED_OUT',
  'ERR_NETWORK_CHANGED', 'ERR_NETWORK_IO_SUSPENDED', 'ERR_INCOMPLETE_CHUNKED_ENCODING',
  // Gecko: NS_ERROR_NET_RESET, NS_ERROR_NET_TIMEOUT, NS_ERROR_NET_INTERRUPT
  '2152398868', '2152398862', '2152398919',
]);

/** Classifies a navigation error string such as "net::ERR_CONNECTION_REFUSED" or "Error code 2152398861". */
export function classifyNavigationError(error: string): NavigationFailure {
  const code = /ERR_[A-Z0-9_]+/.exec(error)?.[0] ?? /\b(\d{10})\b/.exec(error)?.[1] ?? '';
  if (NOT_SENT.has(code)) return 'not-sent';
  if (MAYBE_SENT.has(code)) return 'maybe-sent';
  return 'other';
}
