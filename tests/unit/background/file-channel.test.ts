/**
 * The fast file channel in the worker (issue 19): tickets for the file frame (Chromium), whole Blobs
 * by runtime messaging (Firefox), and that both keep the upload budget, the tab's ownership and the
 * cleanup on failure of the chunked path.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createOutboxService } from '@/utils/background/outbox-service';
import { FILE_DELIVERY } from '@/utils/core/file-tickets';
import { MAX_FILE_BYTES } from '@/utils/core/limits';
import type { OutboxDatabase } from '@/utils/db/database';
import type { WireSubmission } from '@/utils/messaging';
import { freshDatabase } from '../db/helpers';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  await cleanup?.();
  cleanup = undefined;
});

async function serviceWithDb(): Promise<{ db: OutboxDatabase; service: ReturnType<typeof createOutboxService> }> {
  const fresh = await freshDatabase();
  cleanup = fresh.cleanup;
  vi.stubGlobal('navigator', { onLine: false }); // stores, never sends
  const service = createOutboxService(fresh.db);
  await service.ready;
  return { db: fresh.db, service };
}

const fromPage = (tabId = 7) => ({
  id: fakeBrowser.runtime.id,
  tab: { id: tabId },
  frameId: 0,
  url: 'https://shop.example/form',
  origin: 'https://shop.example',
});
const EXTENSION_ORIGIN = () => new URL(fakeBrowser.runtime.getURL('/')).origin;
const PHOTO = 'photo bytes \u00e9\u0000\u00ff';

const withFile = (uploadId: string, size: number): WireSubmission => ({
  method: 'POST',
  url: 'https://shop.example/submit',
  enctype: 'multipart/form-data',
  entries: [{ name: 'photo', file: { index: 0, name: 'p.jpg', type: 'image/jpeg', size, lastModified: 1 } }],
  page: { url: 'https://shop.example/form', title: 'Form', referrerPolicy: '' },
  uploadId,
});

/** Posts `data` to the worker as the file frame would (from `origin`); resolves its answer, or 'no answer'. */
async function frameDelivery(
  service: ReturnType<typeof createOutboxService>,
  data: unknown,
  origin = EXTENSION_ORIGIN(),
): Promise<unknown> {
  const channel = new MessageChannel();
  const answer = new Promise((resolve) => {
    channel.port1.onmessage = (event) => resolve(event.data);
    setTimeout(() => resolve('no answer'), 500);
  });
  service.onFrameMessage({ origin, data, ports: [channel.port2] });
  try {
    return await answer;
  } finally {
    channel.port1.close();
  }
}

async function openChannel(service: ReturnType<typeof createOutboxService>, uploadId: string, size: number, tabId = 7) {
  return (await service.onMessage(
    { type: 'openFileChannel', data: { uploadId, files: [{ fileIndex: 0, size }] } },
    fromPage(tabId),
  )) as { ok: boolean; token?: string; code?: string };
}

const storedText = async (db: OutboxDatabase) => {
  const [item] = await db.items.toArray();
  const entry = item.request.entries[0] as { file: { blob: Blob } };
  return entry.file.blob.text();
};

