import { test, expect, notice, readQueue } from './support/extension';
import { simpleForm } from './forms';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

const UPLOAD_FORM = `<!doctype html><meta charset="utf-8"><title>Upload</title>
<form method="post" action="/submit/upload" enctype="multipart/form-data">
  <input name="label" value="site survey">
  <input type="file" name="video">
  <button>Upload</button>
</form>`;

function tempFile(name: string, write: (file: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-files-'));
  const file = path.join(dir, name);
  write(file);
  return file;
}

test('a 50 MB upload made offline is queued and replayed byte-exact', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  const bytes = randomBytes(50 * 1024 * 1024);
  const file = tempFile('survey.mp4', (f) => fs.writeFileSync(f, bytes));
  server.page('/upload', UPLOAD_FORM);
  await page.goto(`${server.origin}/upload`);
  await page.setInputFiles('input[name=video]', file);
  await context.setOffline(true);
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved', { timeout: 60_000 });
  const [queued] = await readQueue(context, extensionId);
  expect(queued.entries[1]).toEqual({ name: 'video', fileName: 'survey.mp4', size: bytes.length });

  await context.setOffline(false);
  const [received] = await server.waitForRequests('/submit/upload', 1, 60_000);
  const body = received.body;
  const start = body.indexOf('\r\n\r\n', body.indexOf('filename="survey.mp4"')) + 4;
  const uploaded = body.subarray(start, start + bytes.length);
  expect(createHash('sha256').update(uploaded).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  expect(body.subarray(start + bytes.length, start + bytes.length + 2).toString()).toBe('\r\n');
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('files above the limit are refused with a clear message; the form keeps its data and nothing is queued', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  // Sparse file: 201 MiB on paper, no disk needed.
  const file = tempFile('huge.bin', (f) => {
    fs.writeFileSync(f, '');
    fs.truncateSync(f, 201 * 1024 * 1024);
  });
  server.page('/upload', UPLOAD_FORM);
  await page.goto(`${server.origin}/upload`);
  await page.setInputFiles('input[name=video]', file);
  await context.setOffline(true);
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'problem');
  await expect(page.getByRole('alert')).toContainText('too large to save offline');
  await expect(page.getByRole('alert')).toContainText('200 MB');
  expect(page.url()).toBe(`${server.origin}/upload`);
  expect(await page.locator('input[name=video]').evaluate((i: HTMLInputElement) => i.files?.[0]?.size)).toBe(
    201 * 1024 * 1024,
  );
  expect(await page.inputValue('input[name=label]')).toBe('site survey');
  expect(await readQueue(context, extensionId)).toEqual([]);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('the notice is announced, readable and dismissable', async ({ context, page, server }) => {
  server.page(
    '/form',
    simpleForm('/submit/a11y') +
      '<style>div, p { display: none !important; } button { color: red !important; font-size: 40px !important; }</style>',
  );
  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'x');
  await context.setOffline(true);
  await page.click('form button');
  const status = page.getByRole('status');
  await expect(status).toContainText('Saved');
  await expect(status).toContainText('sends it automatically');
  await expect(status).toBeVisible(); // the page's CSS does not reach into the notice
  await page.getByRole('button', { name: 'Dismiss Form Outbox notice' }).click();
  await expect(page.locator('form-outbox-notice')).toHaveCount(0);
  expect(await page.inputValue('input[name=item]')).toBe('x');
});

test('online submissions are left to the browser; a page that cancels its submit keeps it; only native offline submissions are queued', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  server.page('/form', simpleForm('/submit/online'));
  server.page(
    '/spa',
    `<!doctype html><meta charset="utf-8"><title>SPA</title>
    <form method="post" action="/submit/spa"><input name="item"><button>Send</button></form>
    <script>document.querySelector('form').addEventListener('submit', (e) => { e.preventDefault(); document.title = 'handled by the page'; });</script>`,
  );

  // Online: the browser submits natively and nothing is queued.
  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'online');
  await page.click('button');
  const [native] = await server.waitForRequests('/submit/online', 1);
  expect(native.headers['idempotency-key']).toBeUndefined();
  expect(native.headers['sec-fetch-mode']).toBe('navigate');
  // The browser's own navigation finishes before the next page is opened.
  await page.waitForURL((url) => url.pathname !== '/form');

  // Offline, the page cancels the submission and handles it itself: not ours to replay.
  await page.goto(`${server.origin}/spa`);
  await page.fill('input[name=item]', 'spa');
  await context.setOffline(true);
  await page.click('button');
  await expect(page).toHaveTitle('handled by the page');
  await expect(page.locator('form-outbox-notice')).toHaveCount(0);

  // Control in the same run: the same kind of submission, not cancelled, is queued.
  await context.setOffline(false);
  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'offline');
  await context.setOffline(true);
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const queue = await readQueue(context, extensionId);
  expect(queue.map((r) => r.url)).toEqual([`${server.origin}/submit/online`]);
  expect(queue[0].entries).toEqual([{ name: 'item', value: 'offline' }]);
  await context.setOffline(false);
  await server.waitForRequests('/submit/online', 2);
  expect(server.received('/submit/spa')).toHaveLength(0);
});
