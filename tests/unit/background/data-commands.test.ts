/**
 * The person's own data (docs/data.md), from the database up: the export written a part at a time,
 * its import (checked whole, all or nothing, duplicates skipped, never sent on its own) and
 * "delete everything". The handlers are called as the message gate would call them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDataCommands, type DataHandlers } from '@/utils/background/data-commands';
import { createVault, type Vault } from '@/utils/background/vault';
import type { DraftRecord } from '@/utils/core/draft-record';
import { EXPORT_FORMAT, EXPORT_VERSION, FILE_SLICE_BYTES } from '@/utils/core/export-format';
import type { ImportOutcome } from '@/utils/core/import-reading';
import type { OutboxItem } from '@/utils/core/types';
import type { OutboxDatabase } from '@/utils/db/database';
import { enqueueItem, leaseItem, listPending, retryItem, settleItem } from '@/utils/db/outbox-repository';
import { readStatusCounts } from '@/utils/db/status-counts';
import { importFile, IMPORT_SLICE_BYTES } from '@/utils/options/import-file';
import { buildExport, ExportLockedError } from '@/utils/popup/export';
import { getSettings, setSetting } from '@/utils/platform/settings-store';
import { bytes0to255, freshDatabase } from '../db/helpers';

const extension = () => ({ kind: 'extension' as const, url: fakeBrowser.runtime.getURL('/options.html') });
const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);

let source: { db: OutboxDatabase; cleanup: () => Promise<void> };
let target: { db: OutboxDatabase; cleanup: () => Promise<void> };

beforeEach(async () => {
  source = await freshDatabase();
  target = await freshDatabase();
});
afterEach(async () => {
  await source.cleanup();
  await target.cleanup();
});

function commandsFor(db: OutboxDatabase, vault: Vault = createVault(db, 1_000)) {
  const deps = {
    vault,
    forgetDrafts: vi.fn(),
    refreshBadge: vi.fn(async () => undefined),
    started: async () => undefined,
    now: () => NOW,
  };
  return { deps, handlers: createDataCommands(db, deps) };
}

/** importFile wired straight to `handlers`, as the gate would call them for the settings page. */
function importInto(handlers: DataHandlers, file: Blob): Promise<ImportOutcome> {
  return importFile(file, ((type: 'stageImportChunk' | 'importData', data: never) =>
    handlers[type](data, extension())) as never);
}

const BIG = (() => {
  // Past one slice, with a length that is not a multiple of 3: the base64 slices must join into one.
  const bytes = new Uint8Array(FILE_SLICE_BYTES + 1234);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
})();

/** A failed item with text, a binary file and a file of several slices; a sent item; a draft. */
async function fill(db: OutboxDatabase): Promise<{ failedId: string; sentId: string; draft: DraftRecord }> {
  const failed = await enqueueItem(db, {
    request: {
      method: 'POST',
      url: 'https://shop.example/submit?x=1',
      enctype: 'multipart/form-data',
      entries: [
        { name: 'notes', value: 'Zoë "quoted"\nline two \u{1F527}' },
        {
          name: 'photo',
          file: {
            name: 'bytes.bin',
            type: 'application/octet-stream',
            lastModified: 7,
            blob: new Blob([bytes0to255()]),
          },
        },
        {
          name: 'scan',
          file: { name: 'scan ünï.pdf', type: 'application/pdf', lastModified: 8, blob: new Blob([BIG]) },
        },
        { name: 'empty', file: { name: '', type: 'application/octet-stream', lastModified: 9, blob: new Blob([]) } },
      ],
    },
    source: {
      pageUrl: 'https://shop.example/form',
      pageTitle: 'Order',
      referrerPolicy: 'no-referrer',
      tabId: 4,
      frameId: 0,
      documentId: 'doc-1',
    },
    fingerprint: 'fp-1',
    now: NOW - 5_000,
  });
  const leased = (await leaseItem(db, failed.id, NOW - 4_000))!;
  await settleItem(
    db,
    leased,
    { kind: 'failed', error: { kind: 'http', status: 422, detail: 'Rejected.', at: NOW - 4_000 } },
    NOW - 4_000,
  );
  const sent = await enqueueItem(db, {
    request: {
      method: 'POST',
      url: 'https://shop.example/contact',
      enctype: 'application/x-www-form-urlencoded',
      entries: [{ name: 'msg', value: 'hi' }],
    },
    source: { pageUrl: 'https://shop.example/contact', pageTitle: 'Contact', referrerPolicy: '' },
    fingerprint: 'fp-2',
    now: NOW - 3_000,
  });
  const leasedSent = (await leaseItem(db, sent.id, NOW - 2_000))!;
  await settleItem(
    db,
    leasedSent,
    {
      kind: 'sent',
      result: { status: 200, finalUrl: 'https://shop.example/thanks', redirected: true, sentAt: NOW - 2_000 },
    },
    NOW - 2_000,
  );
  const draft: DraftRecord = {
    id: 'draft-1',
    pageKey: 'https://shop.example/order',
    origin: 'https://shop.example',
    form: { kind: 'form', action: 'https://shop.example/submit', names: ['notes'], index: 0 },
    state: 'editing',
    stateSince: NOW - 9_000,
    writer: '4:0|doc|d|0',
    createdAt: NOW - 9_000,
    updatedAt: NOW - 8_000,
    content: {
      pageUrl: 'https://shop.example/order?step=2',
      pageTitle: 'New order',
      fields: [{ key: 'notes', kind: 'text', value: 'two pumps' }],
    },
  };
  await db.drafts.put(draft);
  return { failedId: failed.id, sentId: sent.id, draft };
}

