import { describe, expect, it } from 'vitest';
import { classifySend, describeStatus, explainStatus, type SendObservation } from '@/utils/core/outcome';
import { RETRY_WINDOW_MS } from '@/utils/core/retry-policy';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const URL_ = 'https://shop.example/orders';
const ctx = { now: NOW, attempts: 1, capturedAt: NOW - 60_000, random: () => 1 };

function response(status: number, extra: Partial<Extract<SendObservation, { kind: 'response' }>> = {}): SendObservation {
  return { kind: 'response', status, statusText: '', finalUrl: URL_, redirected: false, ...extra };
}

describe('classifySend: sent', () => {
  it.each([200, 201, 204])('%i is sent, with the final status and URL recorded', (status) => {
    expect(classifySend(response(status), ctx)).toEqual({
      kind: 'sent',
      result: { status, finalUrl: URL_, redirected: false, sentAt: NOW },
    });
  });

  it('a followed 303 (200 at the redirect target) is sent, with the target recorded', () => {
    expect(classifySend(response(200, { finalUrl: 'https://shop.example/thanks?order=7', redirected: true }), ctx)).toEqual({
      kind: 'sent',
      result: { status: 200, finalUrl: 'https://shop.example/thanks?order=7', redirected: true, sentAt: NOW },
    });
  });
});

describe('classifySend: retry', () => {
  it('a network error retries after the backoff, in plain words', () => {
    expect(classifySend({ kind: 'network-error', message: 'Failed to fetch' }, ctx)).toEqual({
      kind: 'retry',
      at: NOW + 5_000,
      error: { kind: 'network', message: 'The server could not be reached. Will try again.', detail: 'Failed to fetch', at: NOW },
    });
  });

  it('the backoff grows with the attempt count', () => {
    const outcome = classifySend({ kind: 'network-error', message: 'x' }, { ...ctx, attempts: 4 });
    expect(outcome.kind === 'retry' && outcome.at).toBe(NOW + 40_000);
  });

  it.each([
    [408, 'The server answered 408 Request Timeout.'],
    [425, 'The server answered 425 Too Early.'],
    [429, 'The server is busy (429 Too Many Requests). Will try again.'],
    [500, 'The server had a problem (500 Internal Server Error). Will try again.'],
    [502, 'The server had a problem (502 Bad Gateway). Will try again.'],
    [503, 'The server had a problem (503 Service Unavailable). Will try again.'],
    [504, 'The server had a problem (504 Gateway Timeout). Will try again.'],
  ])('%i retries after the backoff', (status, message) => {
    expect(classifySend(response(status), ctx)).toEqual({
      kind: 'retry',
      at: NOW + 5_000,
      error: { kind: 'http', status, message, detail: `HTTP ${describeStatus(status)} from ${URL_}`, at: NOW },
    });
  });

  it.each([429, 503, 408])('%i honors Retry-After in seconds', (status) => {
    const outcome = classifySend(response(status, { retryAfter: '120' }), ctx);
    expect(outcome.kind).toBe('retry');
    expect(outcome.kind === 'retry' && outcome.at).toBe(NOW + 120_000);
  });

  it('honors Retry-After as an HTTP date', () => {
    const outcome = classifySend(response(503, { retryAfter: 'Wed, 15 Jan 2025 12:05:00 GMT' }), ctx);
    expect(outcome.kind === 'retry' && outcome.at).toBe(NOW + 300_000);
  });

  it('falls back to the backoff when Retry-After is garbage or null', () => {
    expect(classifySend(response(503, { retryAfter: 'whenever' }), ctx)).toMatchObject({ kind: 'retry', at: NOW + 5_000 });
    expect(classifySend(response(503, { retryAfter: null }), ctx)).toMatchObject({ kind: 'retry', at: NOW + 5_000 });
  });

  it('caps a long Retry-After at 30 minutes', () => {
    expect(classifySend(response(429, { retryAfter: '86400' }), ctx)).toMatchObject({ kind: 'retry', at: NOW + 1_800_000 });
  });

  it('ignores Retry-After on a status that is not retried', () => {
    expect(classifySend(response(422, { retryAfter: '1' }), ctx).kind).toBe('failed');
  });
});

