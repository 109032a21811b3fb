import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createVault, VaultLockedError } from '@/utils/background/vault';
import { createOutboxService } from '@/utils/background/outbox-service';
import type { OutboxDatabase } from '@/utils/db/database';
import type { WireSubmission } from '@/utils/messaging';
import { freshDatabase, makeRequest } from '../db/helpers';
import { enqueueItem } from '@/utils/db/outbox-repository';
import { setSetting } from '@/utils/platform/settings-store';
import { installFakePermissions } from '../fake-permissions';

const FAST = 1_000;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  await cleanup?.();
  cleanup = undefined;
  fakeBrowser.reset();
});

async function db(): Promise<OutboxDatabase> {
  const fresh = await freshDatabase();
  cleanup = fresh.cleanup;
  return fresh.db;
}

/** Everything stored for the items, as text, to look for plaintext. */
async function storedText(database: OutboxDatabase): Promise<string> {
  const rows = await database.items.toArray();
  const parts: string[] = [
    JSON.stringify(rows, (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v)),
  ];
  for (const row of rows) {
    for (const file of row.sealed?.files ?? []) parts.push(await file.blob.text());
    for (const entry of row.request.entries) if ('file' in entry) parts.push(await entry.file.blob.text());
  }
  return parts.join('\n');
}

const source = { pageUrl: 'https://clinic.example/visit?patient=Jane', pageTitle: 'Visit of Jane', referrerPolicy: '' };

describe('vault', () => {
  it('seals items already queued when turned on (control: readable before), and opens them back when turned off', async () => {
    const database = await db();
    const vault = createVault(database, FAST);
    const request = makeRequest([
      { name: 'note', value: 'Jane has a fever' },
      { name: 'scan', file: { name: 'scan.png', type: 'image/png', lastModified: 1, blob: new Blob(['PNGBYTES']) } },
    ]);
    await enqueueItem(database, { request, source, fingerprint: 'f', now: 1 });
    expect(await storedText(database)).toContain('Jane has a fever');

    await vault.setPassphrase('long enough pass');
    const text = await storedText(database);
    expect(text).not.toContain('Jane');
    expect(text).not.toContain('PNGBYTES');
    const [sealed] = await database.items.toArray();
    expect(sealed.request.url).toBe('https://shop.example/submit');
    expect((await vault.open(sealed)).request.entries[0]).toEqual({ name: 'note', value: 'Jane has a fever' });

    await expect(vault.removePassphrase('wrong passphrase')).rejects.toThrow('passphraseWrong');
    await vault.removePassphrase('long enough pass');
    expect(await storedText(database)).toContain('Jane has a fever');
    expect(await storedText(database)).toContain('PNGBYTES');
    expect(await vault.status()).toEqual({ enabled: false, unlocked: true });
  });

  it('locks: captures are still sealed (public key), opening waits for the passphrase', async () => {
    const database = await db();
    const vault = createVault(database, FAST);
    await vault.setPassphrase('long enough pass');
    await vault.lock();
    expect(await vault.status()).toEqual({ enabled: true, unlocked: false });
    expect(await vault.isLocked()).toBe(true);
    const parts = await vault.prepare(
      makeRequest([{ name: 'note', value: 'secret words' }]),
      source,
      'plain-fingerprint',
    );
    expect(parts.fingerprint).not.toBe('plain-fingerprint');
    await enqueueItem(database, { ...parts, now: 1 });
    expect(await storedText(database)).not.toContain('secret words');
    const [item] = await database.items.toArray();
    await expect(vault.open(item)).rejects.toBeInstanceOf(VaultLockedError);
    await expect(vault.unlock('not the pass')).rejects.toThrow('passphraseWrong');
    await vault.unlock('long enough pass');
    expect((await vault.open(item)).request.entries).toEqual([{ name: 'note', value: 'secret words' }]);
  });

  it('a worker restart keeps the session key; a browser restart (session storage gone) locks', async () => {
    const database = await db();
    await createVault(database, FAST).setPassphrase('long enough pass');
    expect(await createVault(database, FAST).status()).toEqual({ enabled: true, unlocked: true });
    await fakeBrowser.storage.session.clear();
    expect(await createVault(database, FAST).status()).toEqual({ enabled: true, unlocked: false });
  });

  it('a changed passphrase opens old items; short passphrases are refused', async () => {
    const database = await db();
    const vault = createVault(database, FAST);
    await expect(vault.setPassphrase('short')).rejects.toMatchObject({
      failure: { code: 'passphraseShort', args: [8] },
    });
    await vault.setPassphrase('first passphrase');
    await enqueueItem(database, {
      ...(await vault.prepare(makeRequest([{ name: 'a', value: 'kept' }]), source, 'f')),
      now: 1,
    });
    await vault.changePassphrase('first passphrase', 'second passphrase');
    await vault.lock();
    await expect(vault.unlock('first passphrase')).rejects.toThrow('passphraseWrong');
    await vault.unlock('second passphrase');
    const [item] = await database.items.toArray();
    expect((await vault.open(item)).request.entries).toEqual([{ name: 'a', value: 'kept' }]);
  });
});

