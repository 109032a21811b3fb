/**
 * Keeping data the person's own (docs/data.md), in Chromium and Firefox (projects in
 * playwright.config.ts), from the settings page's "Your data": an export of a submission with a file
 * and its draft; "delete everything" empties the outbox (the popup shows it empty, and the server
 * receives nothing, not even after "Send now"); the file imported again brings the submission back
 * byte for byte, files included, and NOT sent: it waits as failed until the person presses Retry
 * (the control: then the server receives it exactly once, with the file's bytes). A broken or
 * foreign file is refused in words and changes nothing (control: a good file imports).
 */
import type { Page } from '@playwright/test';
import { test, expect, notice, type ExtensionPages } from './support/browsers';
import { openOptions, shot } from './options-page';
import { typeInto } from './support/drafts';

const REPORT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Site report</title></head><body>
<h1>Site report</h1>
<form method="post" action="/submit/report" enctype="multipart/form-data">
  <label>Notes <textarea name="notes"></textarea></label>
  <label>Photo <input type="file" name="photo"></label>
  <button>Send report</button>
</form></body></html>`;

const PHOTO = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7 + (i >> 9)) % 256));
const NOTES = 'Valve leaking — Zoë\nsecond line ✓';

/** What must survive export and import: every item's request and page, files as base64 of their bytes. */
interface StoredItem {
  id: string;
  status: string;
  kind?: string;
  url: string;
  method: string;
  enctype: string;
  pageUrl: string;
  pageTitle: string;
  capturedAt: number;
  entries: Array<{
    name: string;
    value?: string;
    file?: { name: string; type: string; lastModified: number; base64: string };
  }>;
}

/** Runs in an extension page: the items with their files' bytes, and the drafts' contents. */
function readOutbox(): Promise<{ items: StoredItem[]; drafts: Array<{ id: string; content: unknown }> }> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('form-outbox');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['items', 'drafts']);
      const items = tx.objectStore('items').getAll();
      const drafts = tx.objectStore('drafts').getAll();
      tx.oncomplete = async () => {
        db.close();
        const base64 = async (blob: Blob) => {
          const bytes = new Uint8Array(await blob.arrayBuffer());
          let binary = '';
          for (let i = 0; i < bytes.length; i += 0x8000)
            binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return btoa(binary);
        };
        const rows = await Promise.all(
          (items.result as any[])
            .sort((a, b) => a.seq - b.seq)
            .map(async (i) => ({
              id: i.id,
              status: i.status,
              kind: i.lastError?.kind,
              url: i.request.url,
              method: i.request.method,
              enctype: i.request.enctype,
              pageUrl: i.source.pageUrl,
              pageTitle: i.source.pageTitle,
              capturedAt: i.capturedAt,
              entries: await Promise.all(
                i.request.entries.map(async (e: any) =>
                  e.file
                    ? {
                        name: e.name,
                        file: {
                          name: e.file.name,
                          type: e.file.type,
                          lastModified: e.file.lastModified,
                          base64: await base64(e.file.blob),
                        },
                      }
                    : { name: e.name, value: e.value },
                ),
              ),
            })),
        );
        resolve({ items: rows, drafts: (drafts.result as any[]).map((d) => ({ id: d.id, content: d.content })) });
      };
    };
  });
}

const outbox = (ext: ExtensionPages) => ext.evaluate(readOutbox, undefined);

/** Keeps the Blob the page hands to a download (the export) where the test can read it. */
async function keepDownloads(options: Page): Promise<void> {
  await options.evaluate(() => {
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      (globalThis as any).lastDownload = blob;
      return create(blob);
    };
  });
}

async function lastDownload(options: Page): Promise<Buffer> {
  const base64 = await options.evaluate(async () => {
    const bytes = new Uint8Array(await ((globalThis as any).lastDownload as Blob).arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  });
  return Buffer.from(base64, 'base64');
}

async function importBuffer(options: Page, buffer: Buffer, name = 'form-outbox.json'): Promise<void> {
  await options.getByLabel('Import an export file').setInputFiles({ name, mimeType: 'application/json', buffer });
  await options.getByRole('button', { name: 'Import', exact: true }).click();
}

/** Asks the worker for a replay pass, as the popup's "Send now" does (there may be nothing to press). */
async function sendNow(ext: ExtensionPages): Promise<void> {
  await ext.evaluate(
    () =>
      ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage({ type: 'replayNow', data: {} }),
    undefined,
  );
}

test('export, delete everything, import: back byte for byte with its file and draft, never sent until Retry (then once)', async ({
  page,
  server,
  network,
  ext,
  extBrowser,
}) => {
  let received = 0;
  server.page('/form/report', REPORT);
  server.respond('/submit/report', () => ({ status: 200, body: `thanks ${++received}` }));

  await page.goto(`${server.origin}/form/report`);
  await typeInto(page, 'textarea[name=notes]', NOTES);
  await expect.poll(async () => (await outbox(ext)).drafts.length, { message: 'the draft of what was typed' }).toBe(1);
  await page.setInputFiles('input[name=photo]', { name: 'valve ünï.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
  await network.offline();
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const before = await outbox(ext);
  expect(before.items).toHaveLength(1);
  expect(before.items[0].status).toBe('pending');
  expect(
    Buffer.from(before.items[0].entries.find((e) => e.name === 'photo')!.file!.base64, 'base64').equals(PHOTO),
  ).toBe(true);
  const draftsBefore = (await outbox(ext)).drafts;

  // Export (offline: nothing leaves the device).
  const options = await openOptions(ext);
  await keepDownloads(options);
  await options.getByRole('button', { name: 'Export everything' }).click();
  await expect(options.getByTestId('data-export-status')).toHaveText('Exported. Submissions: 1 · Drafts: 1');
  const file = await lastDownload(options);
  const doc = JSON.parse(file.toString('utf8'));
  expect(doc).toMatchObject({ format: 'form-outbox-export', version: 3 });

  // Delete everything: a confirmation first, then the popup shows the outbox empty.
  await options.getByRole('button', { name: 'Delete everything Form Outbox keeps' }).click();
  await options.getByRole('button', { name: 'Yes, delete everything' }).click();
  await expect(options.getByTestId('data-delete-status')).toHaveText(
    'Everything Form Outbox kept is deleted. Settings are back to their defaults.',
  );
  expect(await outbox(ext)).toEqual({ items: [], drafts: [] });
  const popup = await ext.open('popup.html');
  await expect(popup.getByTestId('empty')).toBeVisible();
  await ext.close(popup);

  // Back online, even asked to send: the deleted submission never reaches the server.
  await network.online();
  await sendNow(ext);
  await page.waitForTimeout(2_000);
  expect(server.received('/submit/report')).toHaveLength(0);

  // Import the file: the submission and its draft come back, identical, waiting for the person.
  await importBuffer(options, file);
  await expect(options.getByTestId('data-import-status')).toHaveText('Imported. Submissions: 1 · Drafts: 1');

  // Not sent on its own, even when asked to send everything waiting.
  await sendNow(ext);
  await page.waitForTimeout(3_000);
  expect(server.received('/submit/report')).toHaveLength(0);
  const after = await outbox(ext);
  const { status: _before, kind: _k1, ...original } = before.items[0];
  const { status, kind, ...imported } = after.items[0];
  expect(imported).toEqual(original);
  expect({ status, kind }).toEqual({ status: 'failed', kind: 'imported' });
  expect(after.drafts).toEqual(draftsBefore);
  const review = await ext.open('popup.html');
  const item = review.getByTestId('item').filter({ hasText: 'Site report' });
  await expect(item).toHaveAttribute('data-status', 'failed');
  await expect(item.getByTestId('reason')).toHaveText(
    'Imported from a file: check it, then retry. Form Outbox never sends an imported submission on its own.',
  );

  // Importing it again skips it (already here).
  await importBuffer(options, file);
  await expect(options.getByTestId('data-import-status')).toContainText(
    'Already here, so skipped. Submissions: 1 · Drafts: 1',
  );
  await shot(options, `${extBrowser}-settings-your-data`);

  // Control: the person's Retry sends it, exactly once, with the file's bytes.
  await item.getByRole('button', { name: 'Retry', exact: true }).click();
  const [delivered] = await server.waitForRequests('/submit/report', 1);
  await expect(item).toHaveAttribute('data-status', 'sent');
  expect(delivered.body.includes(PHOTO)).toBe(true);
  expect(delivered.body.toString('utf8')).toContain(NOTES.replace(/\n/g, '\r\n'));
  await page.waitForTimeout(1_500);
  expect(server.received('/submit/report')).toHaveLength(1);
  await ext.close(review);
  await ext.close(options);
});

test('a broken or foreign file is refused in words and changes nothing; a good one imports (control)', async ({
  page,
  server,
  network,
  ext,
}) => {
  server.page('/form/report', REPORT);
  await page.goto(`${server.origin}/form/report`);
  await typeInto(page, 'textarea[name=notes]', 'kept as it is');
  await expect.poll(async () => (await outbox(ext)).drafts.length, { message: 'the draft of what was typed' }).toBe(1);
  await network.offline();
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const before = await outbox(ext);
  expect(before.items).toHaveLength(1);

  const item = (id: string, url: string) => ({
    id,
    status: 'failed',
    request: { method: 'POST', url, enctype: 'application/x-www-form-urlencoded', entries: [{ name: 'n', value: id }] },
    source: { pageUrl: `${server.origin}/form/report`, pageTitle: 'Imported', referrerPolicy: '' },
    capturedAt: 1,
    attempts: 1,
    nextAttemptAt: 1,
  });
  const fileOf = (items: unknown[]) =>
    Buffer.from(
      JSON.stringify({
        format: 'form-outbox-export',
        version: 3,
        exportedAt: new Date().toISOString(),
        items,
        drafts: [],
      }),
    );

  const options = await openOptions(ext);
  const status = options.getByTestId('data-import-status');
  // One good item and one aimed at a javascript: URL: the whole file is refused.
  await importBuffer(
    options,
    fileOf([item('good-1', `${server.origin}/submit/x`), item('bad-1', 'javascript:alert(1)')]),
  );
  await expect(status).toContainText('Nothing was imported: a submission in the file is damaged or not acceptable.');
  await expect(status).toContainText('item 2');
  expect(await outbox(ext)).toEqual(before);

  await importBuffer(options, Buffer.from('{"hello": "world"}'), 'notes.json');
  await expect(status).toHaveText('Nothing was imported: the file is not an export of Form Outbox.');
  await importBuffer(options, fileOf([item('good-1', `${server.origin}/submit/x`)]).subarray(0, 60));
  await expect(status).toContainText(
    'Nothing was imported: the file is not an export of Form Outbox (it is not JSON, or it is cut short).',
  );
  expect(await outbox(ext)).toEqual(before);

  // Control: the good item alone imports, next to what was there.
  await importBuffer(options, fileOf([item('good-1', `${server.origin}/submit/x`)]));
  await expect(status).toHaveText('Imported. Submissions: 1 · Drafts: 0');
  const after = await outbox(ext);
  expect(after.items).toHaveLength(2);
  expect(after.items[0]).toEqual(before.items[0]);
  expect(after.items[1]).toMatchObject({
    id: 'good-1',
    status: 'failed',
    kind: 'imported',
    url: `${server.origin}/submit/x`,
  });
  await ext.close(options);
});
