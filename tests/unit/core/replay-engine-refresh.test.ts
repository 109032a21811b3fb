import { failureReason } from '@/utils/popup/reason';
import { describe, expect, it } from 'vitest';
import type { SendObservation } from '@/utils/core/outcome';
import { drainOnce, type ReplayPorts, type TokenRefreshResult } from '@/utils/core/replay-engine';
import type { OutboxItem } from '@/utils/core/types';
import { buildItem } from '../item-builder';

const T0 = 1_700_000_000_000;
const URL_ = 'https://app.example/notes';

function makeItem(): OutboxItem {
  return buildItem(
    {
      id: 'n1',
      idempotencyKey: 'k1',
      fingerprint: 'fp',
      request: {
        method: 'POST',
        url: URL_,
        enctype: 'application/x-www-form-urlencoded',
        entries: [
          { name: '_csrf', value: 'old' },
          { name: 'text', value: 'hi' },
        ],
      },
      source: { pageUrl: 'https://app.example/notes/new', pageTitle: 'New', referrerPolicy: '' },
    },
    { origin: 'https://app.example', at: T0 },
  );
}

const answer = (
  status: number,
  extra: Partial<Extract<SendObservation, { kind: 'response' }>> = {},
): SendObservation => ({ kind: 'response', status, statusText: '', finalUrl: URL_, redirected: false, ...extra });

/** Ports over one item: `answers` are given to successive sends; `refresh` to the refresh port (omitted: no port). */
function run(answers: SendObservation[], refresh?: (item: OutboxItem) => TokenRefreshResult) {
  let stored = makeItem();
  const sent: OutboxItem[] = [];
  const refreshed: string[] = [];
  const ports: ReplayPorts = {
    now: () => T0,
    isOnline: () => true,
    random: () => 1,
    listPending: async () => (stored.status === 'pending' ? [stored] : []),
    lease: async (ids) =>
      ids.map(() =>
        stored.status === 'pending'
          ? (stored = { ...stored, status: 'sending', attempts: stored.attempts + 1 })
          : undefined,
      ),
    release: async () => {
      stored = { ...stored, status: 'pending', attempts: stored.attempts - 1 };
    },
    send: async (item) => {
      sent.push(item);
      return answers[sent.length - 1] ?? answer(200);
    },
    settle: async (_item, outcome) => {
      stored =
        outcome.kind === 'sent'
          ? { ...stored, status: 'sent' }
          : outcome.kind === 'retry'
            ? { ...stored, status: 'pending', nextAttemptAt: outcome.at, lastError: outcome.error }
            : { ...stored, status: 'failed', lastError: outcome.error };
    },
    ...(refresh
      ? {
          refreshTokens: async (item: OutboxItem) => {
            refreshed.push(item.id);
            const result = refresh(item);
            if (result.kind === 'refreshed') stored = result.item;
            return result;
          },
        }
      : {}),
  };
  return { ports, sent, refreshed, item: () => stored };
}

const withFreshToken = (item: OutboxItem): TokenRefreshResult => ({
  kind: 'refreshed',
  item: {
    ...item,
    request: {
      ...item.request,
      entries: [
        { name: '_csrf', value: 'new' },
        { name: 'text', value: 'hi' },
      ],
    },
  },
});

describe('drainOnce: stale tokens and signed-out sessions', () => {
  it.each([400, 403, 419])(
    'a %i gets one refresh and one immediate resend with the fresh values; sent',
    async (status) => {
      const fake = run([answer(status), answer(200)], withFreshToken);
      expect(await drainOnce(fake.ports)).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(fake.refreshed).toEqual(['n1']);
      expect(fake.sent.map((i) => i.request.entries[0])).toEqual([
        { name: '_csrf', value: 'old' },
        { name: '_csrf', value: 'new' },
      ]);
      expect(fake.sent.map((i) => i.idempotencyKey)).toEqual(['k1', 'k1']);
      expect(fake.item()).toMatchObject({ status: 'sent', attempts: 1 });
    },
  );

  it('refused again after the refresh: failed with what to do; never a second refresh or a third send', async () => {
    const fake = run([answer(403), answer(403), answer(200)], withFreshToken);
    expect(await drainOnce(fake.ports)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(fake.sent).toHaveLength(2);
    expect(fake.refreshed).toHaveLength(1);
    expect(fake.item().lastError).toMatchObject({ kind: 'http', status: 403, tokenRefreshed: true });
    expect(failureReason(fake.item().lastError!, fake.item().request.url)).toContain(
      'after its security token was refreshed',
    );
  });

  it('419 again after the refresh is a signed-out session', async () => {
    const fake = run([answer(419), answer(419)], withFreshToken);
    await drainOnce(fake.ports);
    expect(fake.item().lastError).toMatchObject({ kind: 'auth', status: 419 });
  });

  it('the page shows the user signed out: failed as auth at once, no resend', async () => {
    const fake = run([answer(403)], () => ({ kind: 'signed-out' }));
    expect(await drainOnce(fake.ports)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(fake.sent).toHaveLength(1);
    expect(fake.item().lastError).toMatchObject({ kind: 'auth' });
    expect(failureReason(fake.item().lastError!, fake.item().request.url)).toContain('Sign in again');
  });

  it('nothing to refresh: the refusal is classified as it is, no resend', async () => {
    const fake = run([answer(403)], () => ({ kind: 'not-refreshed', reason: 'no-form' }));
    await drainOnce(fake.ports);
    expect(fake.sent).toHaveLength(1);
    expect(fake.item()).toMatchObject({ status: 'failed', lastError: { kind: 'http', status: 403 } });
  });

  it('a network error on the resend keeps the fresh values for the next attempt (retry)', async () => {
    const fake = run([answer(403), { kind: 'network-error', message: 'net::ERR_CONNECTION_RESET' }], withFreshToken);
    expect(await drainOnce(fake.ports)).toMatchObject({ retried: 1 });
    expect(fake.item()).toMatchObject({
      status: 'pending',
      request: {
        entries: [
          { name: '_csrf', value: 'new' },
          { name: 'text', value: 'hi' },
        ],
      },
    });
  });

  it.each([
    ['401', answer(401)],
    [
      'a redirect to the sign-in page',
      answer(200, { finalUrl: 'https://app.example/login?next=/notes', redirected: true }),
    ],
    [
      'a 403 on the sign-in page it was redirected to',
      answer(403, { finalUrl: 'https://app.example/users/sign_in', redirected: true }),
    ],
  ])('%s: failed as auth, no refresh, not retried', async (_label, first) => {
    const fake = run([first], withFreshToken);
    expect(await drainOnce(fake.ports)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(fake.refreshed).toEqual([]);
    expect(fake.item().lastError?.kind).toBe('auth');
  });

  it('other refusals (404, 422) and successes never trigger a refresh', async () => {
    for (const status of [200, 404, 422]) {
      const fake = run([answer(status)], withFreshToken);
      await drainOnce(fake.ports);
      expect(fake.refreshed).toEqual([]);
    }
  });

  it('without a refresh port, a 403 is classified as before', async () => {
    const fake = run([answer(403)]);
    await drainOnce(fake.ports);
    expect(fake.sent).toHaveLength(1);
    expect(fake.item().lastError).toMatchObject({ kind: 'http', status: 403 });
  });
});
