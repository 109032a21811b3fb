import { describe, expect, it } from 'vitest';
import {
  classifySend as classify,
  describeStatus,
  type ClassifyContext,
  type SendObservation,
  type SendOutcome,
} from '@/utils/core/outcome';
import { RETRY_WINDOW_MS } from '@/utils/core/retry-policy';
import { failureReason } from '@/utils/popup/reason';

/**
 * The core stores reasons as codes (kind, status...), never sentences; these tests check the words a
 * person reads, so each outcome's error gets them here, from the catalogue (English).
 */
function classifySend(observation: SendObservation, context: ClassifyContext): SendOutcome {
  const outcome = classify(observation, context);
  if (outcome.kind === 'sent') return outcome;
  expect(outcome.error.message).toBeUndefined();
  const requestUrl = context.requestUrl ?? (observation.kind === 'response' ? observation.finalUrl : '');
  return { ...outcome, error: { ...outcome.error, message: failureReason(outcome.error, requestUrl) } };
}

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const URL_ = 'https://shop.example/orders';
const ctx = { now: NOW, attempts: 1, capturedAt: NOW - 60_000, random: () => 1 };

function response(
  status: number,
  extra: Partial<Extract<SendObservation, { kind: 'response' }>> = {},
): SendObservation {
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
    expect(
      classifySend(response(200, { finalUrl: 'https://shop.example/thanks?order=7', redirected: true }), ctx),
    ).toEqual({
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
      error: {
        kind: 'network',
        message: 'The server could not be reached. Will try again.',
        detail: 'Failed to fetch',
        at: NOW,
      },
    });
  });

  it('the backoff grows with the attempt count', () => {
    const outcome = classifySend({ kind: 'network-error', message: 'x' }, { ...ctx, attempts: 4 });
    expect(outcome.kind === 'retry' && outcome.at).toBe(NOW + 40_000);
  });

  it.each([
    [408, 'The site refused it: the site waited too long for it. Will try again.'],
    [425, 'The site refused it: too early (the site asked to wait). Will try again.'],
    [429, 'The site refused it: too many requests (the site asked to wait). Will try again.'],
    [500, 'The site had a problem: server error. Will try again.'],
    [502, 'The site had a problem: bad gateway (a server on the way got no good answer). Will try again.'],
    [503, 'The site had a problem: service unavailable (the site is down or overloaded). Will try again.'],
    [504, 'The site had a problem: gateway timeout (a server on the way gave up waiting). Will try again.'],
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
    expect(classifySend(response(503, { retryAfter: 'whenever' }), ctx)).toMatchObject({
      kind: 'retry',
      at: NOW + 5_000,
    });
    expect(classifySend(response(503, { retryAfter: null }), ctx)).toMatchObject({ kind: 'retry', at: NOW + 5_000 });
  });

  it('caps a long Retry-After at 30 minutes', () => {
    expect(classifySend(response(429, { retryAfter: '86400' }), ctx)).toMatchObject({
      kind: 'retry',
      at: NOW + 1_800_000,
    });
  });

  it('ignores Retry-After on a status that is not retried', () => {
    expect(classifySend(response(422, { retryAfter: '1' }), ctx).kind).toBe('failed');
  });
});

