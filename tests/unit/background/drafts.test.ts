import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDrafts, DRAFT_REFUSALS, type DraftsCall, type DraftsDeps } from '@/utils/background/drafts';
import type { DraftSave } from '@/utils/core/draft-record';
import type { PageSender } from '@/utils/core/sender';
import { createOpener, createVaultRecord, type PayloadOpener } from '@/utils/core/sealing';
import { openDraft } from '@/utils/core/draft-record';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '@/utils/core/settings';
import { EXPIRED_META_KEY } from '@/utils/db/draft-repository';
import { enqueueItem, readMeta } from '@/utils/db/outbox-repository';
import type { OutboxDatabase } from '@/utils/db/database';
import { freshDatabase, makeRequest, SOURCE } from '../db/helpers';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const PAGE: PageSender = {
  kind: 'page',
  tabId: 4,
  frameId: 0,
  documentId: 'doc-4',
  url: 'https://shop.example/order?step=2',
  origin: 'https://shop.example',
  incognito: false,
};
const FORM = { kind: 'form' as const, action: 'https://shop.example/submit', names: ['notes', 'subject'], index: 0 };

function save(notes: string, extra: Partial<DraftSave['forms'][number]> = {}): DraftSave {
  return {
    doc: 'tok',
    title: 'Order',
    forms: [
      {
        slot: 0,
        cleared: false,
        form: FORM,
        fields: [
          { key: 'subject', kind: 'text', value: 'Pump' },
          { key: 'notes', kind: 'text', value: notes },
        ],
        ...extra,
      },
    ],
  };
}

async function setup(options: { settings?: Partial<Settings>; sealed?: boolean; locked?: boolean } = {}) {
  const fresh = await freshDatabase();
  cleanup = fresh.cleanup;
  const db: OutboxDatabase = fresh.db;
  let now = 1_000_000;
  let opener: PayloadOpener | undefined;
  let publicKey: Uint8Array<ArrayBuffer> | undefined;
  if (options.sealed) {
    const vault = await createVaultRecord('pass phrase', 1, 1_000);
    publicKey = vault.record.publicKey;
    opener = options.locked ? undefined : await createOpener(vault.privateKey);
  }
  const settings = parseSettings({ ...DEFAULT_SETTINGS, ...options.settings });
  const calls: Array<{ target: unknown; origin: string; call: DraftsCall }> = [];
  let pending: Record<string, { id: string; at: number }> = {};
  const deps: DraftsDeps = {
    db,
    vault: {
      sealingKey: async () => publicKey,
      isLocked: async () => !!publicKey && !opener,
      openDraft: async (draft) => {
        if (!draft.sealed) return draft;
        if (!opener) throw new Error('locked');
        return openDraft(draft, opener);
      },
    },
    settings: async () => settings,
    started: async () => undefined,
    now: () => now,
    callPage: vi.fn(async (target, origin, call) => void calls.push({ target, origin, call })),
    openTab: vi.fn(async () => 77),
    isPrivateTab: vi.fn(async () => false),
    showUnlock: vi.fn(async () => undefined),
    pendingOpens: { read: async () => ({ ...pending }), write: async (value) => void (pending = { ...value }) },
  };
  const drafts = createDrafts(deps);
  return {
    db,
    drafts,
    deps,
    calls,
    tick: (ms: number) => void (now += ms),
    unlock: async () => void (opener = await createOpener((await createVaultRecord('x', 1, 1_000)).privateKey)),
  };
}

