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
    ['net::ERR_ABORTED', 'other'],
    ['net::ERR_BLOCKED_BY_CLIENT', 'other'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'other'],
    ['Error code 2147500036', 'other'],
    ['', 'other'],
  ])('%s -> %s', (error, expected) => {
    expect(classifyNavigationError(error)).toBe(expected);
  });
});
