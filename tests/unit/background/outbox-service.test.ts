import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createOutboxService, PRIVATE_WINDOW_REFUSAL } from '@/utils/background/outbox-service';
import { NOT_ALLOWED } from '@/utils/background/message-gate';
import { OPAQUE_ORIGIN_REFUSAL } from '@/utils/background/page-commands';
import type { OutboxDatabase } from '@/utils/db/database';
import type { WireSubmission } from '@/utils/messaging';
import { freshDatabase } from '../db/helpers';

const wire = (value: string): WireSubmission => ({
  method: 'POST',
  url: 'https://shop.example/submit',
  enctype: 'application/x-www-form-urlencoded',
  entries: [{ name: 'note', value }],
  page: { url: 'https://shop.example/form', title: 'Form', referrerPolicy: '' },
});

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  await cleanup?.();
  cleanup = undefined;
});

async function serviceWithDb(): Promise<{ db: OutboxDatabase; service: ReturnType<typeof createOutboxService> }> {
  const fresh = await freshDatabase();
  cleanup = fresh.cleanup;
  // Offline: the service stores but does not try to send (no network in unit tests).
  vi.stubGlobal('navigator', { onLine: false });
  const service = createOutboxService(fresh.db);
  await service.ready;
  return { db: fresh.db, service };
}

const fromPage = () => ({
  id: fakeBrowser.runtime.id,
  tab: { id: 7 },
  frameId: 0,
  url: 'https://shop.example/form',
  origin: 'https://shop.example',
});

describe('enqueueSubmission', () => {
  it('acknowledges only once the item is stored (control)', async () => {
    const { db, service } = await serviceWithDb();
    const answer = await service.onMessage({ type: 'enqueueSubmission', data: wire('first') }, fromPage());
    expect(answer).toMatchObject({ ok: true, duplicate: false });
    expect((await db.items.toArray()).map((i) => i.request.entries)).toEqual([[{ name: 'note', value: 'first' }]]);
  });

  it('a full disk (QuotaExceededError) is told to the page in plain words, and what was queued stays intact', async () => {
    const { db, service } = await serviceWithDb();
    await service.onMessage({ type: 'enqueueSubmission', data: wire('first') }, fromPage());
    vi.spyOn(db.items, 'add').mockRejectedValueOnce(
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    );
    const answer = await service.onMessage({ type: 'enqueueSubmission', data: wire('second') }, fromPage());
    expect(answer).toMatchObject({ ok: false, code: 'storageFull' });
    const items = await db.items.toArray();
    expect(items.map((i) => [i.status, i.request.entries[0]])).toEqual([['pending', { name: 'note', value: 'first' }]]);
  });

  it('refuses malformed submissions, non-web targets and messages that do not come from a page', async () => {
    const { db, service } = await serviceWithDb();
    const bad = { ...wire('x'), url: 'javascript:alert(1)' };
    expect(await service.onMessage({ type: 'enqueueSubmission', data: bad }, fromPage())).toEqual({
      ok: false,
      code: 'notHttp',
    });
    expect(
      await service.onMessage({ type: 'enqueueSubmission', data: wire('x') }, { id: fakeBrowser.runtime.id }),
    ).toEqual(NOT_ALLOWED.page);
    expect(
      await service.onMessage(
        { type: 'enqueueSubmission', data: wire('x') },
        { ...fromPage(), id: 'another-extension' },
      ),
    ).toEqual(NOT_ALLOWED.page);
    expect(await db.items.count()).toBe(0);
  });
});

