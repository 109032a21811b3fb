import { afterEach, describe, expect, it } from 'vitest';
import { queuedFor, type DraftContent } from '@/utils/core/draft-record';
import type { FormKey } from '@/utils/core/draft-form';
import {
  applyToDraft,
  applyToWriter,
  clearExpiredCount,
  convertDrafts,
  draftPages,
  draftsOfPage,
  endForItem,
  EXPIRED_META_KEY,
  pruneExpiredDrafts,
  readAllDrafts,
  setWriter,
  writeDraft,
  type DraftWrite,
} from '@/utils/db/draft-repository';
import { readMeta } from '@/utils/db/outbox-repository';
import type { OutboxDatabase } from '@/utils/db/database';
import { freshDatabase } from './helpers';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});
/** What the outbox does to a draft in the transaction that queues its submission (enqueueItem). */
async function linkToItem(database: OutboxDatabase, id: string, itemId: string, now: number) {
  await database.drafts.put(queuedFor((await database.drafts.get(id))!, itemId, now));
}
async function db(): Promise<OutboxDatabase> {
  const fresh = await freshDatabase();
  cleanup = fresh.cleanup;
  return fresh.db;
}

const FORM: FormKey = { kind: 'form', action: 'https://shop.example/order', names: ['notes'], index: 0 };
const content = (notes: string): DraftContent => ({
  pageUrl: 'https://shop.example/order?x=1',
  pageTitle: 'Order',
  fields: [{ key: 'notes', kind: 'text', value: notes }],
});
let ids = 0;
const write = (overrides: Partial<DraftWrite> = {}): DraftWrite => ({
  writer: '1:0|doc-a|tok|0',
  pageKey: 'https://shop.example/order',
  origin: 'https://shop.example',
  form: FORM,
  content: content('hello'),
  now: 100,
  newId: () => `d${++ids}`,
  ...overrides,
});

