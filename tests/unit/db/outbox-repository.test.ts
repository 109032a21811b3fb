import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveQuery } from 'dexie';
import { classifySend, type SendOutcome } from '@/utils/core/outcome';
import type { OutboxItem } from '@/utils/core/types';
import {
  clearSent,
  countByStatus,
  dropUpload,
  DUPLICATE_WINDOW_MS,
  enqueueItem,
  leaseItem,
  leaseItems,
  listPending,
  makeAllDue,
  makeNetworkFailuresDue,
  pruneStaleUploads,
  readMeta,
  recoverInterrupted,
  replaceLeasedEntries,
  releaseLeased,
  retryItem,
  settleItem,
  stageChunk,
  takeUpload,
} from '@/utils/db/outbox-repository';
import { openOutboxDatabase, type OutboxDatabase } from '@/utils/db/database';
import { bytes0to255, bytesOf, freshDatabase, makeRequest, SOURCE, uniqueName } from './helpers';

const T0 = 1_700_000_000_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let db: OutboxDatabase;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ db, cleanup } = await freshDatabase());
});

afterEach(async () => {
  await cleanup();
});

async function enqueue(id: string, fingerprint = `fp-${id}`, now = T0, url = 'https://shop.example/submit') {
  return enqueueItem(db, {
    request: makeRequest(
      [
        { name: 'who', value: id },
        { name: 'note', value: 'x' },
      ],
      url,
    ),
    source: SOURCE,
    fingerprint,
    now,
    id,
  });
}

