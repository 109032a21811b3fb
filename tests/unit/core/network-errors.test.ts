import { describe, expect, it } from 'vitest';
import { classifyNavigationError } from '@/utils/core/network-errors';

describe('classifyNavigationError', () => {
  it.each([
    ['net::ERR_CONNECTION_REFUSED', 'not-sent'],
    ['net::ERR_NAME_NOT_RESOLVED', 'not-sent'],
    ['net::ERR_INTERNET_DISCONNECTED', 'not-sent'],
    ['net::ERR_ADDRESS_UNREACHABLE', 'not-sent'],
    ['Error code 2152398861', 'not-sent'],
    ['net::ERR_CONNECTION_RESET', 'maybe-sent'],
    ['net::ERR_EMPTY_RESPONSE', 'maybe-sent'],
    ['net::ERR_TIMED_OUT', 'maybe-sent'],
    ['net::ERR_NETWORK_CHANGED', 'maybe-sent'],
    ['Error code 2152398868', 'maybe-sent'],
    // Firefox: webNavigation's "Error code <n>" and webRequest's NS_ERROR_* names agree.
    ['NS_ERROR_CONNECTION_REFUSED', 'not-sent'],
    ['NS_ERROR_UNKNOWN_HOST', 'not-sent'],
    ['Error code 2152398878', 'not-sent'],
    ['NS_ERROR_OFFLINE', 'not-sent'],
    ['Error code 2152398864', 'not-sent'],
    ['NS_ERROR_PROXY_CONNECTION_REFUSED', 'not-sent'],
    ['NS_ERROR_NET_RESET', 'maybe-sent'],
    ['NS_ERROR_NET_TIMEOUT', 'maybe-sent'],
    ['Error code 2152398862', 'maybe-sent'],
    ['NS_ERROR_NET_INTERRUPT', 'maybe-sent'],
    ['Error code 2152398919', 'maybe-sent'],
    ['NS_ERROR_NET_PARTIAL_TRANSFER', 'maybe-sent'],
    ['NS_BINDING_ABORTED', 'other'],
    ['Error code 2152398850', 'other'],
    ['NS_ERROR_ABORT', 'other'],
    ['NS_ERROR_DOM_BAD_URI', 'other'],
    ['net::ERR_ABORTED', 'other'],
    ['net::ERR_BLOCKED_BY_CLIENT', 'other'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'other'],
    ['Error code 2147500036', 'other'],
    ['', 'other'],
  ])('%s -> %s', (error, expected) => {
    expect(classifyNavigationError(error)).toBe(expected);
  });
});