describe('classifySend: failed', () => {
  it.each([
    [400, 'The server rejected the form (400 Bad Request). Edit the values and retry.'],
    [401, 'Your session expired (401 Unauthorized). Sign in again, then retry.'],
    [403, 'The server refused the form (403 Forbidden). Your session may have expired: sign in again, then retry.'],
    [404, "The form's address no longer exists (404 Not Found). Open the page and submit it by hand."],
    [405, 'The server answered 405 Method Not Allowed.'],
    [410, "The form's address no longer exists (410 Gone). Open the page and submit it by hand."],
    [413, 'File too large for the server (413 Content Too Large).'],
    [419, 'Your session expired (419 Page Expired). Sign in again, then retry.'],
    [422, 'The server rejected the form (422 Unprocessable Entity). Edit the values and retry.'],
  ])('%i fails at once with a plain-words reason', (status, message) => {
    expect(classifySend(response(status), ctx)).toEqual({
      kind: 'failed',
      error: { kind: 'http', status, message, detail: `HTTP ${describeStatus(status)} from ${URL_}`, at: NOW },
    });
  });

  it('uses the server\'s status text for statuses it has no words for', () => {
    expect(classifySend(response(418, { statusText: "I'm a teapot" }), ctx)).toEqual({
      kind: 'failed',
      error: { kind: 'http', status: 418, message: "The server answered 418 I'm a teapot.", detail: `HTTP 418 I'm a teapot from ${URL_}`, at: NOW },
    });
  });

  it('a 4xx fails even when the retry window is over (not "expired")', () => {
    const outcome = classifySend(response(404), { ...ctx, capturedAt: NOW - RETRY_WINDOW_MS - 1 });
    expect(outcome.kind === 'failed' && outcome.error.kind).toBe('http');
  });
});

describe('classifySend: retry window', () => {
  it('still retries just before the window ends', () => {
    expect(classifySend(response(503), { ...ctx, capturedAt: NOW - RETRY_WINDOW_MS + 1 }).kind).toBe('retry');
  });

  it('a 5xx at the end of the window gives up, saying how often and for how long it tried', () => {
    expect(classifySend(response(503), { ...ctx, attempts: 57, capturedAt: NOW - RETRY_WINDOW_MS })).toEqual({
      kind: 'failed',
      error: {
        kind: 'expired',
        status: 503,
        message: 'Gave up after 57 attempts over 3 days. Last problem: The server had a problem (503 Service Unavailable).',
        detail: `HTTP 503 Service Unavailable from ${URL_}`,
        at: NOW,
      },
    });
  });

  it('a network error at the end of the window gives up', () => {
    expect(classifySend({ kind: 'network-error', message: 'net::ERR_NAME_NOT_RESOLVED' }, { ...ctx, attempts: 3, capturedAt: NOW - RETRY_WINDOW_MS - 5 })).toEqual({
      kind: 'failed',
      error: {
        kind: 'expired',
        message: 'Gave up after 3 attempts over 3 days. Last problem: The server could not be reached.',
        detail: 'net::ERR_NAME_NOT_RESOLVED',
        at: NOW,
      },
    });
  });

  it('describes a custom window in days or minutes', () => {
    const oneDay = classifySend(response(500), { ...ctx, attempts: 2, capturedAt: NOW - 86_400_000, retryWindowMs: 86_400_000 });
    expect(oneDay.kind === 'failed' && oneDay.error.message).toBe('Gave up after 2 attempts over 1 day. Last problem: The server had a problem (500 Internal Server Error).');
    const short = classifySend(response(429), { ...ctx, attempts: 5, capturedAt: NOW - 30 * 60_000, retryWindowMs: 30 * 60_000 });
    expect(short.kind === 'failed' && short.error.message).toBe('Gave up after 5 attempts over 30 minutes. Last problem: The server is busy (429 Too Many Requests).');
  });
});

describe('describeStatus / explainStatus', () => {
  it('uses the standard reason phrase over the server\'s', () => {
    expect(describeStatus(422, 'Whatever')).toBe('422 Unprocessable Entity');
    expect(describeStatus(413)).toBe('413 Content Too Large');
  });

  it('falls back to the trimmed status text, then to the bare number', () => {
    expect(describeStatus(599, '  Network Connect Timeout ')).toBe('599 Network Connect Timeout');
    expect(describeStatus(599, '   ')).toBe('599');
    expect(describeStatus(299)).toBe('299');
  });

  it('explains any 5xx as a server problem', () => {
    expect(explainStatus(507, 'Insufficient Storage')).toBe('The server had a problem (507 Insufficient Storage). Will try again.');
  });
});