async function get(id: string): Promise<OutboxItem> {
  const item = await db.items.get(id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
}

const sent: SendOutcome = {
  kind: 'sent',
  result: { status: 200, finalUrl: 'https://shop.example/thanks', redirected: true, sentAt: T0 + 10 },
};
const retry: SendOutcome = {
  kind: 'retry',
  at: T0 + 5_000,
  error: { kind: 'network', message: 'The server could not be reached. Will try again.', at: T0 + 10 },
};
const failed: SendOutcome = classifySend(
  { kind: 'response', status: 422, statusText: '', finalUrl: 'https://shop.example/submit', redirected: false },
  { now: T0 + 10, attempts: 1, capturedAt: T0 },
);

describe('enqueueItem', () => {
  it('stores a pending item, due now, keyed by its id', async () => {
    expect(await enqueue('a', 'fp-a', T0, 'https://shop.example:8443/submit?x=1')).toEqual({
      id: 'a',
      duplicate: false,
    });
    expect(await get('a')).toEqual({
      id: 'a',
      idempotencyKey: 'a',
      seq: 1,
      origin: 'https://shop.example:8443',
      status: 'pending',
      request: makeRequest(
        [
          { name: 'who', value: 'a' },
          { name: 'note', value: 'x' },
        ],
        'https://shop.example:8443/submit?x=1',
      ),
      source: SOURCE,
      fingerprint: 'fp-a',
      capturedAt: T0,
      updatedAt: T0,
      attempts: 0,
      nextAttemptAt: T0,
    });
  });

  it('makes up a UUID when no id is given, and uses it as the idempotency key', async () => {
    const { id } = await enqueueItem(db, { request: makeRequest(), source: SOURCE, fingerprint: 'f', now: T0 });
    expect(id).toMatch(UUID);
    expect((await get(id)).idempotencyKey).toBe(id);
  });

  it('numbers captures in increasing order', async () => {
    await enqueue('a');
    await enqueue('b');
    await enqueue('c', 'fp-c', T0 - 1);
    expect([(await get('a')).seq, (await get('b')).seq, (await get('c')).seq]).toEqual([1, 2, 3]);
    expect(await readMeta<number>(db, 'seq')).toBe(3);
  });

  it('folds an identical submission within the window into the existing item, using no sequence number', async () => {
    await enqueue('a', 'same');
    expect(await enqueue('b', 'same', T0 + DUPLICATE_WINDOW_MS - 1)).toEqual({ id: 'a', duplicate: true });
    expect(await db.items.count()).toBe(1);
    await enqueue('c', 'other');
    expect((await get('c')).seq).toBe(2);
  });

  it('folds into a twin that is failed or being sent (still unsent)', async () => {
    await enqueue('a', 'same');
    await leaseItem(db, 'a', T0);
    expect(await enqueue('b', 'same', T0 + 1)).toEqual({ id: 'a', duplicate: true });
    await settleItem(db, await get('a'), failed, T0 + 2);
    expect(await enqueue('c', 'same', T0 + 3)).toEqual({ id: 'a', duplicate: true });
  });

  it('does not fold once the window has passed', async () => {
    await enqueue('a', 'same');
    expect(await enqueue('b', 'same', T0 + DUPLICATE_WINDOW_MS)).toEqual({ id: 'b', duplicate: false });
    expect(await db.items.count()).toBe(2);
  });

  it('does not fold into an item that was already sent', async () => {
    await enqueue('a', 'same');
    const leased = await leaseItem(db, 'a', T0 + 1);
    await settleItem(db, leased!, sent, T0 + 2);
    expect(await enqueue('b', 'same', T0 + 3)).toEqual({ id: 'b', duplicate: false });
  });

  it('keeps file bytes exactly (Blob round trip)', async () => {
    const binary = bytes0to255();
    await enqueueItem(db, {
      request: {
        method: 'POST',
        url: 'https://shop.example/upload',
        enctype: 'multipart/form-data',
        entries: [
          {
            name: 'f',
            file: {
              name: 'bytes.bin',
              type: 'application/octet-stream',
              lastModified: 123,
              blob: new Blob([binary], { type: 'application/octet-stream' }),
            },
          },
        ],
      },
      source: SOURCE,
      fingerprint: 'fp-file',
      now: T0,
      id: 'file',
    });
    const entry = (await get('file')).request.entries[0];
    if (!('file' in entry)) throw new Error('expected a file entry');
    expect(entry.file.blob).toBeInstanceOf(Blob);
    expect(entry.file.blob.size).toBe(256);
    expect(await bytesOf(entry.file.blob)).toEqual(Array.from(binary));
    expect(entry.file).toMatchObject({ name: 'bytes.bin', type: 'application/octet-stream', lastModified: 123 });
    expect((await listPending(db)).map((i) => i.id)).toEqual(['file']);
  });
});

describe('listPending', () => {
  it('lists only pending items', async () => {
    await enqueue('a');
    await enqueue('b');
    await enqueue('c');
    await leaseItem(db, 'b', T0);
    await leaseItem(db, 'c', T0);
    await settleItem(db, await get('c'), failed, T0);
    expect((await listPending(db)).map((i) => i.id)).toEqual(['a']);
  });

  it('skips and reports malformed records', async () => {
    await enqueue('good');
    await db.items.put({
      id: 'bad-url',
      status: 'pending',
      seq: 9,
      request: { method: 'POST', url: 'javascript:alert(1)', enctype: 'text/plain', entries: [] },
    } as any);
    await db.items.put({ id: 'no-schedule', status: 'pending', seq: 10, request: makeRequest() } as any);
    const reports: Array<[unknown, string]> = [];
    const items = await listPending(db, (id, why) => reports.push([id, why]));
    expect(items.map((i) => i.id)).toEqual(['good']);
    expect(reports.sort()).toEqual([
      ['bad-url', 'target is not an http(s) URL'],
      ['no-schedule', 'no schedule'],
    ]);
  });

  it('skips malformed records silently when no reporter is given', async () => {
    await db.items.put({ id: 'x', status: 'pending', seq: 1 } as any);
    expect(await listPending(db)).toEqual([]);
  });
});

describe('item state machine', () => {
  it('leaseItem: pending -> sending, counting the attempt', async () => {
    await enqueue('a');
    const leased = await leaseItem(db, 'a', T0 + 100);
    expect(leased).toMatchObject({ id: 'a', status: 'sending', attempts: 1, updatedAt: T0 + 100 });
    expect(await get('a')).toEqual(leased);
  });

  it('leaseItem: undefined for an item that is not pending or does not exist', async () => {
    await enqueue('a');
    await leaseItem(db, 'a', T0);
    expect(await leaseItem(db, 'a', T0 + 1)).toBeUndefined();
    expect((await get('a')).attempts).toBe(1);
    expect(await leaseItem(db, 'missing', T0)).toBeUndefined();
  });

  it('settleItem sent: records the result and the last send time', async () => {
    await enqueue('a');
    const leased = await leaseItem(db, 'a', T0);
    await settleItem(db, leased!, retry, T0 + 1);
    await settleItem(db, (await leaseItem(db, 'a', T0 + 2))!, sent, T0 + 3);
    const item = await get('a');
    expect(item).toMatchObject({
      status: 'sent',
      result: sent.kind === 'sent' ? sent.result : undefined,
      attempts: 2,
      updatedAt: T0 + 3,
    });
    expect(item.lastError).toBeUndefined();
    expect(await readMeta<number>(db, 'lastSentAt')).toBe(T0 + 3);
  });

  it('settleItem retry: back to pending at the retry time, with the error', async () => {
    await enqueue('a');
    await settleItem(db, (await leaseItem(db, 'a', T0))!, retry, T0 + 1);
    expect(await get('a')).toMatchObject({
      status: 'pending',
      nextAttemptAt: T0 + 5_000,
      attempts: 1,
      updatedAt: T0 + 1,
      lastError: retry.kind === 'retry' ? retry.error : undefined,
    });
    expect(await readMeta(db, 'lastSentAt')).toBeUndefined();
  });

  it('settleItem failed: failed with the plain-words error', async () => {
    await enqueue('a');
    await settleItem(db, (await leaseItem(db, 'a', T0))!, failed, T0 + 1);
    const item = await get('a');
    expect(item.status).toBe('failed');
    expect(item.lastError).toEqual({
      kind: 'http',
      status: 422,
      detail: 'HTTP 422 Unprocessable Entity from https://shop.example/submit',
      at: T0 + 10,
    });
  });

  it('settleItem is a no-op when the item was removed or is no longer being sent', async () => {
    await enqueue('a');
    await enqueue('b');
    const a = (await leaseItem(db, 'a', T0))!;
    const b = (await leaseItem(db, 'b', T0))!;
    await db.items.delete('a');
    await settleItem(db, a, sent, T0 + 1);
    expect(await db.items.get('a')).toBeUndefined();
    await recoverInterrupted(db, T0 + 2);
    const before = await get('b');
    await settleItem(db, b, failed, T0 + 3);
    expect(await get('b')).toEqual(before);
    expect(await readMeta(db, 'lastSentAt')).toBeUndefined();
  });

  it('recoverInterrupted: sending -> pending, due now, maybe sent, with an interrupted error', async () => {
    await enqueue('a');
    await enqueue('b');
    await enqueue('c');
    await leaseItem(db, 'a', T0);
    await leaseItem(db, 'b', T0);
    await db.items.update('c', { nextAttemptAt: T0 + 60_000 });
    expect(await recoverInterrupted(db, T0 + 500)).toBe(2);
    for (const id of ['a', 'b']) {
      expect(await get(id)).toMatchObject({
        status: 'pending',
        maybeSent: true,
        attempts: 1,
        nextAttemptAt: T0 + 500,
        updatedAt: T0 + 500,
        idempotencyKey: id,
        lastError: {
          kind: 'interrupted',
          interruption: 'restart',
          at: T0 + 500,
        },
      });
    }
    expect(await get('c')).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 60_000 });
    expect((await get('c')).maybeSent).toBeUndefined();
    expect(await recoverInterrupted(db, T0 + 600)).toBe(0);
  });

  it('retryItem without edits: failed -> pending, due now, same idempotency key', async () => {
    await enqueue('a');
    await settleItem(db, (await leaseItem(db, 'a', T0))!, failed, T0 + 1);
    expect(await retryItem(db, 'a', T0 + 100)).toBe(true);
    expect(await get('a')).toMatchObject({
      status: 'pending',
      nextAttemptAt: T0 + 100,
      updatedAt: T0 + 100,
      idempotencyKey: 'a',
      attempts: 1,
    });
  });

  it('retryItem with edited values: new values, a new idempotency key, maybeSent cleared', async () => {
    await enqueue('a');
    await leaseItem(db, 'a', T0);
    await recoverInterrupted(db, T0 + 1);
    await settleItem(db, (await leaseItem(db, 'a', T0 + 2))!, failed, T0 + 3);
    expect((await get('a')).maybeSent).toBe(true);
    expect(await retryItem(db, 'a', T0 + 100, { 1: 'fixed' })).toBe(true);
    const item = await get('a');
    expect(item.request.entries).toEqual([
      { name: 'who', value: 'a' },
      { name: 'note', value: 'fixed' },
    ]);
    expect(item.idempotencyKey).toMatch(UUID);
    expect(item.idempotencyKey).not.toBe('a');
    expect(item.id).toBe('a');
    expect(item.maybeSent).toBeUndefined();
    expect(item.status).toBe('pending');
  });

  it('retryItem with values equal to the stored ones is not an edit: the key is kept', async () => {
    await enqueue('a');
    await settleItem(db, (await leaseItem(db, 'a', T0))!, failed, T0 + 1);
    expect(await retryItem(db, 'a', T0 + 100, { 0: 'a', 1: 'x' })).toBe(true);
    expect((await get('a')).idempotencyKey).toBe('a');
  });

  it('retryItem ignores edits aimed at file entries', async () => {
    const file = { name: 'a.txt', type: 'text/plain', lastModified: 1, blob: new Blob(['abc']) };
    await enqueueItem(db, {
      request: makeRequest([{ name: 'f', file }]),
      source: SOURCE,
      fingerprint: 'f',
      now: T0,
      id: 'f',
    });
    await settleItem(db, (await leaseItem(db, 'f', T0))!, failed, T0 + 1);
    expect(await retryItem(db, 'f', T0 + 2, { 0: 'not a file' })).toBe(true);
    const item = await get('f');
    expect(item.idempotencyKey).toBe('f');
    const entry = item.request.entries[0];
    expect('file' in entry && (await entry.file.blob.text())).toBe('abc');
  });

  it('retryItem refuses items being sent, sent or missing; accepts pending', async () => {
    await enqueue('a');
    await enqueue('b');
    await enqueue('p');
    await leaseItem(db, 'a', T0);
    await settleItem(db, (await leaseItem(db, 'b', T0))!, sent, T0);
    expect(await retryItem(db, 'a', T0 + 1)).toBe(false);
    expect(await retryItem(db, 'b', T0 + 1)).toBe(false);
    expect(await retryItem(db, 'missing', T0 + 1)).toBe(false);
    expect((await get('a')).status).toBe('sending');
    expect((await get('b')).status).toBe('sent');
    await db.items.update('p', { nextAttemptAt: T0 + 99_999 });
    expect(await retryItem(db, 'p', T0 + 1)).toBe(true);
    expect((await get('p')).nextAttemptAt).toBe(T0 + 1);
  });

  it('makeAllDue: every pending item due now, nothing else touched', async () => {
    await enqueue('a');
    await enqueue('b');
    await enqueue('c');
    await settleItem(db, (await leaseItem(db, 'a', T0))!, retry, T0);
    await settleItem(db, (await leaseItem(db, 'b', T0))!, failed, T0);
    await db.items.update('c', { nextAttemptAt: T0 + 100_000 });
    expect(await makeAllDue(db, T0 + 50)).toBe(2);
    expect((await get('a')).nextAttemptAt).toBe(T0 + 50);
    expect((await get('c')).nextAttemptAt).toBe(T0 + 50);
    expect((await get('b')).nextAttemptAt).toBe(T0);
  });

  it("makeNetworkFailuresDue: only items waiting after a network failure become due; a server's Retry-After holds (control: the network failure moves)", async () => {
    await enqueue('net');
    await enqueue('busy');
    await enqueue('fresh');
    await settleItem(db, (await leaseItem(db, 'net', T0))!, retry, T0);
    const busy = classifySend(
      {
        kind: 'response',
        status: 503,
        statusText: '',
        finalUrl: 'https://shop.example/submit',
        redirected: false,
        retryAfter: '3600',
      },
      { now: T0, attempts: 1, capturedAt: T0 },
    );
    expect(busy.kind).toBe('retry');
    await settleItem(db, (await leaseItem(db, 'busy', T0))!, busy, T0);
    expect(await makeNetworkFailuresDue(db, T0 + 50)).toBe(1);
    expect((await get('net')).nextAttemptAt).toBe(T0 + 50);
    expect((await get('busy')).nextAttemptAt).toBe(busy.kind === 'retry' ? busy.at : 0);
    expect(busy.kind === 'retry' && busy.at).toBeGreaterThan(T0 + 60_000);
    expect((await get('fresh')).nextAttemptAt).toBe(T0);
  });

  it('clearSent deletes sent items only, optionally only those older than a time', async () => {
    for (const id of ['s1', 's2', 'p']) await enqueue(id);
    await settleItem(db, (await leaseItem(db, 's1', T0))!, sent, T0 + 10);
    await settleItem(db, (await leaseItem(db, 's2', T0))!, sent, T0 + 20);
    expect(await clearSent(db, T0 + 20)).toBe(1);
    expect((await db.items.toCollection().primaryKeys()).sort()).toEqual(['p', 's2']);
    expect(await clearSent(db)).toBe(1);
    expect(await db.items.toCollection().primaryKeys()).toEqual(['p']);
  });

  it('countByStatus counts each status', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await enqueue(id);
    await leaseItem(db, 'a', T0);
    await settleItem(db, (await leaseItem(db, 'b', T0))!, sent, T0);
    await settleItem(db, (await leaseItem(db, 'c', T0))!, failed, T0);
    expect(await countByStatus(db)).toEqual({ pending: 2, sending: 1, failed: 1, sent: 1 });
  });
});

