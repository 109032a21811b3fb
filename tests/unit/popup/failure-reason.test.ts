import { afterEach, describe, expect, it } from 'vitest';
import { classifySend, interruptedError, type ClassifyContext, type SendObservation } from '@/utils/core/outcome';
import type { ItemError } from '@/utils/core/types';
import { setMessageSource } from '@/utils/i18n';
import { statusWords } from '@/utils/popup/http-status';
import { failureReason, technicalDetail } from '@/utils/popup/reason';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const TARGET = 'https://shop.example:8443/orders?x=1';
const base: ClassifyContext = { now: NOW, attempts: 3, capturedAt: NOW - 60_000, random: () => 1, requestUrl: TARGET };

function response(
  status: number,
  extra: Partial<Extract<SendObservation, { kind: 'response' }>> = {},
): SendObservation {
  return { kind: 'response', status, statusText: '', finalUrl: TARGET, redirected: false, ...extra };
}

function errorOf(observation: SendObservation, context: Partial<ClassifyContext> = {}): ItemError {
  const outcome = classifySend(observation, { ...base, ...context });
  if (outcome.kind === 'sent') throw new Error('expected an error');
  return outcome.error;
}

const STATUSES = [400, 401, 403, 404, 405, 408, 409, 410, 413, 415, 419, 422, 425, 429, 500, 502, 503, 504];
const expiredContext = { capturedAt: NOW - 8 * 86_400_000 };

// Every message the core can produce, produced by the core itself.
const produced: Array<[string, ItemError]> = [
  ['network', errorOf({ kind: 'network-error', message: 'net::ERR_CONNECTION_REFUSED' })],
  ...STATUSES.map((s): [string, ItemError] => [`http ${s}`, errorOf(response(s))]),
  ['http 403 after a token refresh', errorOf(response(403), { tokenRefreshed: true })],
  ["http 418 with the server's status text", errorOf(response(418, { statusText: "I'm a teapot" }))],
  ["http 599 with the server's status text", errorOf(response(599, { statusText: 'Weird' }))],
  ['auth 401', errorOf(response(401))],
  ['auth 419', errorOf(response(419))],
  [
    'auth: redirected to a sign-in page',
    errorOf(response(200, { finalUrl: 'https://shop.example:8443/login?next=/orders', redirected: true })),
  ],
  ['auth: page re-read showed signed out (403)', errorOf(response(403), { signedOut: true })],
  ['expired after network errors (3 days)', errorOf({ kind: 'network-error', message: 'x' }, expiredContext)],
  ['expired after a 503 (3 days)', errorOf(response(503), expiredContext)],
  ['expired after a 429', errorOf(response(429), expiredContext)],
  ['expired after a 408', errorOf(response(408), expiredContext)],
  ['expired over 1 day', errorOf(response(500), { capturedAt: NOW - 86_400_000, retryWindowMs: 86_400_000 })],
  [
    'expired over minutes',
    errorOf(
      { kind: 'network-error', message: 'x' },
      { retryWindowMs: 30 * 60_000, capturedAt: NOW - 31 * 60_000, attempts: 1 },
    ),
  ],
  ['interrupted: worker restart', interruptedError(NOW)],
  [
    'interrupted: connection dropped',
    interruptedError(NOW, { host: 'shop.example:8443', detail: 'net::ERR_CONNECTION_RESET' }),
  ],
  ['conflict 412', errorOf(response(412))],
  [
    "form again, with the site's words",
    errorOf(
      response(200, {
        body: '<ul class="errorlist"><li>Enter a valid email.</li></ul><form method=post action="/orders?x=1"><input name=email value="x"></form>',
      }),
      {
        reading: {
          signIn: false,
          formAgain: { tokenFields: [], staleToken: false, siteMessage: 'Enter a valid email.', conflict: false },
        },
      },
    ),
  ],
  [
    'form again, without words',
    errorOf(response(422), {
      reading: { signIn: false, formAgain: { tokenFields: [], staleToken: false, conflict: false } },
    }),
  ],
  [
    "conflict, with the site's words",
    errorOf(response(200), {
      reading: {
        signIn: false,
        formAgain: {
          tokenFields: [],
          staleToken: false,
          siteMessage: 'Report with this Title already exists.',
          conflict: true,
        },
      },
    }),
  ],
  [
    'redirected elsewhere (307)',
    errorOf(
      response(307, {
        finalUrl: 'https://other.example/x',
        redirected: true,
        unfollowed: { reason: 'other-site', location: 'https://other.example/x' },
      }),
    ),
  ],
];

// Errors that name an HTTP status: the popup says it in words and leaves the number to the technical detail.
const withNumbers = produced.filter(([, e]) => e.status !== undefined && e.status >= 400 && e.kind !== 'form-again');

afterEach(() => setMessageSource(undefined));

