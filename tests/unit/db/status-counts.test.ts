import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from '@/utils/core/outcome';
import type { OutboxDatabase } from '@/utils/db/database';
import {
  clearSent,
  countByStatus,
  enqueueItem,
  leaseItems,
  listPending,
  recoverInterrupted,
  resumeAfterSignIn,
  retryItem,
  releaseLeased,
  settleItem,
} from '@/utils/db/outbox-repository';
import { deleteItemsForGood } from '@/utils/db/replies';
import { ensureStatusCounts, STATUS_COUNTS_KEY, walkStatusCounts } from '@/utils/db/status-counts';
import { discardToTrash, restoreFromTrash } from '@/utils/db/trash';
import { freshDatabase, makeRequest, SOURCE } from './helpers';

const T0 = 1_700_000_000_000;
let db: OutboxDatabase;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ db, cleanup } = await freshDatabase());
  await ensureStatusCounts(db);
});
afterEach(() => cleanup());

const sent: SendOutcome = {
  kind: 'sent',
  result: { status: 200, finalUrl: 'https://shop.example/ok', redirected: false, sentAt: T0 },
};
const retry: SendOutcome = { kind: 'retry', at: T0 + 5_000, error: { kind: 'network', message: 'offline', at: T0 } };
const signedOut: SendOutcome = { kind: 'failed', error: { kind: 'auth', message: 'signed out', at: T0 } };
const rejected: SendOutcome = { kind: 'failed', error: { kind: 'http', message: '422', at: T0 } };

const enqueue = (id: string) =>
  enqueueItem(db, {
    request: makeRequest([{ name: 'who', value: id }]),
    source: SOURCE,
    fingerprint: `fp-${id}`,
    now: T0,
    id,
  });

/** The kept record must say exactly what walking the status index says. */
async function expectCountsTrue(step: string) {
  expect(await countByStatus(db), step).toEqual(await walkStatusCounts(db));
}

describe('status counts', () => {
  it('the record equals the walked counts after every operation that moves an item between statuses', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) await enqueue(id);
    await enqueue('a'); // a duplicate: nothing new
    await expectCountsTrue('enqueue');
    expect((await countByStatus(db)).pending).toBe(6);

    const [a, b, c, d, e] = (await leaseItems(db, ['a', 'b', 'c', 'd', 'e', 'missing'], T0)).filter(
      (item) => item !== undefined,
    );
    await expectCountsTrue('lease');
    expect((await countByStatus(db)).sending).toBe(5);

    // Settled concurrently in one group commit, with a leased item given back in the same one.
    await Promise.all([
      settleItem(db, a, sent, T0, { durability: 'relaxed' }),
      settleItem(db, b, retry, T0, { released: [e] }),
      settleItem(db, c, signedOut, T0),
      settleItem(db, d, rejected, T0),
    ]);
    await settleItem(db, a, sent, T0); // settled already: no change
    await expectCountsTrue('settle');
    expect(await countByStatus(db)).toEqual({ pending: 3, sending: 0, failed: 2, sent: 1 });

    await releaseLeased(db, [e], T0); // not leased any more: no change
    await expectCountsTrue('return');

    expect(await retryItem(db, 'd', T0)).toBe(true);
    expect(await retryItem(db, 'a', T0), 'a sent item is not retried').toBe(false);
    await expectCountsTrue('retry');
    expect(
      await retryItem(db, 'c', T0, undefined, { parts: { request: makeRequest() } as never, edited: true, readAt: -1 }),
      'stale edit',
    ).toBe(false);
    await expectCountsTrue('a refused retry changes nothing');

    expect(await resumeAfterSignIn(db, 'c', T0, { tabId: 1, frameId: 0 })).toBe(true);
    await expectCountsTrue('resume');

    const [again] = await leaseItems(db, ['f'], T0);
    expect(again).toBeDefined();
    expect(await recoverInterrupted(db, T0)).toBe(1);
    await expectCountsTrue('recover');

    expect(await discardToTrash(db, 'b', T0)).toBe(true);
    await expectCountsTrue('discard');
    expect(await restoreFromTrash(db, 'b', T0)).toBe(true);
    expect(await restoreFromTrash(db, 'b', T0)).toBe(false);
    await expectCountsTrue('restore');

    await deleteItemsForGood(db, ['b', 'gone']);
    await expectCountsTrue('delete for good');

    expect(await clearSent(db)).toBe(1);
    await expectCountsTrue('clear sent');
  });

  it('a malformed pending record is quarantined and leaves the counts', async () => {
    await enqueue('a');
    await db.items.put({
      id: 'bad',
      status: 'pending',
      origin: 'https://shop.example',
      seq: 2,
      nextAttemptAt: T0,
    } as never);
    await ensureStatusCounts(db);
    await db.meta.delete(STATUS_COUNTS_KEY);
    await ensureStatusCounts(db);
    expect((await countByStatus(db)).pending).toBe(2);
    const leased = await leaseItems(db, ['a', 'bad'], T0);
    expect(leased.map((item) => item?.id)).toEqual(['a', undefined]);
    await expectCountsTrue('quarantined at lease');
    expect(await countByStatus(db)).toEqual({ pending: 0, sending: 1, failed: 0, sent: 0 });
    expect(await listPending(db)).toEqual([]);
  });

  it('a database without the record is counted once, then reads the record (not the index)', async () => {
    await enqueue('a');
    await db.meta.delete(STATUS_COUNTS_KEY);
    expect((await countByStatus(db)).pending, 'walked while there is no record').toBe(1);
    await ensureStatusCounts(db);
    // Control that the record is what is read: a forged record shows through.
    await db.meta.put({ key: STATUS_COUNTS_KEY, value: { pending: 7, sending: 0, failed: 0, sent: 0 } });
    expect((await countByStatus(db)).pending).toBe(7);
  });
});

describe('counts drift', () => {
  it("records written behind the extension's back are found by the next drain listing, and the counts walked again", async () => {
    await enqueue('a');
    // Another writer (an older version, a hand edit) adds a well-formed pending item without counting it.
    const stored = await db.items.get('a');
    await db.items.put({ ...stored!, id: 'uncounted', seq: 99, fingerprint: 'fp-x', idempotencyKey: 'k-x' });
    expect((await countByStatus(db)).pending, 'the record does not know yet').toBe(1);
    expect((await listPending(db)).map((e) => e.id).sort()).toEqual(['a', 'uncounted']);
    await expectCountsTrue('after the listing');
    expect((await countByStatus(db)).pending).toBe(2);
  });
});