describe('private windows', () => {
  const fromPrivateTab = () => ({ ...fromPage(), tab: { id: 9, incognito: true } });
  const chunk = (uploadId: string) => ({ uploadId, fileIndex: 0, offset: 0, base64: btoa('file bytes') });

  it('stores nothing from a private tab, on disk or held for a dropped link; the same messages from a normal tab are (control)', async () => {
    const { db, service } = await serviceWithDb();
    const refused = PRIVATE_WINDOW_REFUSAL;
    expect(await service.onMessage({ type: 'enqueueSubmission', data: wire('private') }, fromPrivateTab())).toEqual(
      refused,
    );
    expect(
      await service.onMessage({ type: 'stageFileChunk', data: chunk('private-upload') }, fromPrivateTab()),
    ).toEqual(refused);
    expect(await service.onMessage({ type: 'holdSubmission', data: wire('private held') }, fromPrivateTab())).toEqual(
      refused,
    );
    // The private tab's navigation then dies at network level: nothing was held, so nothing is rescued.
    expect(
      await service.rescue.onErrorOccurred({
        tabId: 9,
        frameId: 0,
        url: 'https://shop.example/submit',
        error: 'net::ERR_CONNECTION_REFUSED',
      }),
    ).toBeUndefined();
    expect(await db.items.count()).toBe(0);
    expect(await db.uploads.count()).toBe(0);

    expect(await service.onMessage({ type: 'enqueueSubmission', data: wire('normal') }, fromPage())).toMatchObject({
      ok: true,
    });
    expect(await service.onMessage({ type: 'stageFileChunk', data: chunk('normal-upload') }, fromPage())).toEqual({
      ok: true,
    });
    const tab = await fakeBrowser.tabs.create({ url: 'https://shop.example/form' });
    expect(
      await service.onMessage(
        { type: 'holdSubmission', data: wire('normal held') },
        { ...fromPage(), tab: { id: tab.id } },
      ),
    ).toEqual({ ok: true });
    expect(
      await service.rescue.onErrorOccurred({
        tabId: tab.id!,
        frameId: 0,
        url: 'https://shop.example/submit',
        error: 'net::ERR_CONNECTION_REFUSED',
      }),
    ).toEqual(expect.any(String));
    const values = (await db.items.toArray()).map((i) =>
      i.request.entries.map((e) => ('value' in e ? e.value : e.name)).join(),
    );
    expect(values.sort()).toEqual(['normal', 'normal held']);
    expect(await db.uploads.count()).toBe(1);
  });
});

describe('settings', () => {
  it('refuses captures while paused, on a blocked site and for GET forms when those are off; a control is stored', async () => {
    await fakeBrowser.storage.local.set({ settings: { paused: true } });
    const { db, service } = await serviceWithDb();
    expect(await service.onMessage({ type: 'enqueueSubmission', data: wire('paused') }, fromPage())).toEqual({
      ok: false,
      code: 'paused',
    });
    await fakeBrowser.storage.local.set({ settings: { blockedSites: ['shop.example'] } });
    expect(await service.onMessage({ type: 'enqueueSubmission', data: wire('blocked') }, fromPage())).toMatchObject({
      ok: false,
      code: 'siteOff',
    });
    await fakeBrowser.storage.local.set({ settings: { captureGet: false } });
    const get = { ...wire('get'), method: 'GET' as const, url: 'https://shop.example/search?q=get' };
    expect(await service.onMessage({ type: 'enqueueSubmission', data: get }, fromPage())).toMatchObject({
      ok: false,
      code: 'getOff',
    });
    expect(await service.onMessage({ type: 'enqueueSubmission', data: wire('post') }, fromPage())).toMatchObject({
      ok: true,
    });
    expect((await db.items.toArray()).map((i) => i.request.entries[0])).toEqual([{ name: 'note', value: 'post' }]);
    await fakeBrowser.storage.local.clear();
  });

  it('keeps sent items only as long as the history setting says; failed items stay', async () => {
    const { db, service } = await serviceWithDb();
    await service.onMessage({ type: 'enqueueSubmission', data: wire('old') }, fromPage());
    await service.onMessage({ type: 'enqueueSubmission', data: wire('recent') }, fromPage());
    await service.onMessage({ type: 'enqueueSubmission', data: wire('failed') }, fromPage());
    const [old, recent, failed] = await db.items.orderBy('seq').toArray();
    const hour = 60 * 60_000;
    await db.items.update(old.id, { status: 'sent', updatedAt: Date.now() - 5 * hour });
    await db.items.update(recent.id, { status: 'sent', updatedAt: Date.now() - hour });
    await db.items.update(failed.id, { status: 'failed', updatedAt: Date.now() - 100 * hour });
    await fakeBrowser.storage.local.set({ settings: { keepSentMs: 2 * hour } });
    await expect
      .poll(async () => (await db.items.orderBy('seq').toArray()).map((i) => i.id))
      .toEqual([recent.id, failed.id]);
    await fakeBrowser.storage.local.clear();
  });
});