describe('failureReason', () => {
  it('covers the kinds the core produces', () => {
    expect(new Set(produced.map(([, e]) => e.kind))).toEqual(
      new Set(['network', 'http', 'auth', 'expired', 'interrupted', 'conflict', 'form-again', 'redirected']),
    );
  });

  it.each(produced)('%s: stored as a code without words, worded from the catalogue', (_, error) => {
    expect(error.message).toBeUndefined();
    setMessageSource((key, subs = []) => `[${key}${subs.length ? `: ${subs.join(' | ')}` : ''}]`);
    const words = failureReason(error, TARGET);
    expect(words).toMatch(/^\[reason/);
    expect(words).not.toContain('reasonUnknown');
  });

  it.each(withNumbers)('%s: the status in words, its number in the technical detail', (_, error) => {
    const reason = failureReason(error, TARGET);
    expect(reason).not.toBe(error.message);
    expect(reason).not.toMatch(new RegExp(`\\b${error.status}\\b`));
    if (error.kind !== 'auth' && error.kind !== 'conflict') expect(reason).toContain(statusWords(error.status!));
    expect(technicalDetail(error)).toContain(`HTTP ${error.status}`);
  });

  it("renders in the browser's language when it has the messages", () => {
    setMessageSource((key, subs = []) => `[${key}${subs.length ? `: ${subs.join(' | ')}` : ''}]`);
    expect(failureReason(errorOf(response(422)), TARGET)).toBe('[reasonRejectedWords: [statusUnprocessable]]');
    expect(failureReason(errorOf(response(401)), TARGET)).toBe('[reasonSignedOutNoCode: shop.example:8443]');
    expect(failureReason(errorOf(response(503), expiredContext), TARGET)).toBe(
      '[reasonGaveUp_other: 3 | [spanDays_other: 3] | [reasonServerWords: [statusUnavailable]]]',
    );
    expect(failureReason(interruptedError(NOW, { host: 'x' }), TARGET)).toBe(
      '[reasonConnectionDropped: shop.example:8443]',
    );
  });

  it.each<[number, string]>([
    [429, 'The site refused it: too many requests (the site asked to wait). Will try again.'],
    [503, 'The site had a problem: service unavailable (the site is down or overloaded). Will try again.'],
    [500, 'The site had a problem: server error. Will try again.'],
    [
      404,
      'The site refused it: not found. The form\u2019s address no longer exists: open the page and submit it by hand.',
    ],
    [405, 'The site refused it: the site does not take forms sent this way.'],
    [418, 'The site refused it: a request error.'],
    [599, 'The site had a problem: a server error. Will try again.'],
  ])('says %i in words', (status, words) => {
    expect(failureReason(errorOf(response(status)), TARGET)).toBe(words);
  });

  it("takes the host from the item's target URL", () => {
    const error = errorOf(response(401), { requestUrl: 'https://accounts.example/post' });
    expect(failureReason(error, 'https://accounts.example/post')).toBe(
      'You are signed out of accounts.example. Sign in again on that site, then retry.',
    );
  });

  it.each<[string, ItemError]>([
    ['a kind from a newer version', { kind: 'mystery' as ItemError['kind'], message: 'Something new.', at: NOW }],
    ['an interruption stored before the field existed', { kind: 'interrupted', message: 'Old wording.', at: NOW }],
    [
      'an expired record without attempts and window',
      { kind: 'expired', status: 503, message: 'Gave up (old).', at: NOW },
    ],
    ['an http error without a status', { kind: 'http', message: 'Odd.', at: NOW }],
  ])('falls back to the stored message for %s', (_, error) => {
    expect(failureReason(error, TARGET)).toBe(error.message);
  });

  it('says it could not be sent when the target host cannot be read and no sentence was stored', () => {
    const error = interruptedError(NOW, { host: 'the site' });
    expect(failureReason(error, 'not a url')).toBe('It could not be sent.');
  });

  it('words an item whose encrypted contents cannot be opened', () => {
    expect(failureReason({ kind: 'invalid', detail: 'OperationError', at: NOW }, TARGET)).toContain(
      'encrypted contents could not be read',
    );
  });

  it('counts the attempts with a real plural', () => {
    const once = errorOf(
      { kind: 'network-error', message: 'x' },
      { retryWindowMs: 30 * 60_000, capturedAt: NOW - 31 * 60_000, attempts: 1 },
    );
    expect(failureReason(once, TARGET)).toBe(
      'Gave up after 1 attempt over 30 minutes. Last problem: The server could not be reached.',
    );
    const three = errorOf(response(503), expiredContext);
    expect(failureReason(three, TARGET)).toBe(
      'Gave up after 3 attempts over 3 days. Last problem: The site had a problem: service unavailable (the site is down or overloaded).',
    );
  });
});