describe('classifySend: failed', () => {
  it.each([
    [400, 'The site refused it: bad request (the site could not read what was sent). Edit the values and retry.'],
    [403, 'The site refused it: forbidden. Your session may have expired: sign in again, then retry.'],
    [
      404,
      'The site refused it: not found. The form\u2019s address no longer exists: open the page and submit it by hand.',
    ],
    [405, 'The site refused it: the site does not take forms sent this way.'],
    [
      410,
      'The site refused it: gone (removed for good). The form\u2019s address no longer exists: open the page and submit it by hand.',
    ],
    [413, 'The site refused it: too large for the site.'],
    [422, 'The site refused it: the site could not accept these values. Edit the values and retry.'],
  ])('%i fails at once with a plain-words reason', (status, message) => {
    expect(classifySend(response(status), ctx)).toEqual({
      kind: 'failed',
      error: { kind: 'http', status, message, detail: `HTTP ${describeStatus(status)} from ${URL_}`, at: NOW },
    });
  });

  it("uses the server's status text for statuses it has no words for", () => {
    expect(classifySend(response(418, { statusText: "I'm a teapot" }), ctx)).toEqual({
      kind: 'failed',
      error: {
        kind: 'http',
        status: 418,
        statusText: "I'm a teapot",
        message: 'The site refused it: a request error.',
        detail: `HTTP 418 I'm a teapot from ${URL_}`,
        at: NOW,
      },
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
        attempts: 57,
        retryWindowMs: RETRY_WINDOW_MS,
        message:
          'Gave up after 57 attempts over 3 days. Last problem: The site had a problem: service unavailable (the site is down or overloaded).',
        detail: `HTTP 503 Service Unavailable from ${URL_}`,
        at: NOW,
      },
    });
  });

  it('a network error at the end of the window gives up', () => {
    expect(
      classifySend(
        { kind: 'network-error', message: 'net::ERR_NAME_NOT_RESOLVED' },
        { ...ctx, attempts: 3, capturedAt: NOW - RETRY_WINDOW_MS - 5 },
      ),
    ).toEqual({
      kind: 'failed',
      error: {
        kind: 'expired',
        attempts: 3,
        retryWindowMs: RETRY_WINDOW_MS,
        message: 'Gave up after 3 attempts over 3 days. Last problem: The server could not be reached.',
        detail: 'net::ERR_NAME_NOT_RESOLVED',
        at: NOW,
      },
    });
  });

  it('describes a custom window in days or minutes', () => {
    const oneDay = classifySend(response(500), {
      ...ctx,
      attempts: 2,
      capturedAt: NOW - 86_400_000,
      retryWindowMs: 86_400_000,
    });
    expect(oneDay.kind === 'failed' && oneDay.error.message).toBe(
      'Gave up after 2 attempts over 1 day. Last problem: The site had a problem: server error.',
    );
    const short = classifySend(response(429), {
      ...ctx,
      attempts: 5,
      capturedAt: NOW - 30 * 60_000,
      retryWindowMs: 30 * 60_000,
    });
    expect(short.kind === 'failed' && short.error.message).toBe(
      'Gave up after 5 attempts over 30 minutes. Last problem: The site refused it: too many requests (the site asked to wait).',
    );
  });
});

describe('describeStatus', () => {
  it("uses the standard reason phrase over the server's", () => {
    expect(describeStatus(422, 'Whatever')).toBe('422 Unprocessable Entity');
    expect(describeStatus(413)).toBe('413 Content Too Large');
  });

  it('falls back to the trimmed status text, then to the bare number', () => {
    expect(describeStatus(599, '  Network Connect Timeout ')).toBe('599 Network Connect Timeout');
    expect(describeStatus(599, '   ')).toBe('599');
    expect(describeStatus(299)).toBe('299');
  });

  it('explains any 5xx as a server problem', () => {
    const outcome = classifySend(response(507, { statusText: 'Insufficient Storage' }), ctx);
    expect(outcome.kind !== 'sent' && outcome.error.message).toBe(
      'The site had a problem: a server error. Will try again.',
    );
  });
});