describe('encryption holes (issue 15)', () => {
  /** Everything in the meta table, as text (the trash lives there). */
  const metaText = async (database: OutboxDatabase) =>
    JSON.stringify(await database.meta.toArray(), (_k, v: unknown) =>
      v instanceof Uint8Array ? new TextDecoder().decode(v) : v,
    );

  it('seals discarded items kept for undo when turned on (control: readable before), and opens them when turned off', async () => {
    const database = await db();
    const vault = createVault(database, FAST);
    await enqueueItem(database, {
      request: makeRequest([{ name: 'note', value: 'trashed words' }]),
      source,
      fingerprint: 't',
      now: 1,
    });
    const [item] = await database.items.toArray();
    await database.items.delete(item.id);
    await database.meta.put({ key: `trash:${item.id}`, value: { item, discardedAt: 5 } });
    expect(await metaText(database)).toContain('trashed words');
    await vault.setPassphrase('long enough pass');
    expect(await metaText(database)).not.toContain('trashed words');
    expect(await metaText(database)).not.toContain('Jane');
    await vault.removePassphrase('long enough pass');
    expect(await metaText(database)).toContain('trashed words');
    expect(((await database.meta.get(`trash:${item.id}`))?.value as { discardedAt: number }).discardedAt).toBe(5);
  });

  it('a removal cut before the end (crash) loses nothing: the record stays until every item is open, and the removal resumes at the next start', async () => {
    const database = await db();
    const vault = createVault(database, FAST);
    await vault.setPassphrase('long enough pass');
    for (const value of ['one', 'two'])
      await enqueueItem(database, {
        ...(await vault.prepare(makeRequest([{ name: 'note', value }]), source, value)),
        now: 1,
      });
    // The worker dies while removing: the flag is down, one item is opened, the other not yet.
    await database.meta.put({ key: 'vaultRemoving', value: true });
    const [first] = await database.items.orderBy('seq').toArray();
    const opened = await vault.open(first);
    await database.items.put({ ...opened });
    // The record that opens the other one is still there.
    expect(await database.meta.get('vault')).toBeDefined();
    const restarted = createVault(database, FAST);
    await restarted.resumeRemoval();
    expect(await database.meta.get('vault')).toBeUndefined();
    expect((await database.items.orderBy('seq').toArray()).map((i) => [i.sealed, i.request.entries])).toEqual([
      [undefined, [{ name: 'note', value: 'one' }]],
      [undefined, [{ name: 'note', value: 'two' }]],
    ]);
  });

  it('a cut removal waits for the passphrase after a browser restart, then finishes on unlock (control: nothing is opened while locked)', async () => {
    const database = await db();
    const vault = createVault(database, FAST);
    await vault.setPassphrase('long enough pass');
    await enqueueItem(database, {
      ...(await vault.prepare(makeRequest([{ name: 'note', value: 'waiting' }]), source, 'w')),
      now: 1,
    });
    await database.meta.put({ key: 'vaultRemoving', value: true });
    await fakeBrowser.storage.session.clear();
    const restarted = createVault(database, FAST);
    await restarted.resumeRemoval();
    expect(await database.meta.get('vault')).toBeDefined();
    expect(await storedText(database)).not.toContain('waiting');
    await restarted.unlock('long enough pass');
    expect(await database.meta.get('vault')).toBeUndefined();
    expect(await storedText(database)).toContain('waiting');
  });
});

describe('forgotten passphrase', () => {
  it('deletes only the encrypted items (and their undo copies), then encryption is off', async () => {
    const database = await db();
    const vault = createVault(database, FAST);
    await enqueueItem(database, {
      request: makeRequest([{ name: 'a', value: 'plain' }]),
      source,
      fingerprint: 'p',
      now: 1,
    });
    await vault.setPassphrase('long enough pass');
    await vault.removePassphrase('long enough pass');
    await vault.setPassphrase('second passphrase');
    await enqueueItem(database, {
      ...(await vault.prepare(makeRequest([{ name: 'a', value: 'sealed' }]), source, 's')),
      now: 2,
    });
    await database.meta.put({ key: 'trash:x', value: { item: (await database.items.toArray())[1], discardedAt: 2 } });
    await vault.lock();
    // The item captured before is sealed too now (encryption on): both go. A control item stored plain after forgetting stays.
    expect(await vault.forget()).toBe(2);
    await enqueueItem(database, {
      ...(await vault.prepare(makeRequest([{ name: 'a', value: 'after' }]), source, 'q')),
      now: 3,
    });
    expect((await database.items.toArray()).map((i) => i.request.entries)).toEqual([[{ name: 'a', value: 'after' }]]);
    expect(await database.meta.get('trash:x')).toBeUndefined();
    expect(await vault.status()).toEqual({ enabled: false, unlocked: true });
  });
});