describe('group commit of lease and settle', () => {
  const sent: SendOutcome = {
    kind: 'sent',
    result: { status: 200, finalUrl: 'https://shop.example/thanks', redirected: false, sentAt: T0 },
  };

  /** Read-write transactions started on the real connection (Dexie binds it at open: spy first, then open). */
  async function withCountedTransactions(
    run: (own: OutboxDatabase, started: string[]) => Promise<void>,
  ): Promise<string[]> {
    const started: string[] = [];
    const prototype = Object.getPrototypeOf(db.backendDB()) as IDBDatabase;
    const transaction = prototype.transaction;
    vi.spyOn(prototype, 'transaction').mockImplementation(function (this: IDBDatabase, names, mode, options) {
      if (mode === 'readwrite') started.push(`${[names].flat().sort().join('+')}:${options?.durability ?? 'default'}`);
      return transaction.call(this, names, mode, options);
    });
    const own = openOutboxDatabase(uniqueName());
    try {
      await own.open();
      await run(own, started);
    } finally {
      vi.restoreAllMocks();
      await own.delete();
    }
    return started;
  }

  const add = (own: OutboxDatabase, id: string) =>
    enqueueItem(own, {
      request: makeRequest([{ name: 'who', value: id }]),
      source: SOURCE,
      fingerprint: `fp-${id}`,
      now: T0,
      id,
    });

  it('a settle and the next lease asked for in the same tick share one strict commit', async () => {
    let results: unknown[] = [];
    let after: Record<string, unknown> = {};
    const started = await withCountedTransactions(async (own, counted) => {
      await add(own, 'a');
      await add(own, 'b');
      const a = (await leaseItem(own, 'a', T0 + 1))!;
      counted.length = 0;
      results = await Promise.all([settleItem(own, a, sent, T0 + 2), leaseItem(own, 'b', T0 + 2)]);
      after = Object.fromEntries((await own.items.toArray()).map((i) => [i.id, [i.status, i.attempts]]));
    });
    expect(started).toEqual(['items+meta+replies:strict']);
    expect(results[0]).toBeUndefined();
    expect(results[1]).toMatchObject({ id: 'b', status: 'sending', attempts: 1, updatedAt: T0 + 2 });
    expect(after).toEqual({ a: ['sent', 1], b: ['sending', 1] });
  });

  it('calls in different ticks are transactions of their own, each resolved only once committed', async () => {
    const started = await withCountedTransactions(async (own, counted) => {
      await add(own, 'a');
      counted.length = 0;
      const a = (await leaseItem(own, 'a', T0 + 1))!;
      expect((await own.items.get('a'))!.status).toBe('sending');
      await settleItem(own, a, sent, T0 + 2);
      expect((await own.items.get('a'))!.status).toBe('sent');
    });
    expect(started).toEqual(['items+meta+replies:strict', 'items+meta+replies:strict']);
  });

  it('writes asked for while a group commits are gathered into the next group, even from different ticks', async () => {
    let leased: unknown[] = [];
    const started = await withCountedTransactions(async (own, counted) => {
      for (const id of ['a', 'b', 'c']) await add(own, id);
      counted.length = 0;
      const first = leaseItem(own, 'a', T0 + 1);
      await Promise.resolve();
      await Promise.resolve(); // the first group is committing now
      const second = leaseItem(own, 'b', T0 + 1);
      await Promise.resolve();
      const third = leaseItem(own, 'c', T0 + 1);
      leased = await Promise.all([first, second, third]);
    });
    expect(started).toEqual(['items+meta+replies:strict', 'items+meta+replies:strict']);
    expect(leased.map((i) => (i as OutboxItem).status)).toEqual(['sending', 'sending', 'sending']);
  });

  it('a group lands together or not at all: one failing write rejects every call and applies none', async () => {
    await enqueue('a');
    await enqueue('b');
    const a = (await leaseItem(db, 'a', T0 + 1))!;
    vi.spyOn(db.meta, 'put').mockRejectedValueOnce(new Error('disk full'));
    const outcomes = await Promise.allSettled([settleItem(db, a, sent, T0 + 2), leaseItem(db, 'b', T0 + 2)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect((await get('a')).status).toBe('sending');
    expect(await get('b')).toMatchObject({ status: 'pending', attempts: 0 });
    // The next group is unaffected.
    expect(await leaseItem(db, 'b', T0 + 3)).toMatchObject({ status: 'sending', attempts: 1 });
  });

  it('leaseItems: a batch leased in one strict commit, each counting its attempt; undefined for an item not pending', async () => {
    let leased: Array<OutboxItem | undefined> = [];
    const started = await withCountedTransactions(async (own, counted) => {
      for (const id of ['a', 'b', 'c']) await add(own, id);
      await leaseItem(own, 'b', T0);
      counted.length = 0;
      leased = await leaseItems(own, ['a', 'b', 'c'], T0 + 1);
    });
    expect(started).toEqual(['items+meta+replies:strict']);
    expect(leased.map((i) => i && [i.id, i.status, i.attempts])).toEqual([
      ['a', 'sending', 1],
      undefined,
      ['c', 'sending', 1],
    ]);
  });

  it('a relaxed settle is committed with relaxed durability; joined by a lease in the same tick, the group is strict', async () => {
    const started = await withCountedTransactions(async (own, counted) => {
      for (const id of ['a', 'b', 'c']) await add(own, id);
      const [a, b] = (await leaseItems(own, ['a', 'b'], T0 + 1)) as OutboxItem[];
      counted.length = 0;
      await settleItem(own, a, sent, T0 + 2, { durability: 'relaxed' });
      expect((await own.items.get('a'))!.status).toBe('sent');
      await Promise.all([settleItem(own, b, sent, T0 + 3, { durability: 'relaxed' }), leaseItem(own, 'c', T0 + 3)]);
      expect((await own.items.get('b'))!.status).toBe('sent');
    });
    expect(started).toEqual(['items+meta+replies:relaxed', 'items+meta+replies:strict']);
  });

  it('relaxed writes go through Dexie: a live query sees them', async () => {
    await enqueue('a');
    const a = (await leaseItem(db, 'a', T0 + 1))!;
    const seen: string[] = [];
    const subscription = liveQuery(() => db.items.get('a')).subscribe((item) => seen.push(item!.status));
    try {
      await vi.waitFor(() => expect(seen).toEqual(['sending']));
      await settleItem(db, a, sent, T0 + 2, { durability: 'relaxed' });
      await vi.waitFor(() => expect(seen).toEqual(['sending', 'sent']));
    } finally {
      subscription.unsubscribe();
    }
  });

  it('settleItem with released items: they go back to pending in the same transaction, their attempt not counted', async () => {
    let after: Record<string, unknown> = {};
    const started = await withCountedTransactions(async (own, counted) => {
      for (const id of ['a', 'b', 'c', 'd']) await add(own, id);
      await own.items.update('c', { attempts: 2, maybeSent: true });
      const [a, b, c, d] = (await leaseItems(own, ['a', 'b', 'c', 'd'], T0 + 1)) as OutboxItem[];
      await settleItem(own, d, sent, T0 + 1); // not the lease it was given any more: left alone
      counted.length = 0;
      await settleItem(own, a, retry, T0 + 2, { released: [b, c, d], durability: 'relaxed' });
      after = Object.fromEntries(
        (await own.items.toArray()).map((i) => [i.id, [i.status, i.attempts, i.maybeSent ?? false]]),
      );
    });
    expect(started).toEqual(['items+meta+replies:relaxed']);
    expect(after).toEqual({
      a: ['pending', 1, false],
      b: ['pending', 0, false],
      c: ['pending', 2, true],
      d: ['sent', 1, false],
    });
  });

  it('releaseLeased: leased items back to pending, due as before, attempts restored; others untouched', async () => {
    await enqueue('a');
    await enqueue('b');
    const [a, b] = (await leaseItems(db, ['a', 'b'], T0 + 1)) as OutboxItem[];
    await settleItem(db, b, sent, T0 + 2);
    await releaseLeased(db, [a, b], T0 + 3, 'relaxed');
    expect(await get('a')).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T0, updatedAt: T0 + 3 });
    expect(await get('b')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await listPending(db)).toHaveLength(1);
  });

  it('recoverInterrupted after a crash mid-batch: every leased item not settled is flagged maybe sent, the settled ones are not touched', async () => {
    for (const id of ['a', 'b', 'c']) await enqueue(id);
    const [a] = (await leaseItems(db, ['a', 'b', 'c'], T0 + 1)) as OutboxItem[];
    await settleItem(db, a, sent, T0 + 2, { durability: 'relaxed' });
    // The worker dies while b is being sent; c's turn never came.
    expect(await recoverInterrupted(db, T0 + 10)).toBe(2);
    expect(await get('a')).toMatchObject({ status: 'sent' });
    for (const id of ['b', 'c'])
      expect(await get(id)).toMatchObject({
        status: 'pending',
        maybeSent: true,
        attempts: 1,
        lastError: { kind: 'interrupted' },
      });
  });

  it("inside a caller's transaction, a lease is part of that transaction", async () => {
    await enqueue('a');
    await db.transaction('rw', db.items, db.meta, async () => {
      expect(await leaseItem(db, 'a', T0 + 1)).toMatchObject({ status: 'sending' });
    });
    expect((await get('a')).status).toBe('sending');
  });
});

