import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { openOutboxDatabase, SCHEMA_V1, SCHEMA_V2 } from '@/utils/db/database';
import { writeDraft } from '@/utils/db/draft-repository';
import { enqueueItem, leaseItem, listPending, stageChunk, takeUpload } from '@/utils/db/outbox-repository';
import { makeRequest, SOURCE, uniqueName } from './helpers';

/** A record as version 1 stored it: no schedule, no updatedAt, no attempts, maybe no origin. */
function v1Record(id: string, seq: number, url: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    idempotencyKey: `key-${id}`,
    seq,
    status: 'pending',
    fingerprint: `fp-${id}`,
    request: makeRequest([{ name: 'n', value: id }], url),
    source: SOURCE,
    capturedAt: 1_000 + seq,
    ...extra,
  };
}

describe('openOutboxDatabase', () => {
  it('creates version 5 with items, uploads, meta, replies and drafts', async () => {
    const db = openOutboxDatabase(uniqueName());
    await db.open();
    expect(db.verno).toBe(5);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['drafts', 'items', 'meta', 'replies', 'uploads']);
    expect(db.replies.schema.primKey.name).toBe('itemId');
    expect(db.drafts.schema.indexes.map((i) => i.name).sort()).toEqual(['itemId', 'pageKey', 'updatedAt', 'writer']);
    expect(db.items.schema.indexes.map((i) => i.name).sort()).toEqual([
      '[status+nextAttemptAt]',
      '[status+origin+seq+nextAttemptAt]',
      '[status+updatedAt]',
      'fingerprint',
      'origin',
      'seq',
      'status',
    ]);
    expect(db.uploads.schema.primKey.name).toBe('[uploadId+fileIndex+offset]');
    await db.delete();
  });

  it('upgrades a version 1 database: defaults for the new fields, origin from the URL, new tables usable', async () => {
    const name = uniqueName('v1');
    const old = new Dexie(name);
    old.version(1).stores(SCHEMA_V1);
    await old.open();
    await old.table('items').bulkPut([
      v1Record('a', 7, 'https://legacy.example:8443/post?x=1'),
      v1Record('b', 3, 'not a url'),
      v1Record('c', 5, 'https://other.example/post', {
        origin: 'https://kept.example',
        attempts: 4,
        nextAttemptAt: 99,
        updatedAt: 98,
      }),
      v1Record('d', 9, 'https://legacy.example/x', { idempotencyKey: undefined, status: 'failed' }),
    ]);
    old.close();

    const db = openOutboxDatabase(name);
    await db.open();
    expect(db.verno).toBe(5);

    const a = await db.items.get('a');
    expect(a).toMatchObject({
      origin: 'https://legacy.example:8443',
      nextAttemptAt: 1_007,
      updatedAt: 1_007,
      attempts: 0,
      idempotencyKey: 'key-a',
      seq: 7,
    });
    expect((await db.items.get('b'))!.origin).toBe('invalid:');
    expect(await db.items.get('c')).toMatchObject({
      origin: 'https://kept.example',
      attempts: 4,
      nextAttemptAt: 99,
      updatedAt: 98,
    });
    // A v1 record without an idempotency key gets its id, as new items do (never the string "undefined").
    expect((await db.items.get('d'))!.idempotencyKey).toBe('d');

    // The new compound index answers.
    const due = await db.items
      .where('[status+nextAttemptAt]')
      .between(['pending', 0], ['pending', 1_006], true, true)
      .primaryKeys();
    expect(due).toEqual(['c', 'b']); // in due-time order

    // Upgraded records are well formed and go through the state machine.
    // A malformed one that the index holds ('b': its URL is not one) is listed, and set aside when leased.
    expect((await listPending(db)).map((i) => i.id).sort()).toEqual(['a', 'b', 'c']);
    expect(await leaseItem(db, 'a', 5_000)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(await leaseItem(db, 'b', 5_000)).toBeUndefined();
    expect(await db.items.get('b')).toBeUndefined();
    expect((await db.meta.get('corrupt:b'))?.value).toMatchObject({ id: 'b' });

    // New tables work.
    await stageChunk(db, { uploadId: 'u', fileIndex: 0, offset: 0, blob: new Blob(['xyz']), createdAt: 1 });
    expect(await (await takeUpload(db, 'u', { 0: 3 })).get(0)!.text()).toBe('xyz');

    // New captures come after every upgraded item (first in, first out holds across the upgrade).
    await enqueueItem(db, {
      request: makeRequest([{ name: 'new', value: '1' }], 'https://legacy.example:8443/post'),
      source: SOURCE,
      fingerprint: 'fp-new',
      now: 6_000,
      id: 'new',
    });
    expect((await db.items.get('new'))!.seq).toBe(10);
    await db.delete();
  });

  it('upgrades a version 2 database to 3: items untouched, replies usable and deleted with their items', async () => {
    const name = uniqueName('v2');
    const v2 = openOutboxDatabase(name);
    v2.close();
    const old = new Dexie(name);
    old.version(1).stores(SCHEMA_V1);
    old.version(2).stores({
      items: 'id, status, origin, seq, fingerprint, [status+nextAttemptAt]',
      uploads: '[uploadId+fileIndex+offset], uploadId, createdAt',
      meta: 'key',
    });
    await old.open();
    await old.table('items').put({
      ...v1Record('a', 1, 'https://shop.example/x'),
      nextAttemptAt: 1,
      updatedAt: 1,
      attempts: 0,
      status: 'sent',
    });
    old.close();
    const db = openOutboxDatabase(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect((await db.items.get('a'))?.status).toBe('sent');
    await db.replies.put({
      itemId: 'a',
      at: 2,
      reply: {
        status: 200,
        statusText: 'OK',
        finalUrl: 'https://shop.example/x',
        redirected: false,
        contentType: 'text/html',
        body: 'Thanks',
      },
    });
    const { clearSent } = await import('@/utils/db/outbox-repository');
    expect(await clearSent(db)).toBe(1);
    expect(await db.replies.count()).toBe(0);
    await db.delete();
  });

  it('upgrades a version 2 database to 4: items, uploads and meta untouched, the drafts table added and usable', async () => {
    const name = uniqueName('v2');
    const old = new Dexie(name);
    old.version(1).stores(SCHEMA_V1);
    old.version(2).stores(SCHEMA_V2);
    await old.open();
    const item = {
      ...v1Record('a', 1, 'https://shop.example/post'),
      origin: 'https://shop.example',
      nextAttemptAt: 5,
      updatedAt: 5,
      attempts: 2,
    };
    await old.table('items').put(item);
    await old.table('meta').put({ key: 'seq', value: 1 });
    await old.table('uploads').put({ uploadId: 'u', fileIndex: 0, offset: 0, blob: new Blob(['x']), createdAt: 1 });
    old.close();

    const db = openOutboxDatabase(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.items.get('a')).toMatchObject({
      origin: 'https://shop.example',
      attempts: 2,
      nextAttemptAt: 5,
      seq: 1,
    });
    expect(await db.meta.get('seq')).toEqual({ key: 'seq', value: 1 });
    expect(await db.uploads.count()).toBe(1);
    expect(await db.drafts.count()).toBe(0);
    const saved = await writeDraft(db, {
      writer: 'w',
      pageKey: 'https://shop.example/order',
      origin: 'https://shop.example',
      form: { kind: 'form', action: 'https://shop.example/post', names: ['n'], index: 0 },
      content: {
        pageUrl: 'https://shop.example/order',
        pageTitle: 'Order',
        fields: [{ key: 'n', kind: 'text', value: 'typed' }],
      },
      now: 10,
      newId: () => 'draft-1',
    });
    expect(saved).toEqual({ kind: 'saved', id: 'draft-1', created: true });
    expect(await db.drafts.where('pageKey').equals('https://shop.example/order').primaryKeys()).toEqual(['draft-1']);
    await db.delete();
  });
});