describe('the service with encryption on', () => {
  const wire: WireSubmission = {
    method: 'POST',
    url: 'https://clinic.example/submit?visit=7',
    enctype: 'application/x-www-form-urlencoded',
    entries: [{ name: 'note', value: 'Jane has a fever' }],
    page: source.pageUrl ? { url: source.pageUrl, title: source.pageTitle, referrerPolicy: '' } : (undefined as never),
  };

  it('stores captures sealed, refuses vault commands from pages, and does not send while locked', async () => {
    const database = await db();
    vi.stubGlobal('navigator', { onLine: false });
    const service = createOutboxService(database);
    await service.ready;
    const fromPopup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const fromPage = {
      id: fakeBrowser.runtime.id,
      tab: { id: 3 },
      frameId: 0,
      url: 'https://clinic.example/visit?patient=Jane',
    };
    expect(
      await service.onMessage({ type: 'setPassphrase', data: { passphrase: 'long enough pass' } }, fromPage),
    ).toMatchObject({ ok: false });
    expect(await service.onMessage({ type: 'getVaultStatus', data: {} }, fromPopup)).toEqual({
      ok: true,
      enabled: false,
      unlocked: true,
    });
    // The product's PBKDF2 cost (600,000 iterations) is used here: slow-ish but real.
    expect(
      await service.onMessage({ type: 'setPassphrase', data: { passphrase: 'long enough pass' } }, fromPopup),
    ).toEqual({ ok: true, enabled: true, unlocked: true });
    expect(await service.onMessage({ type: 'enqueueSubmission', data: wire }, fromPage)).toMatchObject({ ok: true });
    const text = await storedText(database);
    expect(text).not.toContain('Jane');
    expect(text).not.toContain('visit=7');
    expect(await service.onMessage({ type: 'lock', data: {} }, fromPopup)).toEqual({
      ok: true,
      enabled: true,
      unlocked: false,
    });
    expect(await service.onMessage({ type: 'unlock', data: { passphrase: 'nope nope nope' } }, fromPopup)).toEqual({
      ok: false,
      code: 'passphraseWrong',
    });

    // The network-rule and cookie APIs have no fake: the ones sending needs answer as an empty browser would.
    const dnr = fakeBrowser.declarativeNetRequest as unknown as Record<string, unknown>;
    dnr.getSessionRules = async () => [];
    dnr.updateSessionRules = async () => undefined;
    (fakeBrowser.cookies as unknown as Record<string, unknown>).getAll = async () => [];
    (fakeBrowser.webRequest as unknown as Record<string, unknown>).onHeadersReceived = {
      addListener: () => undefined,
      removeListener: () => undefined,
    };

    // Online and locked: a replay pass sends nothing.
    const fetches: string[] = [];
    vi.stubGlobal('navigator', { onLine: true });
    vi.stubGlobal('fetch', async (url: string) => {
      fetches.push(String(url));
      return new Response('ok', { status: 200 });
    });
    const notices: unknown[] = [];
    // The person turned notifications on (the setting and the browser's permission).
    installFakePermissions().granted.add('notifications');
    await setSetting('notifications', true);
    (fakeBrowser.notifications as unknown as Record<string, unknown>).create = async (...args: unknown[]) =>
      void notices.push(args);
    await service.replay();
    await service.replay();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fetches).toEqual([]);
    // The user is told once per browser session why nothing is sent.
    expect(notices).toEqual([
      [
        'form-outbox-locked',
        expect.objectContaining({
          title: 'Locked',
          message: '1 encrypted submission waits for your passphrase before it can be sent.',
        }),
      ],
    ]);
    expect((await database.items.toArray()).map((i) => i.status)).toEqual(['pending']);

    // Control: unlocked, the same pass sends the opened submission to its real address.
    expect(await service.onMessage({ type: 'unlock', data: { passphrase: 'long enough pass' } }, fromPopup)).toEqual({
      ok: true,
      enabled: true,
      unlocked: true,
    });
    await expect.poll(() => fetches).toEqual(['https://clinic.example/submit?visit=7']);
    await expect.poll(async () => (await database.items.toArray()).map((i) => i.status)).toEqual(['sent']);
  }, 30_000);
});