describe('what a page says about itself (issue 15)', () => {
  it("the stored page address is the browser's, not the message's; another origin or a sandboxed document is refused (control: a matching page is stored)", async () => {
    const { db, service } = await serviceWithDb();
    // The page's script changed location.href-based data, or a compromised renderer lies: same origin, other path.
    const claimed = {
      ...wire('claimed'),
      page: { url: 'https://shop.example/elsewhere', title: 'Form', referrerPolicy: '' },
    };
    expect(await service.onMessage({ type: 'enqueueSubmission', data: claimed }, fromPage())).toMatchObject({
      ok: true,
    });
    expect((await db.items.toArray()).map((i) => i.source.pageUrl)).toEqual(['https://shop.example/form']);

    const otherOrigin = {
      ...wire('other'),
      page: { url: 'https://bank.example/form', title: 'Bank', referrerPolicy: '' },
    };
    expect(await service.onMessage({ type: 'enqueueSubmission', data: otherOrigin }, fromPage())).toEqual({
      ok: false,
      code: 'notThisPage',
    });
    expect(
      await service.onMessage(
        { type: 'enqueueSubmission', data: wire('sandboxed') },
        { ...fromPage(), origin: 'null' },
      ),
    ).toEqual({ ok: false, ...OPAQUE_ORIGIN_REFUSAL });
    expect(await db.items.count()).toBe(1);
  });

  it("a tab cannot add to or use another tab's upload (control: the owner can)", async () => {
    const { db, service } = await serviceWithDb();
    const chunk = { uploadId: 'u-1', fileIndex: 0, offset: 0, base64: btoa('photo') };
    expect(await service.onMessage({ type: 'stageFileChunk', data: chunk }, fromPage())).toEqual({ ok: true });
    const otherTab = { ...fromPage(), tab: { id: 99 } };
    expect(await service.onMessage({ type: 'stageFileChunk', data: { ...chunk, offset: 5 } }, otherTab)).toEqual({
      ok: false,
      code: 'uploadForeign',
    });
    const withFile = {
      ...wire('x'),
      entries: [{ name: 'f', file: { index: 0, name: 'p.jpg', type: 'image/jpeg', size: 5, lastModified: 1 } }],
      uploadId: 'u-1',
    };
    expect(await service.onMessage({ type: 'enqueueSubmission', data: withFile }, otherTab)).toEqual({
      ok: false,
      code: 'uploadForeign',
    });
    expect(await service.onMessage({ type: 'abandonUpload', data: { uploadId: 'u-1' } }, otherTab)).toEqual({
      ok: true,
    });
    expect(await db.uploads.count()).toBe(1);
    expect(await service.onMessage({ type: 'enqueueSubmission', data: withFile }, fromPage())).toMatchObject({
      ok: true,
    });
    const [item] = await db.items.toArray();
    expect(item.request.entries[0]).toMatchObject({ name: 'f' });
    expect(await db.uploads.count()).toBe(0);
  });
});

describe('telling the page how it went (issue 15)', () => {
  it('only the document that made the submission is told: the message is addressed to its documentId (control: it is sent)', async () => {
    const { db, service } = await serviceWithDb();
    const sent: Array<[number, unknown, unknown]> = [];
    const tabs = fakeBrowser.tabs as unknown as Record<string, unknown>;
    tabs.sendMessage = async (tabId: number, message: unknown, options: unknown) =>
      void sent.push([tabId, message, options]);
    const dnr = fakeBrowser.declarativeNetRequest as unknown as Record<string, unknown>;
    dnr.getSessionRules = async () => [];
    dnr.updateSessionRules = async () => undefined;
    (fakeBrowser.webRequest as unknown as Record<string, unknown>).onHeadersReceived = {
      addListener: () => undefined,
      removeListener: () => undefined,
    };
    expect(
      await service.onMessage(
        { type: 'enqueueSubmission', data: wire('hello') },
        { ...fromPage(), documentId: 'DOC-1' },
      ),
    ).toMatchObject({ ok: true });
    vi.stubGlobal('navigator', { onLine: true });
    vi.stubGlobal(
      'fetch',
      async () => new Response('<h1>Thanks</h1>', { status: 200, headers: { 'content-type': 'text/html' } }),
    );
    await service.replay();
    await expect.poll(async () => (await db.items.toArray()).map((i) => i.status)).toEqual(['sent']);
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0][0]).toBe(7);
    expect(sent[0][2]).toEqual({ frameId: 0, documentId: 'DOC-1' });
  });
});