async function exportOf(db: OutboxDatabase): Promise<Blob> {
  return (await buildExport(db, NOW, { sealed: false })).blob;
}

/** What must survive a round trip byte for byte: the request (files as bytes) and the page. */
async function essence(item: OutboxItem) {
  return {
    id: item.id,
    capturedAt: item.capturedAt,
    url: item.request.url,
    method: item.request.method,
    enctype: item.request.enctype,
    page: {
      pageUrl: item.source.pageUrl,
      pageTitle: item.source.pageTitle,
      referrerPolicy: item.source.referrerPolicy,
    },
    entries: await Promise.all(
      item.request.entries.map(async (e) =>
        'file' in e
          ? {
              name: e.name,
              file: {
                name: e.file.name,
                type: e.file.type,
                lastModified: e.file.lastModified,
                bytes: Buffer.from(await e.file.blob.arrayBuffer()).toString('base64'),
              },
            }
          : e,
      ),
    ),
  };
}

describe('the export', { timeout: 30_000 }, () => {
  it('is one JSON document with its format marker and version, one record per line, files byte for byte', async () => {
    const { failedId } = await fill(source.db);
    const built = await buildExport(source.db, NOW, { sealed: false });
    expect(built).toMatchObject({ items: 2, drafts: 1 });
    expect(built.blob.type).toBe('application/json');
    const text = await built.blob.text();
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: '2026-12-05T09:00:00.000Z',
    });
    expect(doc.items.map((i: OutboxItem) => i.id)[0]).toBe(failedId);
    // Every item and draft on a line of its own.
    const lines = text.split('\n');
    expect(lines).toHaveLength(1 + 2 + 1 + 1 + 1 + 1);
    expect(JSON.parse(lines[1].replace(/,$/, '')).id).toBe(failedId);
    const [notes, photo, scan] = doc.items[0].request.entries;
    expect(notes).toEqual({ name: 'notes', value: 'Zoë "quoted"\nline two \u{1F527}' });
    expect(photo.file).toMatchObject({ name: 'bytes.bin', size: 256 });
    expect([...Buffer.from(photo.file.base64, 'base64')]).toEqual([...bytes0to255()]);
    expect(Buffer.from(scan.file.base64, 'base64').equals(Buffer.from(BIG))).toBe(true);
    expect(doc.drafts[0].content.fields).toEqual([{ key: 'notes', kind: 'text', value: 'two pumps' }]);
  });

  it('is built from parts: no part holds the whole file (the bytes are handed over a slice at a time)', async () => {
    await fill(source.db);
    const parts: BlobPart[][] = [];
    const RealBlob = Blob;
    vi.stubGlobal(
      'Blob',
      class extends RealBlob {
        constructor(blobParts?: BlobPart[], options?: BlobPropertyBag) {
          super(blobParts, options);
          if (blobParts) parts.push(blobParts);
        }
      },
    );
    try {
      await buildExport(source.db, NOW, { sealed: false });
    } finally {
      vi.unstubAllGlobals();
    }
    const longest = Math.max(
      ...parts
        .flat()
        .filter((p): p is string => typeof p === 'string')
        .map((p) => p.length),
    );
    // One slice of base64 is 4 MiB; the file alone is more.
    expect(longest).toBeLessThanOrEqual((FILE_SLICE_BYTES / 3) * 4);
    expect(Math.ceil(BIG.length / 3) * 4).toBeGreaterThan(longest);
  });

  it('with encryption on: refused while locked (ExportLockedError), readable while unlocked', async () => {
    await fill(source.db);
    const vault = createVault(source.db, 1_000);
    await vault.setPassphrase('long enough pass');
    expect((await source.db.items.toArray()).every((item) => item.sealed)).toBe(true);
    await expect(buildExport(source.db, NOW, { sealed: true })).rejects.toBeInstanceOf(ExportLockedError);
    const { readSessionOpener } = await import('@/utils/platform/vault-session');
    const open = await readSessionOpener();
    const text = await (await buildExport(source.db, NOW, { sealed: true, open })).blob.text();
    expect(text).toContain('two pumps');
    expect(text).toContain('line two');
    expect(JSON.parse(text).items[0].sealed).toBeUndefined();
  });
});