describe('draft repository', () => {
  it('creates a draft for a new writer, then updates that same draft (one draft per form of a document)', async () => {
    const database = await db();
    const first = await writeDraft(database, write());
    expect(first).toMatchObject({ kind: 'saved', created: true });
    const again = await writeDraft(database, write({ content: content('hello world'), now: 200 }));
    expect(again).toEqual({ kind: 'saved', id: (first as { id: string }).id, created: false });
    const [draft] = await readAllDrafts(database);
    expect(draft).toMatchObject({ state: 'editing', createdAt: 100, updatedAt: 200, content: content('hello world') });
    expect(await database.drafts.count()).toBe(1);
  });

  it("never follows a writer key into another origin's draft (control: the same key from its origin does)", async () => {
    const database = await db();
    await writeDraft(database, write());
    const other = await writeDraft(
      database,
      write({ origin: 'https://evil.example', pageKey: 'https://evil.example/x', content: content('from evil') }),
    );
    expect(other).toMatchObject({ kind: 'saved', created: true });
    expect((await draftsOfPage(database, 'https://shop.example/order'))[0].content).toEqual(content('hello'));
    expect(await applyToWriter(database, '1:0|doc-a|tok|0', 'https://elsewhere.example', 'cleared', 300)).toEqual({
      kind: 'none',
    });
    expect(await database.drafts.count()).toBe(2);
  });

  it('goes through the state machine: submitted, accepted ends it; rejected makes it editing again', async () => {
    const database = await db();
    const saved = (await writeDraft(database, write())) as { id: string };
    expect(await applyToWriter(database, '1:0|doc-a|tok|0', 'https://shop.example', 'submitted', 150)).toMatchObject({
      kind: 'saved',
    });
    expect(await database.drafts.get(saved.id)).toMatchObject({ state: 'submitted', stateSince: 150 });
    await applyToDraft(database, saved.id, 'rejected', 160);
    expect((await database.drafts.get(saved.id))!.state).toBe('editing');
    await applyToDraft(database, saved.id, 'submitted', 170);
    expect(await applyToDraft(database, saved.id, 'accepted', 180)).toEqual({ kind: 'ended', id: saved.id });
    expect(await database.drafts.count()).toBe(0);
  });

  it("a save of the same words after the submission was queued (the page's copy at Submit arriving late) keeps it queued; changed words detach it (control)", async () => {
    const database = await db();
    const saved = (await writeDraft(database, write())) as { id: string };
    await linkToItem(database, saved.id, 'item-1', 120);
    await writeDraft(database, write({ now: 130 }));
    expect(await database.drafts.get(saved.id)).toMatchObject({ state: 'queued', itemId: 'item-1' });
    await writeDraft(database, write({ content: content('hello again'), now: 140 }));
    expect(await database.drafts.get(saved.id)).toMatchObject({ state: 'editing' });
  });

  it("links a draft to its outbox item; only that item's delivery ends it (control: another item's does not)", async () => {
    const database = await db();
    const saved = (await writeDraft(database, write())) as { id: string };
    await linkToItem(database, saved.id, 'item-1', 120);
    expect(await database.drafts.get(saved.id)).toMatchObject({ state: 'queued', itemId: 'item-1' });
    expect(await endForItem(database, 'item-2', 130)).toBe(0);
    expect(await database.drafts.count()).toBe(1);
    // Typing again detaches it: the newer words must not end with the older submission.
    await writeDraft(database, write({ content: content('more'), now: 140 }));
    expect(await database.drafts.get(saved.id)).toMatchObject({ state: 'editing' });
    expect((await database.drafts.get(saved.id))!.itemId).toBeUndefined();
    await linkToItem(database, saved.id, 'item-1', 150);
    expect(await endForItem(database, 'item-1', 160)).toBe(1);
    expect(await database.drafts.count()).toBe(0);
  });

  it('finds drafts by document and by page, and lists the pages that have drafts', async () => {
    const database = await db();
    await writeDraft(database, write({ now: 100 }));
    await writeDraft(database, write({ writer: '1:0|doc-a|tok|1', now: 300 }));
    await writeDraft(database, write({ writer: '2:0|doc-b|tok|0', pageKey: 'https://shop.example/other', now: 200 }));
    expect(await database.drafts.where('writer').startsWith('1:0|doc-a|').count()).toBe(2);
    expect((await draftsOfPage(database, 'https://shop.example/order')).map((d) => d.updatedAt)).toEqual([300, 100]);
    expect([...(await draftPages(database))].sort()).toEqual([
      'https://shop.example/order',
      'https://shop.example/other',
    ]);
  });

  it('hands a restored draft to the document that restored it', async () => {
    const database = await db();
    const old = (await writeDraft(database, write())) as { id: string };
    await setWriter(database, old.id, '5:0|doc-new|tok2|3');
    const next = await writeDraft(
      database,
      write({ writer: '5:0|doc-new|tok2|3', content: content('continued'), now: 500 }),
    );
    expect(next).toEqual({ kind: 'saved', id: old.id, created: false });
  });

  it('deletes expired drafts and counts them for the popup until the person has seen the count', async () => {
    const database = await db();
    await writeDraft(database, write({ now: 100 }));
    await writeDraft(database, write({ writer: 'w2', now: 200 }));
    await writeDraft(database, write({ writer: 'w3', now: 900 }));
    expect(await pruneExpiredDrafts(database, 500, 1_000)).toBe(2);
    expect(await pruneExpiredDrafts(database, 500, 1_100)).toBe(0);
    expect(await readMeta(database, EXPIRED_META_KEY)).toEqual({ count: 2, lastAt: 1_000 });
    expect(await database.drafts.count()).toBe(1);
    await writeDraft(database, write({ writer: 'w4', now: 50 }));
    expect(await pruneExpiredDrafts(database, 500, 2_000)).toBe(1);
    expect(await readMeta(database, EXPIRED_META_KEY)).toEqual({ count: 3, lastAt: 2_000 });
    await clearExpiredCount(database);
    expect(await readMeta(database, EXPIRED_META_KEY)).toBeUndefined();
  });

  it('converts drafts one at a time, skipping one that changed meanwhile (it is done next round)', async () => {
    const database = await db();
    await writeDraft(database, write({ now: 100 }));
    await writeDraft(database, write({ writer: 'w2', now: 200 }));
    let first = true;
    const done = await convertDrafts(
      database,
      (d) => !d.sealed,
      async (draft) => {
        if (first) {
          first = false;
          await writeDraft(database, write({ content: content('typed meanwhile'), now: 150 }));
        }
        const { content: _c, ...rest } = draft;
        return {
          ...rest,
          sealed: {
            version: 1,
            ephemeralKey: new Uint8Array(1),
            iv: new Uint8Array(1),
            data: new Uint8Array(1),
            files: [],
          },
        };
      },
    );
    expect(done).toBe(false);
    expect((await readAllDrafts(database)).map((d) => !!d.sealed).sort()).toEqual([false, true]);
    expect(
      await convertDrafts(
        database,
        (d) => !d.sealed,
        async (draft) => ({
          ...draft,
          content: undefined,
          sealed: {
            version: 1,
            ephemeralKey: new Uint8Array(1),
            iv: new Uint8Array(1),
            data: new Uint8Array(1),
            files: [],
          },
        }),
      ),
    ).toBe(true);
    expect((await readAllDrafts(database)).every((d) => d.sealed)).toBe(true);
  });
});