describe('classifySend: signed out', () => {
  const NOTES = 'https://shop.example/notes';
  it.each([401, 419])('%i fails as "auth" with what to do', (status) => {
    const outcome = classifySend(response(status), { ...ctx, requestUrl: URL_ });
    expect(outcome).toEqual({
      kind: 'failed',
      error: {
        kind: 'auth',
        status,
        at: NOW,
        message: 'You are signed out of shop.example. Sign in again on that site, then retry.',
        detail: `HTTP ${describeStatus(status)} from ${URL_}`,
      },
    });
  });

  it('a redirect that ends on a sign-in page is signed out, not sent, even with a 200', () => {
    const outcome = classifySend(
      response(200, { finalUrl: 'https://shop.example/login?next=%2Fnotes', redirected: true }),
      { ...ctx, requestUrl: NOTES },
    );
    expect(outcome).toMatchObject({
      kind: 'failed',
      error: {
        kind: 'auth',
        message: 'You are signed out of shop.example. Sign in again on that site, then retry.',
        detail: 'Redirected to https://shop.example/login?next=%2Fnotes (HTTP 200)',
      },
    });
  });

  it('a login form that redirects to the login page again is not "signed out" (it is the request\'s own page)', () => {
    const outcome = classifySend(response(200, { finalUrl: 'https://shop.example/login?error=1', redirected: true }), {
      ...ctx,
      requestUrl: 'https://shop.example/login',
    });
    expect(outcome.kind).toBe('sent');
  });

  it('signedOut from re-reading the page turns a 403 into "auth"', () => {
    expect(classifySend(response(403), { ...ctx, requestUrl: URL_, signedOut: true })).toMatchObject({
      kind: 'failed',
      error: { kind: 'auth', status: 403 },
    });
  });

  it('a 5xx is still retried even when the page looked signed out', () => {
    expect(classifySend(response(503), { ...ctx, requestUrl: URL_, signedOut: true }).kind).toBe('retry');
  });

  it('a 403 after the token was refreshed says so, and what to do', () => {
    expect(classifySend(response(403), { ...ctx, requestUrl: URL_, tokenRefreshed: true })).toEqual({
      kind: 'failed',
      error: {
        kind: 'http',
        status: 403,
        tokenRefreshed: true,
        at: NOW,
        message:
          'The site still refused it after its security token was refreshed: forbidden. Open the page, make sure you are signed in, then retry or submit it by hand.',
        detail: `HTTP 403 Forbidden from ${URL_} (after refreshing the form's token)`,
      },
    });
  });
});

describe('classifySend: redirects the replay did not follow, and sign-in pages (issue 15)', () => {
  it('a 307/308 to another site is failed (the form was not taken); a 302/303 there is sent, with where it pointed (control)', () => {
    const elsewhere = 'http://localhost:9000/settings/email';
    for (const status of [307, 308]) {
      const outcome = classifySend(
        response(status, {
          finalUrl: elsewhere,
          redirected: true,
          unfollowed: { reason: 'other-site', location: elsewhere },
        }),
        { ...ctx, requestUrl: URL_ },
      );
      expect(outcome).toMatchObject({
        kind: 'failed',
        error: { kind: 'redirected', redirectedTo: 'localhost:9000', status },
      });
    }
    for (const status of [302, 303]) {
      expect(
        classifySend(
          response(status, {
            finalUrl: elsewhere,
            redirected: true,
            unfollowed: { reason: 'other-site', location: elsewhere },
          }),
          { ...ctx, requestUrl: URL_ },
        ),
      ).toEqual({
        kind: 'sent',
        result: { status, finalUrl: elsewhere, redirected: true, notFollowed: true, sentAt: NOW },
      });
    }
  });

  const signIn =
    '<form method=post action=/login><input name=user><input type=password name=pw><button>Sign in</button></form>';

  it('a redirect that lands on a plainly sign-in page is signed out, whatever its address (control: a page without a password field is sent)', () => {
    const landed = (body: string) =>
      response(200, { finalUrl: 'https://shop.example/welcome-back', redirected: true, body });
    expect(classifySend(landed(signIn), { ...ctx, requestUrl: URL_, entryNames: ['note'] })).toMatchObject({
      kind: 'failed',
      error: { kind: 'auth' },
    });
    expect(
      classifySend(landed('<h1>Order 7 saved</h1><form><input name=q></form>'), {
        ...ctx,
        requestUrl: URL_,
        entryNames: ['note'],
      }),
    ).toMatchObject({ kind: 'sent' });
  });

  it('the item\'s own sign-in form shown again is not "signed out" (the person may sign in with it), nor is an answer without a redirect here', () => {
    expect(
      classifySend(response(200, { finalUrl: 'https://shop.example/login', redirected: true, body: signIn }), {
        ...ctx,
        requestUrl: 'https://shop.example/login',
        entryNames: ['user', 'pw'],
      }),
    ).toMatchObject({ kind: 'sent' });
    expect(
      classifySend(response(200, { body: signIn }), { ...ctx, requestUrl: URL_, entryNames: ['note'] }),
    ).toMatchObject({ kind: 'sent' });
  });
});