describe('staged uploads', () => {
  const chunk = (uploadId: string, fileIndex: number, offset: number, content: BlobPart, createdAt = T0) => ({
    uploadId,
    fileIndex,
    offset,
    blob: new Blob([content]),
    createdAt,
  });

  it('takeUpload joins chunks in offset order, per file, whatever order they arrived in', async () => {
    const binary = bytes0to255();
    await stageChunk(db, chunk('u1', 1, 200, binary.slice(200)));
    await stageChunk(db, chunk('u1', 0, 3, 'def'));
    await stageChunk(db, chunk('u1', 1, 0, binary.slice(0, 100)));
    await stageChunk(db, chunk('u1', 0, 0, 'abc'));
    await stageChunk(db, chunk('u1', 1, 100, binary.slice(100, 200)));
    await stageChunk(db, chunk('u2', 0, 0, 'other upload'));
    const files = await takeUpload(db, 'u1', { 0: 6, 1: 256 });
    expect([...files.keys()].sort()).toEqual([0, 1]);
    expect(await files.get(0)!.text()).toBe('abcdef');
    expect(await bytesOf(files.get(1)!)).toEqual(Array.from(binary));
  });

  it('takeUpload gives an empty Blob for an empty file without chunks', async () => {
    const files = await takeUpload(db, 'none', { 0: 0 });
    expect(files.get(0)!.size).toBe(0);
  });

  it('takeUpload throws on a gap', async () => {
    await stageChunk(db, chunk('u1', 0, 0, 'abc'));
    await stageChunk(db, chunk('u1', 0, 6, 'ghi'));
    await expect(takeUpload(db, 'u1', { 0: 9 })).rejects.toThrow('File 0 of upload u1 is missing bytes at offset 3');
  });

  it('takeUpload throws when the bytes do not add up to the size', async () => {
    await stageChunk(db, chunk('u1', 0, 0, 'abc'));
    await stageChunk(db, chunk('u1', 0, 3, 'def'));
    await expect(takeUpload(db, 'u1', { 0: 10 })).rejects.toThrow('File 0 of upload u1 has 6 of 10 bytes');
    await expect(takeUpload(db, 'u1', { 0: 5 })).rejects.toThrow('File 0 of upload u1 has 6 of 5 bytes');
    await expect(takeUpload(db, 'u1', { 0: 6, 1: 4 })).rejects.toThrow('File 1 of upload u1 has 0 of 4 bytes');
  });

  it("takeUpload leaves the staging rows; dropUpload deletes one upload's rows", async () => {
    await stageChunk(db, chunk('u1', 0, 0, 'abc'));
    await stageChunk(db, chunk('u2', 0, 0, 'xyz'));
    await takeUpload(db, 'u1', { 0: 3 });
    expect(await db.uploads.where('uploadId').equals('u1').count()).toBe(1);
    await dropUpload(db, 'u1');
    expect(await db.uploads.where('uploadId').equals('u1').count()).toBe(0);
    expect(await db.uploads.count()).toBe(1);
  });

  it('dropUpload leaves uploads whose id merely starts with the same characters', async () => {
    await stageChunk(db, chunk('u1', 0, 0, 'abc'));
    await stageChunk(db, chunk('u1', 2, 4_194_304, 'def'));
    await stageChunk(db, chunk('u10', 0, 0, 'ghi'));
    await stageChunk(db, chunk('u', 0, 0, 'jkl'));
    await dropUpload(db, 'u1');
    expect(await db.uploads.toCollection().primaryKeys()).toEqual([
      ['u', 0, 0],
      ['u10', 0, 0],
    ]);
  });

  it('chunks are staged and dropped with relaxed durability; the item that takes their bytes is committed strictly', async () => {
    // Dexie binds IDBDatabase.transaction when it opens: spy before opening a database of our own.
    const durability: string[] = [];
    const prototype = Object.getPrototypeOf(db.backendDB()) as IDBDatabase;
    const transaction = prototype.transaction;
    vi.spyOn(prototype, 'transaction').mockImplementation(function (this: IDBDatabase, names, mode, options) {
      if (mode === 'readwrite')
        durability.push(`${[names].flat().sort().join('+')}:${options?.durability ?? 'default'}`);
      return transaction.call(this, names, mode, options);
    });
    const own = openOutboxDatabase(uniqueName());
    try {
      await own.open();
      await stageChunk(own, chunk('u1', 0, 0, 'abc'));
      const files = await takeUpload(own, 'u1', { 0: 3 });
      await enqueueItem(own, {
        request: makeRequest([
          { name: 'f', file: { name: 'a.txt', type: 'text/plain', lastModified: T0, blob: files.get(0)! } },
        ]),
        source: SOURCE,
        fingerprint: 'fp',
        now: T0,
      });
      await dropUpload(own, 'u1');
    } finally {
      await own.delete();
    }
    expect(durability).toEqual(['uploads:relaxed', 'items+meta:strict', 'uploads:relaxed']);
  });

  it('a chunk staged twice at the same offset replaces the first', async () => {
    await stageChunk(db, chunk('u1', 0, 0, 'abc'));
    await stageChunk(db, chunk('u1', 0, 0, 'xyz'));
    expect(await (await takeUpload(db, 'u1', { 0: 3 })).get(0)!.text()).toBe('xyz');
  });

  it('pruneStaleUploads deletes chunks created before the cut-off', async () => {
    await stageChunk(db, chunk('old', 0, 0, 'a', T0 - 2));
    await stageChunk(db, chunk('old', 0, 1, 'b', T0 - 1));
    await stageChunk(db, chunk('new', 0, 0, 'c', T0));
    expect(await pruneStaleUploads(db, T0)).toBe(2);
    expect(await db.uploads.toCollection().primaryKeys()).toEqual([['new', 0, 0]]);
  });
});

describe('replaceLeasedEntries (fresh CSRF token values)', () => {
  it('replaces the entries of an item being sent; key, fingerprint and status stay', async () => {
    await enqueue('a');
    await leaseItem(db, 'a', T0 + 1);
    const updated = await replaceLeasedEntries(
      db,
      'a',
      [
        { name: 'who', value: 'a' },
        { name: 'note', value: 'fresh' },
      ],
      T0 + 2,
    );
    expect(updated).toMatchObject({ status: 'sending', idempotencyKey: 'a', fingerprint: 'fp-a', updatedAt: T0 + 2 });
    const stored = await db.items.get('a');
    expect(stored?.request.entries).toEqual([
      { name: 'who', value: 'a' },
      { name: 'note', value: 'fresh' },
    ]);
    expect(stored?.request.url).toBe('https://shop.example/submit');
  });
  it('does nothing to an item that is not being sent (discarded or settled meanwhile)', async () => {
    await enqueue('b');
    expect(await replaceLeasedEntries(db, 'b', [], T0)).toBeUndefined();
    expect(await replaceLeasedEntries(db, 'missing', [], T0)).toBeUndefined();
    expect((await db.items.get('b'))?.request.entries).toHaveLength(2);
  });
});