describe('import of an export', { timeout: 30_000 }, () => {
  it('round-trips byte for byte, files and drafts included, into an empty outbox', async () => {
    const { failedId, sentId, draft } = await fill(source.db);
    const { handlers, deps } = commandsFor(target.db);
    const outcome = await importInto(handlers, await exportOf(source.db));
    expect(outcome).toEqual({ kind: 'imported', report: { items: 2, drafts: 1, skippedItems: [], skippedDrafts: [] } });
    for (const id of [failedId, sentId]) {
      expect(await essence((await target.db.items.get(id))!)).toEqual(await essence((await source.db.items.get(id))!));
    }
    const imported = (await target.db.drafts.get(draft.id))!;
    expect(imported.content).toEqual(draft.content);
    expect(imported).toMatchObject({
      pageKey: draft.pageKey,
      origin: draft.origin,
      form: draft.form,
      state: 'editing',
      createdAt: draft.createdAt,
      updatedAt: draft.updatedAt,
    });
    expect(await readStatusCounts(target.db)).toMatchObject({ failed: 1, sent: 1, pending: 0 });
    expect(deps.refreshBadge).toHaveBeenCalled();
    expect(deps.forgetDrafts).toHaveBeenCalled();
  });

  it('is never sent on its own: an unsent item arrives failed ("imported"), a sent one stays in the history; Retry makes it due (control)', async () => {
    const { failedId, sentId } = await fill(source.db);
    // A hostile file: pending, due long ago, another origin claimed, tabs to tell, a future capture time.
    const doc = JSON.parse(await (await exportOf(source.db)).text());
    Object.assign(doc.items[0], {
      status: 'pending',
      nextAttemptAt: 0,
      origin: 'https://elsewhere.example',
      capturedAt: NOW + 86_400_000,
      fingerprint: 'chosen',
      hasReply: true,
      resumed: true,
    });
    const { handlers } = commandsFor(target.db);
    expect((await importInto(handlers, new Blob([JSON.stringify(doc)]))).kind).toBe('imported');
    const item = (await target.db.items.get(failedId))!;
    expect(item).toMatchObject({
      status: 'failed',
      origin: 'https://shop.example',
      capturedAt: NOW,
      lastError: { kind: 'imported' },
    });
    expect(item.lastError?.detail).toBe('Rejected.');
    expect(item.fingerprint).not.toBe('chosen');
    expect(item).not.toHaveProperty('hasReply');
    expect(item).not.toHaveProperty('resumed');
    expect(item.source).toEqual({
      pageUrl: 'https://shop.example/form',
      pageTitle: 'Order',
      referrerPolicy: 'no-referrer',
    });
    expect((await target.db.items.get(sentId))!.status).toBe('sent');
    expect(await listPending(target.db)).toEqual([]);
    expect(await leaseItem(target.db, failedId, NOW)).toBeUndefined();
    // Control: the person's Retry makes it due, and the replay would lease it.
    expect(await retryItem(target.db, failedId, NOW)).toBe(true);
    expect((await listPending(target.db)).map((p) => p.id)).toEqual([failedId]);
    expect((await leaseItem(target.db, failedId, NOW))?.status).toBe('sending');
  });

  it('skips and reports what is already there, changing nothing of it', async () => {
    const { failedId, sentId, draft } = await fill(source.db);
    const file = await exportOf(source.db);
    const { handlers } = commandsFor(source.db);
    const before = await source.db.items.toArray();
    expect(await importInto(handlers, file)).toEqual({
      kind: 'imported',
      report: { items: 0, drafts: 0, skippedItems: [failedId, sentId], skippedDrafts: [draft.id] },
    });
    expect(await source.db.items.toArray()).toEqual(before);
    // Imported once more elsewhere, then again there: the second time skips everything.
    const other = commandsFor(target.db).handlers;
    expect((await importInto(other, file)).kind).toBe('imported');
    expect(await importInto(other, file)).toMatchObject({
      kind: 'imported',
      report: { items: 0, skippedItems: [failedId, sentId] },
    });
    expect(await target.db.items.count()).toBe(2);
  });

  it('a record that is not acceptable refuses the whole file: nothing changes (control: the same file without it imports)', async () => {
    await fill(source.db);
    const good = JSON.parse(await (await exportOf(source.db)).text());
    const { handlers } = commandsFor(target.db);
    const existing = await enqueueItem(target.db, {
      request: {
        method: 'GET',
        url: 'https://keep.example/?q=1',
        enctype: 'application/x-www-form-urlencoded',
        entries: [],
      },
      source: { pageUrl: 'https://keep.example/', pageTitle: '', referrerPolicy: '' },
      fingerprint: 'k',
      now: NOW,
    });
    const snapshot = async () => ({
      items: await target.db.items.toArray(),
      drafts: await target.db.drafts.count(),
      counts: await readStatusCounts(target.db),
      seq: (await target.db.meta.get('seq'))?.value,
    });
    const before = await snapshot();
    const broken = (mutate: (doc: typeof good) => void) => {
      const doc = structuredClone(good);
      mutate(doc);
      return new Blob([JSON.stringify(doc)]);
    };
    const cases: Array<[string, Blob, string, RegExp?]> = [
      [
        'a javascript: target',
        broken((d) => {
          d.items[1].request.url = 'javascript:alert(1)';
        }),
        'bad-item',
        /^item 2: /,
      ],
      [
        'a file whose bytes do not match its size',
        broken((d) => {
          d.items[0].request.entries[1].file.size = 999;
        }),
        'bad-item',
        /^item 1: file bytes\.bin has 256 bytes/,
      ],
      [
        'a file that is not base64',
        broken((d) => {
          d.items[0].request.entries[1].file.base64 = '%%%';
        }),
        'bad-item',
      ],
      [
        'an unknown method',
        broken((d) => {
          d.items[1].request.method = 'DELETE';
        }),
        'bad-item',
      ],
      [
        'a page that is not http(s)',
        broken((d) => {
          d.items[1].source.pageUrl = 'file:///etc/passwd';
        }),
        'bad-item',
      ],
      [
        'a draft with a field of no known kind',
        broken((d) => {
          d.drafts[0].content.fields[0].kind = 'script';
        }),
        'bad-draft',
        /^draft 1: /,
      ],
      [
        'a sealed item',
        broken((d) => {
          d.items[0].sealed = {};
        }),
        'sealed',
      ],
      [
        'a vault record (an old sealed export)',
        broken((d) => {
          d.vault = {};
        }),
        'sealed',
      ],
      [
        'another format',
        broken((d) => {
          d.format = 'something-else';
        }),
        'foreign',
      ],
      [
        'a newer version',
        broken((d) => {
          d.version = EXPORT_VERSION + 1;
        }),
        'newer-version',
      ],
      [
        'no items list',
        broken((d) => {
          d.items = 'none';
        }),
        'foreign',
      ],
      ['not JSON', new Blob(['{"format":"form-outbox-export","version":3,"items":[']), 'not-json'],
      ['not UTF-8', new Blob([new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])]), 'not-json'],
      ['an empty file', new Blob([]), 'not-json'],
    ];
    for (const [what, file, code, detail] of cases) {
      const outcome = await importInto(handlers, file);
      expect(outcome, what).toMatchObject({ kind: 'refused', refusal: { code } });
      if (detail && outcome.kind === 'refused') expect(outcome.refusal.detail, what).toMatch(detail);
      expect(await snapshot(), what).toEqual(before);
    }
    // Control: the file itself is fine.
    expect(await importInto(handlers, new Blob([JSON.stringify(good)]))).toMatchObject({
      kind: 'imported',
      report: { items: 2, drafts: 1 },
    });
    expect((await target.db.items.get(existing.id))?.status).toBe('pending');
  });

  it('reads an export of the earlier version (format form-outbox-export/2, not sealed)', async () => {
    const { failedId } = await fill(source.db);
    const doc = JSON.parse(await (await exportOf(source.db)).text());
    const old = { format: 'form-outbox-export/2', exportedAt: doc.exportedAt, items: doc.items, drafts: doc.drafts };
    const { handlers } = commandsFor(target.db);
    expect(await importInto(handlers, new Blob([JSON.stringify(old, null, 2)]))).toMatchObject({
      kind: 'imported',
      report: { items: 2, drafts: 1 },
    });
    expect(await essence((await target.db.items.get(failedId))!)).toEqual(
      await essence((await source.db.items.get(failedId))!),
    );
  });

  it('arrives in pieces of at most IMPORT_SLICE_BYTES; a piece that never came refuses it (incomplete)', async () => {
    await fill(source.db);
    const file = await exportOf(source.db);
    expect(file.size).toBeGreaterThan(IMPORT_SLICE_BYTES);
    const { handlers } = commandsFor(target.db);
    const sent: number[] = [];
    const outcome = await importFile(file, (async (
      type: 'stageImportChunk' | 'importData',
      data: { index: number; text: string },
    ) => {
      if (type === 'stageImportChunk') {
        sent.push(data.text.length);
        if (data.index === 1) return { ok: true }; // lost on the way
      }
      return handlers[type](data as never, extension());
    }) as never);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...sent)).toBeLessThanOrEqual(IMPORT_SLICE_BYTES);
    expect(outcome).toEqual({ kind: 'refused', refusal: { code: 'incomplete' } });
    expect(await target.db.items.count()).toBe(0);
  });

  it('with encryption on, what is imported is sealed at rest like a capture', async () => {
    const { failedId, draft } = await fill(source.db);
    const file = await exportOf(source.db);
    const vault = createVault(target.db, 1_000);
    await vault.setPassphrase('long enough pass');
    const { handlers } = commandsFor(target.db, vault);
    expect((await importInto(handlers, file)).kind).toBe('imported');
    const stored = (await target.db.items.get(failedId))!;
    expect(stored.sealed).toBeDefined();
    expect(JSON.stringify(stored.request)).not.toContain('line two');
    expect((await target.db.drafts.get(draft.id))!.sealed).toBeDefined();
    expect(await essence(await vault.open(stored))).toEqual(await essence((await source.db.items.get(failedId))!));
  });

  it('malformed messages are refused', async () => {
    const { handlers } = commandsFor(target.db);
    expect(await handlers.stageImportChunk({ importId: '', index: 0, text: '' }, extension())).toMatchObject({
      ok: false,
    });
    expect(await handlers.stageImportChunk({ importId: 'a', index: -1, text: '' }, extension())).toMatchObject({
      ok: false,
    });
    expect(await handlers.importData({ importId: 'a', chunks: 1.5 }, extension())).toMatchObject({ ok: false });
    expect(await handlers.importData({ importId: 'never-staged', chunks: 1 }, extension())).toEqual({
      ok: true,
      outcome: { kind: 'refused', refusal: { code: 'incomplete' } },
    });
  });
});