describe('the file frame (Chromium)', () => {
  it('a ticket and the whole file, then the submission: stored byte for byte, no chunk, nothing left staged (control)', async () => {
    const { db, service } = await serviceWithDb();
    const photo = new Blob([PHOTO]);
    const ticket = await openChannel(service, 'u-1', photo.size);
    expect(ticket).toMatchObject({ ok: true, token: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(
      await frameDelivery(service, {
        type: FILE_DELIVERY,
        token: ticket.token,
        files: [{ fileIndex: 0, blob: photo }],
      }),
    ).toEqual({ ok: true });
    expect(
      await service.onMessage({ type: 'enqueueSubmission', data: withFile('u-1', photo.size) }, fromPage()),
    ).toMatchObject({ ok: true });
    expect(await storedText(db)).toBe(PHOTO);
    expect(service.fileChannelCounts).toEqual({ chunks: 0, fast: 1 });
    expect(await db.uploads.count()).toBe(0);
  });

  it('forged deliveries (no token, a made-up one, the right one from another origin) are refused or ignored; the real one still works', async () => {
    const { db, service } = await serviceWithDb();
    const photo = new Blob([PHOTO]);
    const forgery = new Blob(['x'.repeat(photo.size)]);
    const ticket = await openChannel(service, 'u-1', photo.size);
    const files = [{ fileIndex: 0, blob: forgery }];
    expect(await frameDelivery(service, { type: FILE_DELIVERY, files })).toEqual({ ok: false });
    expect(
      await frameDelivery(service, { type: FILE_DELIVERY, token: 'fedcba9876543210fedcba9876543210', files }),
    ).toEqual({ ok: false });
    expect(
      await frameDelivery(service, { type: FILE_DELIVERY, token: ticket.token, files }, 'https://shop.example'),
    ).toBe('no answer');
    expect(await frameDelivery(service, { type: 'other', token: ticket.token, files })).toBe('no answer');
    expect(service.fileChannelCounts.fast).toBe(0);
    // Control: the real delivery.
    expect(
      await frameDelivery(service, {
        type: FILE_DELIVERY,
        token: ticket.token,
        files: [{ fileIndex: 0, blob: photo }],
      }),
    ).toEqual({ ok: true });
    expect(
      await service.onMessage({ type: 'enqueueSubmission', data: withFile('u-1', photo.size) }, fromPage()),
    ).toMatchObject({ ok: true });
    expect(await storedText(db)).toBe(PHOTO);
  });

  it("a second ticket for the same upload is refused, and cannot release the first one's budget (control: the first one delivers)", async () => {
    const { service } = await serviceWithDb();
    const photo = new Blob([PHOTO]);
    const first = await openChannel(service, 'u-1', photo.size);
    expect(await openChannel(service, 'u-1', photo.size)).toEqual({
      ok: false,
      code: 'malformed',
      detail: 'upload already under way',
    });
    expect(
      await service.onMessage(
        { type: 'sendFiles', data: { uploadId: 'u-1', files: [{ fileIndex: 0, blob: photo }] } },
        fromPage(),
      ),
    ).toEqual({ ok: false, code: 'malformed', detail: 'upload already under way' });
    // The budget still counts u-1: three more uploads fill the tab's four.
    for (const id of ['u-2', 'u-3', 'u-4']) expect(await openChannel(service, id, 1)).toMatchObject({ ok: true });
    expect(await openChannel(service, 'u-5', 1)).toEqual({
      ok: false,
      code: 'tooManyUploads',
    });
    expect(
      await frameDelivery(service, { type: FILE_DELIVERY, token: first.token, files: [{ fileIndex: 0, blob: photo }] }),
    ).toEqual({ ok: true });
  });

  it('a ticket is spent by a wrong delivery and cannot be used twice', async () => {
    const { service } = await serviceWithDb();
    const photo = new Blob([PHOTO]);
    const first = await openChannel(service, 'u-1', photo.size);
    expect(
      await frameDelivery(service, {
        type: FILE_DELIVERY,
        token: first.token,
        files: [{ fileIndex: 0, blob: new Blob(['short']) }],
      }),
    ).toEqual({ ok: false });
    expect(
      await frameDelivery(service, { type: FILE_DELIVERY, token: first.token, files: [{ fileIndex: 0, blob: photo }] }),
    ).toEqual({ ok: false });
    const second = await openChannel(service, 'u-2', photo.size);
    expect(
      await frameDelivery(service, {
        type: FILE_DELIVERY,
        token: second.token,
        files: [{ fileIndex: 0, blob: photo }],
      }),
    ).toEqual({ ok: true });
    expect(
      await frameDelivery(service, {
        type: FILE_DELIVERY,
        token: second.token,
        files: [{ fileIndex: 0, blob: photo }],
      }),
    ).toEqual({ ok: false });
  });

  it("keeps the upload budget and ownership: too large, another tab's upload, too many uploads (control: the owner)", async () => {
    const { service } = await serviceWithDb();
    expect(await openChannel(service, 'big', MAX_FILE_BYTES + 1)).toEqual({
      ok: false,
      code: 'uploadTooLarge',
    });
    expect(await openChannel(service, 'u-1', 10)).toMatchObject({ ok: true });
    expect(await openChannel(service, 'u-1', 10, 99)).toEqual({
      ok: false,
      code: 'uploadForeign',
    });
    // A second ticket for an upload under way is refused, and the first one keeps its budget and works.
    expect(await openChannel(service, 'u-1', 10)).toEqual({
      ok: false,
      code: 'malformed',
      detail: 'upload already under way',
    });
    expect(await service.onMessage({ type: 'enqueueSubmission', data: withFile('u-1', 10) }, fromPage(99))).toEqual({
      ok: false,
      code: 'uploadForeign',
    });
    for (const id of ['u-2', 'u-3', 'u-4']) expect(await openChannel(service, id, 10)).toMatchObject({ ok: true });
    expect(await openChannel(service, 'u-5', 10)).toEqual({
      ok: false,
      code: 'tooManyUploads',
    });
    expect(
      await service.onMessage({ type: 'openFileChannel', data: { uploadId: 'u-6', files: [] } }, fromPage(8)),
    ).toEqual({ ok: false, code: 'malformed', detail: 'files' });
  });

  it('an abandoned upload forgets its ticket and its files: the submission then fails in words and stores nothing', async () => {
    const { db, service } = await serviceWithDb();
    const photo = new Blob([PHOTO]);
    const ticket = await openChannel(service, 'u-1', photo.size);
    expect(
      await frameDelivery(service, {
        type: FILE_DELIVERY,
        token: ticket.token,
        files: [{ fileIndex: 0, blob: photo }],
      }),
    ).toEqual({ ok: true });
    expect(await service.onMessage({ type: 'abandonUpload', data: { uploadId: 'u-1' } }, fromPage())).toEqual({
      ok: true,
    });
    expect(
      await service.onMessage({ type: 'enqueueSubmission', data: withFile('u-1', photo.size) }, fromPage()),
    ).toMatchObject({ ok: false });
    expect(await db.items.count()).toBe(0);
    const late = await openChannel(service, 'u-2', photo.size);
    await service.onMessage({ type: 'abandonUpload', data: { uploadId: 'u-2' } }, fromPage());
    expect(
      await frameDelivery(service, { type: FILE_DELIVERY, token: late.token, files: [{ fileIndex: 0, blob: photo }] }),
    ).toEqual({ ok: false });
  });

  it('a submission whose files differ from what arrived is refused and its files are dropped', async () => {
    const { db, service } = await serviceWithDb();
    const photo = new Blob([PHOTO]);
    const ticket = await openChannel(service, 'u-1', photo.size);
    await frameDelivery(service, { type: FILE_DELIVERY, token: ticket.token, files: [{ fileIndex: 0, blob: photo }] });
    expect(
      await service.onMessage({ type: 'enqueueSubmission', data: withFile('u-1', photo.size + 1) }, fromPage()),
    ).toMatchObject({ ok: false });
    expect(
      await service.onMessage({ type: 'enqueueSubmission', data: withFile('u-1', photo.size) }, fromPage()),
    ).toMatchObject({ ok: false });
    expect(await db.items.count()).toBe(0);
  });
});

describe('whole files by runtime messaging (Firefox)', () => {
  it("stores the Blobs byte for byte (control); refuses what is not a Blob (as Chromium would deliver it) and another tab's upload", async () => {
    const { db, service } = await serviceWithDb();
    const photo = new Blob([PHOTO]);
    expect(
      await service.onMessage(
        { type: 'sendFiles', data: { uploadId: 'u-1', files: [{ fileIndex: 0, blob: {} as Blob }] } },
        fromPage(),
      ),
    ).toEqual({ ok: false, code: 'malformed', detail: 'sendFiles' });
    expect(
      await service.onMessage(
        { type: 'sendFiles', data: { uploadId: 'u-1', files: [{ fileIndex: 0, blob: photo }] } },
        fromPage(),
      ),
    ).toEqual({ ok: true });
    expect(
      await service.onMessage(
        { type: 'sendFiles', data: { uploadId: 'u-1', files: [{ fileIndex: 0, blob: photo }] } },
        fromPage(99),
      ),
    ).toMatchObject({ ok: false });
    expect(
      await service.onMessage(
        {
          type: 'sendFiles',
          data: { uploadId: 'big', files: [{ fileIndex: 0, blob: { size: MAX_FILE_BYTES + 1 } as Blob }] },
        },
        fromPage(),
      ),
    ).toMatchObject({ ok: false });
    expect(
      await service.onMessage({ type: 'enqueueSubmission', data: withFile('u-1', photo.size) }, fromPage()),
    ).toMatchObject({ ok: true });
    expect(await storedText(db)).toBe(PHOTO);
    expect(service.fileChannelCounts).toEqual({ chunks: 0, fast: 1 });
  });
});