describe('drafts in the background', () => {
  it("saves a draft under the browser's page address and origin, whatever the page says", async () => {
    const { db, drafts } = await setup();
    expect(await drafts.handlers.saveDraft(save('first words'), PAGE)).toEqual({ ok: true, kept: true });
    const [draft] = await db.drafts.toArray();
    expect(draft).toMatchObject({
      pageKey: 'https://shop.example/order',
      origin: 'https://shop.example',
      state: 'editing',
      writer: '4:0|doc-4|tok|0',
    });
    expect(draft.content).toEqual({
      pageUrl: PAGE.url,
      pageTitle: 'Order',
      fields: save('first words').forms[0].fields,
    });
  });

  it.each([
    ['a sandboxed document', { ...PAGE, origin: 'null' }, {}, DRAFT_REFUSALS.opaque],
    ['drafts turned off', PAGE, { drafts: false }, DRAFT_REFUSALS.off],
    ['Form Outbox paused', PAGE, { paused: true }, DRAFT_REFUSALS.paused],
    ['a blocked site', PAGE, { blockedSites: ['shop.example'] }, DRAFT_REFUSALS['site-off']],
    ['a site without drafts', PAGE, { draftsOffSites: ['shop.example'] }, DRAFT_REFUSALS['site-off']],
    [
      'a site not allowed (only-allowed mode)',
      PAGE,
      { siteMode: 'only-allowed', allowedSites: ['other.example'] },
      DRAFT_REFUSALS['site-off'],
    ],
  ] as Array<[string, PageSender, Partial<Settings>, string]>)(
    'keeps nothing from %s (control: the same save elsewhere is kept)',
    async (_what, sender, settings, refusal) => {
      const { db, drafts, calls } = await setup({ settings });
      // Refused by the person's settings (or a sandbox): kept: false, not an error the page must report.
      expect(await drafts.handlers.saveDraft(save('nope'), sender)).toEqual({ ok: true, kept: false });
      expect(await drafts.handlers.draftStarted({}, sender)).toEqual({ ok: false, code: refusal });
      expect(calls).toEqual([]);
      expect(await db.drafts.count()).toBe(0);
      const control = await setup();
      expect(await control.drafts.handlers.saveDraft(save('yes'), PAGE)).toEqual({ ok: true, kept: true });
      expect(await control.db.drafts.count()).toBe(1);
    },
  );

  it('injects the drafts code into the very document that started typing', async () => {
    const { drafts, calls } = await setup();
    expect(await drafts.handlers.draftStarted({}, PAGE)).toEqual({ ok: true });
    expect(calls).toEqual([
      {
        target: { tabId: 4, frameId: 0, documentId: 'doc-4' },
        origin: 'https://shop.example',
        call: { kind: 'start' },
      },
    ]);
  });

  it('refuses malformed saves', async () => {
    const { db, drafts } = await setup();
    expect(await drafts.handlers.saveDraft({ doc: 5 } as never, PAGE)).toMatchObject({ ok: false });
    expect(await db.drafts.count()).toBe(0);
  });

  it('seals drafts with the public key while encryption is on, even locked (control: readable when off)', async () => {
    const { db, drafts } = await setup({ sealed: true, locked: true });
    await drafts.handlers.saveDraft(save('fever 39.5'), PAGE);
    const [draft] = await db.drafts.toArray();
    expect(draft.content).toBeUndefined();
    expect(draft.sealed).toBeDefined();
    expect(
      JSON.stringify(draft, (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v)),
    ).not.toContain('fever');
    const plain = await setup();
    await plain.drafts.handlers.saveDraft(save('fever 39.5'), PAGE);
    expect(JSON.stringify(await plain.db.drafts.toArray())).toContain('fever');
  });

  it('ends a draft when the page shows its form cleared, and keeps nothing for an empty form', async () => {
    const { db, drafts } = await setup();
    await drafts.handlers.saveDraft(save('typed'), PAGE);
    await drafts.handlers.saveDraft(save('', { cleared: true, fields: [] }), PAGE);
    expect(await db.drafts.count()).toBe(0);
    await drafts.handlers.saveDraft(save('', { fields: [{ key: 'notes', kind: 'text', value: '  ' }] }), PAGE);
    expect(await db.drafts.count()).toBe(0);
  });

  it('a native submission ends its draft once the server accepted it and a document committed (control: a 500 keeps it)', async () => {
    const { db, drafts, tick } = await setup();
    await drafts.handlers.saveDraft(save('accepted'), PAGE);
    await drafts.handlers.draftSubmitted({ doc: 'tok', slot: 0, byScript: false, at: 1_000_000 }, PAGE);
    expect((await db.drafts.toArray())[0].state).toBe('submitted');
    tick(50);
    drafts.onResponse({ tabId: 4, frameId: 0, statusCode: 303, timeStamp: 1_000_010 });
    drafts.onCommitted({ tabId: 4, frameId: 0, timeStamp: 1_000_030 });
    await vi.waitFor(async () => expect(await db.drafts.count()).toBe(0));

    await drafts.handlers.saveDraft({ ...save('refused'), doc: 'tok2' }, PAGE);
    tick(1_000);
    drafts.onResponse({ tabId: 4, frameId: 0, statusCode: 500, timeStamp: 1_001_060 });
    drafts.onCommitted({ tabId: 4, frameId: 0, timeStamp: 1_001_070 });
    // The page's message comes after the browser's events: judged from the frame's log.
    await drafts.handlers.draftSubmitted({ doc: 'tok2', slot: 0, byScript: false, at: 1_001_050 }, PAGE);
    const [kept] = await db.drafts.toArray();
    expect(kept.state).toBe('editing');
  });

  it('a page cannot postpone or pick the verdict with the time it claims', async () => {
    const { db, drafts } = await setup();
    await drafts.handlers.saveDraft(save('typed'), PAGE);
    drafts.onResponse({ tabId: 4, frameId: 0, statusCode: 500, timeStamp: 1_000_000 - 10 });
    // Claiming a time far in the future changes nothing: the background's clock bounds it.
    await drafts.handlers.draftSubmitted({ doc: 'tok', slot: 0, byScript: false, at: 9_999_999_999 }, PAGE);
    expect((await db.drafts.toArray())[0].state).toBe('editing');
  });

  it("a submission queued in the outbox links its draft; the item's delivery ends it; a failed item keeps it offered", async () => {
    const { db, drafts, calls } = await setup();
    await drafts.handlers.saveDraft(save('queued words'), PAGE);
    await drafts.handlers.saveDraft(
      {
        ...save('other form'),
        forms: [
          {
            ...save('x').forms[0],
            slot: 1,
            form: { kind: 'form', action: 'https://shop.example/search', names: ['q'], index: 1 },
            fields: [{ key: 'q', kind: 'text', value: 'pumps' }],
          },
        ],
      },
      PAGE,
    );
    const request = makeRequest(
      [
        { name: 'subject', value: 'Pump' },
        { name: 'notes', value: 'queued words' },
      ],
      'https://shop.example/submit',
    );
    const { id } = await enqueueItem(db, {
      request,
      source: { ...SOURCE, pageUrl: PAGE.url },
      fingerprint: 'f',
      now: 1,
      draftLink: drafts.draftLinkFor(request, { pageUrl: PAGE.url, tabId: 4, frameId: 0, documentId: 'doc-4' }),
    });
    const linked = (await db.drafts.toArray()).find((d) => d.itemId);
    expect(linked).toMatchObject({ state: 'queued', itemId: id });
    expect((await db.drafts.toArray()).filter((d) => d.itemId)).toHaveLength(1);

    // Waiting in the outbox: not offered (restoring would invite a second send).
    await drafts.onPageLoaded({ tabId: 9, frameId: 0, url: PAGE.url });
    expect(calls.at(-1)?.call).toMatchObject({
      kind: 'offer',
      offers: [expect.objectContaining({ preview: 'pumps' })],
    });
    // Failed: offered.
    await db.items.update(id, { status: 'failed' });
    await drafts.onPageLoaded({ tabId: 9, frameId: 0, url: PAGE.url });
    expect((calls.at(-1)!.call as { offers: unknown[] }).offers).toHaveLength(2);
    await drafts.onItemSent(id);
    expect(await db.drafts.count()).toBe(1);
  });

  it("links the draft in the item's own transaction: a write that fails (a full disk) links nothing; a double submit links the first item (control: the write that lands links it)", async () => {
    const { db, drafts } = await setup();
    await drafts.handlers.saveDraft(save('mine'), PAGE);
    const request = makeRequest([{ name: 'notes', value: 'mine' }], 'https://shop.example/submit');
    const from = { pageUrl: PAGE.url, tabId: 4, frameId: 0, documentId: 'doc-4' };
    const queue = () =>
      enqueueItem(db, {
        request,
        source: { ...SOURCE, pageUrl: PAGE.url },
        fingerprint: 'same',
        now: 1,
        draftLink: drafts.draftLinkFor(request, from),
      });
    vi.spyOn(db.items, 'add').mockRejectedValueOnce(
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    );
    await expect(queue()).rejects.toThrow(/quota/);
    expect(await db.items.count()).toBe(0);
    expect((await db.drafts.toArray())[0]).toMatchObject({ state: 'editing' });
    expect((await db.drafts.toArray())[0].itemId).toBeUndefined();
    const { id } = await queue();
    expect((await db.drafts.toArray())[0]).toMatchObject({ state: 'queued', itemId: id });
    // Typed again (detached), then Submit pressed twice: the second press folds into the first item
    // and links the draft to it again.
    await drafts.handlers.saveDraft(save('mine, again'), PAGE);
    expect((await db.drafts.toArray())[0].itemId).toBeUndefined();
    expect(await queue()).toEqual({ id, duplicate: true });
    expect((await db.drafts.toArray())[0]).toMatchObject({ state: 'queued', itemId: id });
  });

  it('does not link a queued submission from another document or origin', async () => {
    const { db, drafts } = await setup();
    await drafts.handlers.saveDraft(save('mine'), PAGE);
    const request = makeRequest([{ name: 'notes', value: 'mine' }], 'https://shop.example/submit');
    const queue = (fingerprint: string, from: Parameters<typeof drafts.draftLinkFor>[1]) =>
      enqueueItem(db, {
        request,
        source: { ...SOURCE, pageUrl: from.pageUrl },
        fingerprint,
        now: 1,
        draftLink: drafts.draftLinkFor(request, from),
      });
    await queue('x', { pageUrl: PAGE.url, tabId: 4, frameId: 0, documentId: 'another-doc' });
    await queue('y', { pageUrl: 'https://evil.example/order', tabId: 4, frameId: 0, documentId: 'doc-4' });
    expect((await db.drafts.toArray())[0].itemId).toBeUndefined();
    // Control: from its own document and origin, it is linked.
    const { id } = await queue('z', { pageUrl: PAGE.url, tabId: 4, frameId: 0, documentId: 'doc-4' });
    expect((await db.drafts.toArray())[0].itemId).toBe(id);
  });

  it("offers a page's drafts with a preview and never the values; not in private windows, not where drafts are off", async () => {
    const { drafts, calls, deps } = await setup();
    await drafts.handlers.saveDraft(save('offered text'), PAGE);
    await drafts.onPageLoaded({ tabId: 9, frameId: 0, url: 'https://shop.example/order', documentId: 'doc-9' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      target: { tabId: 9, frameId: 0, documentId: 'doc-9' },
      origin: 'https://shop.example',
    });
    const offer = (calls[0].call as unknown as { offers: Array<Record<string, unknown>> }).offers[0];
    expect(offer).toMatchObject({ preview: 'Pump · offered text', locked: false, form: FORM });
    expect(JSON.stringify(offer)).not.toContain('"fields"');
    // Another page, another origin, a private window: nothing.
    await drafts.onPageLoaded({ tabId: 9, frameId: 0, url: 'https://shop.example/elsewhere' });
    await drafts.onPageLoaded({ tabId: 9, frameId: 0, url: 'https://evil.example/order' });
    vi.mocked(deps.isPrivateTab).mockResolvedValueOnce(true);
    await drafts.onPageLoaded({ tabId: 10, frameId: 0, url: 'https://shop.example/order' });
    expect(calls).toHaveLength(1);
  });

  it("gives a draft's values only to a document of its origin (control: its own origin gets them), and hands it that form", async () => {
    const { db, drafts } = await setup();
    await drafts.handlers.saveDraft(save('secret plans'), PAGE);
    const [draft] = await db.drafts.toArray();
    const evil: PageSender = { ...PAGE, tabId: 5, url: 'https://evil.example/order', origin: 'https://evil.example' };
    expect(await drafts.handlers.restoreDraft({ id: draft.id, doc: 'e', slot: 0 }, evil)).toEqual({
      ok: false,
      code: 'draftNotHere',
    });
    expect(
      await drafts.handlers.restoreDraft({ id: draft.id, doc: 'e', slot: 0 }, { ...PAGE, origin: 'null' }),
    ).toMatchObject({ ok: false });
    const again: PageSender = { ...PAGE, tabId: 6, documentId: 'doc-6' };
    const answer = await drafts.handlers.restoreDraft({ id: draft.id, doc: 'new', slot: 2 }, again);
    expect(answer).toMatchObject({ ok: true, locked: false, form: FORM, fields: save('secret plans').forms[0].fields });
    expect((await db.drafts.get(draft.id))!.writer).toBe('6:0|doc-6|new|2');
  });

  it('while locked, a sealed draft is offered without a preview, and asking for it shows where to unlock (at most every 10 s)', async () => {
    const { db, drafts, calls, deps, tick } = await setup({ sealed: true, locked: true });
    await drafts.handlers.saveDraft(save('sealed text'), PAGE);
    await drafts.onPageLoaded({ tabId: 9, frameId: 0, url: PAGE.url });
    expect((calls[0].call as { offers: unknown[] }).offers).toEqual([expect.objectContaining({ locked: true })]);
    expect(JSON.stringify(calls[0].call)).not.toContain('sealed text');
    const [draft] = await db.drafts.toArray();
    expect(await drafts.handlers.restoreDraft({ id: draft.id, doc: 'd', slot: 0 }, PAGE)).toEqual({
      ok: true,
      locked: true,
    });
    expect(await drafts.handlers.restoreDraft({ id: draft.id, doc: 'd', slot: 0 }, PAGE)).toEqual({
      ok: true,
      locked: true,
    });
    expect(deps.showUnlock).toHaveBeenCalledTimes(1);
    tick(11_000);
    await drafts.handlers.restoreDraft({ id: draft.id, doc: 'd', slot: 0 }, PAGE);
    expect(deps.showUnlock).toHaveBeenCalledTimes(2);
  });

  it('discard keeps the draft in memory for undo only; discard all empties the table', async () => {
    const { db, drafts, tick } = await setup();
    await drafts.handlers.saveDraft(save('to discard'), PAGE);
    const [draft] = await db.drafts.toArray();
    expect(await drafts.handlers.discardDraft({ id: draft.id }, { kind: 'extension', url: 'x' })).toEqual({ ok: true });
    expect(await db.drafts.count()).toBe(0);
    expect(await drafts.handlers.undoDiscardDraft({ id: draft.id }, { kind: 'extension', url: 'x' })).toEqual({
      ok: true,
    });
    expect(await db.drafts.get(draft.id)).toEqual(draft);
    await drafts.handlers.discardDraft({ id: draft.id }, { kind: 'extension', url: 'x' });
    tick(11 * 60_000);
    expect(await drafts.handlers.undoDiscardDraft({ id: draft.id }, { kind: 'extension', url: 'x' })).toMatchObject({
      ok: false,
    });
    await drafts.handlers.undoDiscardDraft({ id: draft.id }, { kind: 'extension', url: 'x' });
    await drafts.handlers.saveDraft({ ...save('a'), doc: 'x1' }, PAGE);
    await drafts.handlers.saveDraft({ ...save('b'), doc: 'x2' }, PAGE);
    expect(await drafts.handlers.discardAllDrafts({}, { kind: 'extension', url: 'x' })).toEqual({ ok: true, count: 2 });
    expect(await db.drafts.count()).toBe(0);
  });

  it("opens a draft's page and restores it there, only into a document of its origin", async () => {
    const { db, drafts, calls, deps } = await setup();
    await drafts.handlers.saveDraft(save('reopen me'), PAGE);
    const [draft] = await db.drafts.toArray();
    expect(await drafts.handlers.openDraft({ id: draft.id }, { kind: 'extension', url: 'x' })).toEqual({
      ok: true,
      tabId: 77,
    });
    expect(deps.openTab).toHaveBeenCalledWith(PAGE.url);
    // The page redirected to another site: nothing is injected there.
    await drafts.onPageLoaded({ tabId: 77, frameId: 0, url: 'https://evil.example/' });
    expect(calls).toEqual([]);
    await drafts.handlers.openDraft({ id: draft.id }, { kind: 'extension', url: 'x' });
    await drafts.onPageLoaded({ tabId: 77, frameId: 0, url: PAGE.url, documentId: 'd77' });
    expect(calls).toEqual([
      {
        target: { tabId: 77, frameId: 0, documentId: 'd77' },
        origin: 'https://shop.example',
        call: { kind: 'restoreNow', id: draft.id, form: FORM },
      },
    ]);
  });

  it('deletes drafts past the retention and counts them (never silently)', async () => {
    const { db, drafts, tick } = await setup({ settings: { keepDraftsMs: 24 * 3_600_000 } });
    await drafts.handlers.saveDraft(save('old'), PAGE);
    tick(25 * 3_600_000);
    expect(await drafts.pruneExpired(true)).toBe(1);
    expect(await db.drafts.count()).toBe(0);
    expect(await readMeta(db, EXPIRED_META_KEY)).toMatchObject({ count: 1 });
    expect(await drafts.handlers.clearExpiredDrafts({}, { kind: 'extension', url: 'x' })).toEqual({ ok: true });
    expect(await readMeta(db, EXPIRED_META_KEY)).toBeUndefined();
  });
});