describe('delete everything', () => {
  it('empties every table, forgets the vault and the session, puts the settings back to their defaults', async () => {
    await fill(target.db);
    const vault = createVault(target.db, 1_000);
    await vault.setPassphrase('long enough pass');
    await target.db.uploads.put({ uploadId: 'u', fileIndex: 0, offset: 0, blob: new Blob(['x']), createdAt: NOW });
    await target.db.replies.put({ itemId: 'x', at: NOW });
    await setSetting('paused', true);
    await fakeBrowser.storage.session.set({ somethingElse: 1 });
    const { handlers, deps } = commandsFor(target.db, vault);
    expect(await handlers.deleteEverything({}, extension())).toEqual({ ok: true, items: 2, drafts: 1 });
    for (const table of ['items', 'uploads', 'replies', 'drafts'] as const)
      expect(await target.db.table(table).count(), table).toBe(0);
    expect((await target.db.meta.toArray()).map((row) => row.key)).toEqual(['statusCounts']);
    expect(await readStatusCounts(target.db)).toEqual({ pending: 0, sending: 0, failed: 0, sent: 0 });
    expect((await vault.status()).enabled).toBe(false);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect((await getSettings()).paused).toBe(false);
    expect(deps.refreshBadge).toHaveBeenCalled();
    expect(deps.forgetDrafts).toHaveBeenCalled();
    // Control: the outbox works again afterwards, from a clean state.
    const again = await enqueueItem(target.db, {
      request: { method: 'POST', url: 'https://a.example/', enctype: 'text/plain', entries: [] },
      source: { pageUrl: 'https://a.example/', pageTitle: '', referrerPolicy: '' },
      fingerprint: 'f',
      now: NOW,
    });
    expect((await listPending(target.db)).map((p) => p.id)).toEqual([again.id]);
  });
});
