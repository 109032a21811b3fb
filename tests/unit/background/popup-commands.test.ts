import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createPopupCommands } from '@/utils/background/popup-commands';
import { openOutboxDatabase, type OutboxDatabase } from '@/utils/db/database';
import { enqueueItem, leaseItem, settleItem } from '@/utils/db/outbox-repository';
import { loadQueueView } from '@/utils/db/queue-view';
import { pruneTrash } from '@/utils/db/trash';

let db: OutboxDatabase;
let name: string;
// Who may send these is the message gate's business (message-gate.test.ts).
const popup = () => ({ kind: 'extension' as const, url: fakeBrowser.runtime.getURL('/popup.html') });

async function queueFailed(value = 'bad'): Promise<string> {
  const now = Date.now();
  const { id } = await enqueueItem(db, {
    request: {
      method: 'POST',
      url: 'https://a.example/submit',
      enctype: 'application/x-www-form-urlencoded',
      entries: [
        { name: 'code', value },
        { name: 'name', value: 'Ana' },
      ],
    },
    source: { pageUrl: 'https://a.example/form', pageTitle: 'Form', referrerPolicy: '' },
    fingerprint: `fp-${value}-${Math.random()}`,
    now,
  });
  const leased = (await leaseItem(db, id, now))!;
  await settleItem(
    db,
    leased,
    { kind: 'failed', error: { kind: 'http', status: 422, message: 'Rejected', at: now } },
    now,
  );
  return id;
}

beforeEach(() => {
  name = `popup-commands-${Math.random()}`;
  db = openOutboxDatabase(name);
});
afterEach(async () => {
  db.close();
  await indexedDB.deleteDatabase(name);
});

function setup() {
  const deps = { replay: vi.fn(async () => undefined), refreshBadge: vi.fn(async () => undefined) };
  return { deps, commands: createPopupCommands(db, deps) };
}

describe('popup commands', () => {
  it('retries with edited values, renews the idempotency key, refreshes the badge and replays', async () => {
    const { commands, deps } = setup();
    const id = await queueFailed();
    const before = (await db.items.get(id))!;
    expect(await commands.retryItem({ id, values: { 0: 'good' } }, popup())).toEqual({ ok: true });
    const after = (await db.items.get(id))!;
    expect(after.status).toBe('pending');
    expect(after.request.entries[0]).toEqual({ name: 'code', value: 'good' });
    expect(after.request.entries[1]).toEqual({ name: 'name', value: 'Ana' });
    expect(after.idempotencyKey).not.toBe(before.idempotencyKey);
    expect(deps.refreshBadge).toHaveBeenCalled();
    expect(deps.replay).toHaveBeenCalled();
    expect(await commands.retryItem({ id, values: { 0: 7 } as never }, popup())).toMatchObject({ ok: false });
  });

  it('retries all failed items', async () => {
    const { commands } = setup();
    await queueFailed('a');
    await queueFailed('b');
    expect(await commands.retryAllFailed({}, popup())).toEqual({ ok: true, count: 2 });
    expect(await db.items.where('status').equals('pending').count()).toBe(2);
  });

  it('discards into the trash and restores the same item (undo)', async () => {
    const { commands } = setup();
    const id = await queueFailed();
    const original = await db.items.get(id);
    expect(await commands.discardItem({ id }, popup())).toEqual({ ok: true });
    expect(await db.items.get(id)).toBeUndefined();
    expect(await commands.restoreItem({ id }, popup())).toEqual({ ok: true });
    expect(await db.items.get(id)).toEqual(original);
    expect(await commands.restoreItem({ id }, popup())).toMatchObject({ ok: false });
  });

  it('forgets trashed items after the undo window', async () => {
    const { commands } = setup();
    const id = await queueFailed();
    await commands.discardItem({ id }, popup());
    expect(await pruneTrash(db, Date.now() + 1)).toBe(1);
    expect(await commands.restoreItem({ id }, popup())).toMatchObject({ ok: false });
  });

  it('clears the sent history only', async () => {
    const { commands } = setup();
    const failed = await queueFailed();
    const { id } = await enqueueItem(db, {
      request: {
        method: 'GET',
        url: 'https://a.example/s?q=1',
        enctype: 'application/x-www-form-urlencoded',
        entries: [],
      },
      source: { pageUrl: 'https://a.example/', pageTitle: 'S', referrerPolicy: '' },
      fingerprint: 'sent-one',
      now: Date.now(),
    });
    const leased = (await leaseItem(db, id, Date.now()))!;
    await settleItem(
      db,
      leased,
      { kind: 'sent', result: { status: 200, finalUrl: 'https://a.example/s', redirected: false, sentAt: Date.now() } },
      Date.now(),
    );
    expect(await commands.clearSent({}, popup())).toEqual({ ok: true, count: 1 });
    expect((await db.items.toArray()).map((i) => i.id)).toEqual([failed]);
  });

  it("opens the item's page in a new tab for the refill", async () => {
    const { commands } = setup();
    const id = await queueFailed();
    const answer = await commands.openAndRefill({ id }, popup());
    expect(answer.ok).toBe(true);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.some((t) => t.url === 'https://a.example/form')).toBe(true);
    expect(await commands.openAndRefill({ id: 'nope' }, popup())).toEqual({ ok: false, code: 'itemGone' });
  });
});

describe('loadQueueView', () => {
  it('counts by index and reads limited lists', async () => {
    for (let i = 0; i < 30; i++) await queueFailed(`v${i}`);
    const view = await loadQueueView(db, { pending: 5, failed: 10, sent: 5 });
    expect(view.counts.failed).toBe(30);
    expect(view.failed).toHaveLength(10);
    expect(view.pending).toHaveLength(0);
    expect(view.lastSentAt).toBeUndefined();
  });
});
