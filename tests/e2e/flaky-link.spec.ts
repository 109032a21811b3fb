/** Flaky-link rescue, in Chromium and Firefox (projects in playwright.config.ts). */
import { test, expect, type ExtBrowser } from './support/browsers';
import { evaluateInChrome } from './support/firefox';
import { expectExtensionPage } from './support/extension-page';
import { comparable } from './support/form-server';
import { simpleForm } from './forms';
import type { BrowserContext, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';

const REPORT_FORM = `<!doctype html><meta charset="utf-8"><title>Site report</title>
<form method="post" action="/submit/report" enctype="multipart/form-data">
  <input name="site" value="Pump station 4">
  <textarea name="notes"></textarea>
  <input type="file" name="photo">
  <button name="save" value="1">Send report</button>
</form>`;

async function fillReport(page: Page, photo: Buffer) {
  await page.fill('textarea[name=notes]', 'Valve replaced\nPressure OK');
  await page.setInputFiles('input[name=photo]', { name: 'valve.jpg', mimeType: 'image/jpeg', buffer: photo });
}

/** The browser's Stop button for the selected tab. */
async function pressStop(context: BrowserContext, page: Page, browser: ExtBrowser) {
  if (browser === 'firefox') {
    await evaluateInChrome(context, 'gBrowser.selectedBrowser.stop()');
    return;
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.stopLoading');
  await cdp.detach();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

test('server unreachable while the browser is online: the submission (with its file) is rescued, then delivered once, as the browser would have sent it', async ({
  page,
  server,
  ext,
  extensionOrigin,
  extBrowser,
}) => {
  const photo = randomBytes(3 * 1024 * 1024);
  server.page('/report', REPORT_FORM, { 'set-cookie': 'session=field-tech; Path=/; SameSite=Lax' });
  const formUrl = `${server.origin}/report`;

  // The browser's own online submission, for comparison — and it must leave no trace.
  await page.goto(formUrl);
  await fillReport(page, photo);
  await page.click('button[name=save]');
  const [native] = await server.waitForRequests('/submit/report', 1);
  await page.waitForURL(/\/thanks$/);
  expect(await ext.storageCounts()).toEqual({ items: 0, uploads: 0 });

  // The link drops: the server is unreachable, navigator.onLine stays true.
  await page.goto(formUrl);
  await fillReport(page, photo);
  await server.stop();
  expect(await page.evaluate(() => navigator.onLine)).toBe(true);
  await page.click('button[name=save]');
  await expectExtensionPage(page, extBrowser, new RegExp(`^${escape(extensionOrigin)}/rescued\\.html\\?id=`));
  await expect(page.getByRole('heading', { name: 'Your form is saved' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Waiting for 127.0.0.1');

  await server.start();
  const [, replayed] = await server.waitForRequests('/submit/report', 2, 60_000);
  await expect(page.getByRole('status')).toContainText('Sent', { timeout: 30_000 });
  await page.waitForTimeout(1500);
  expect(server.received('/submit/report')).toHaveLength(2);
  expect(comparable(replayed)).toEqual(comparable(native));
});

test('a successful online submission leaves nothing in storage; a 500, a stopped load and a page that navigates elsewhere are not mistaken for a dropped link', async ({
  context,
  page,
  server,
  ext,
  extBrowser,
}) => {
  server.page('/form', simpleForm('/submit/error'));
  server.page('/elsewhere', '<!doctype html><title>Elsewhere</title><h1>Elsewhere</h1>');
  server.respond('/submit/error', () => ({ status: 500, body: '<h1>Internal error</h1>' }));
  let release: () => void = () => undefined;
  server.respond(
    '/submit/hang',
    () => new Promise((resolve) => (release = () => resolve({ status: 200, body: 'late' }))),
  );

  // 500: the browser shows the server's page; nothing is queued.
  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'boom');
  await page.click('button');
  await expect(page.locator('h1')).toHaveText('Internal error');

  // The user stops a slow load.
  server.page('/slow', simpleForm('/submit/hang'));
  await page.goto(`${server.origin}/slow`);
  await page.fill('input[name=item]', 'stopped');
  await page.click('button', { noWaitAfter: true }); // the answer never comes
  await server.waitForRequests('/submit/hang', 1);
  await pressStop(context, page, extBrowser);

  // The page navigates elsewhere while the submission is pending.
  await page.goto(`${server.origin}/slow`);
  await page.fill('input[name=item]', 'replaced');
  await page.click('button', { noWaitAfter: true });
  await server.waitForRequests('/submit/hang', 2);
  await page.goto(`${server.origin}/elsewhere`);
  release();
  await page.waitForTimeout(1000);
  expect(await ext.storageCounts()).toEqual({ items: 0, uploads: 0 });

  // Control in the same run: a refused connection is rescued.
  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'rescued');
  await server.stop();
  await page.click('button');
  await expectExtensionPage(page, extBrowser, /rescued\.html/);
  const rows = await ext.readQueue();
  expect(rows.map((r) => [r.url, r.entries])).toEqual([
    [`${server.origin}/submit/error`, [{ name: 'item', value: 'rescued' }]],
  ]);
});

const GUARDED_FORM = `<!doctype html><meta charset="utf-8"><title>Pump log</title>
<form method="post" action="/submit/draft" enctype="multipart/form-data">
  <input name="title" value="Pump 4 — déjà vu ✓">
  <button name="action" value="draft">Save draft</button>
  <input name="after" value="between">
  <button name="action" value="publish" formaction="/submit/publish">Publish</button>
  <input name="tail" value="end">
</form>
<script>
  // A page that guards against double submits: a second submit event of the same form is cancelled.
  let submitting = false;
  document.forms[0].addEventListener('submit', (event) => { if (submitting) event.preventDefault(); submitting = true; });
</script>`;

test('a press on Submit as the first touch of a pre-filled form (the page guards against double submits): sent once, as the browser sends it, button and formaction included; rescued when the link drops', async ({
  page,
  server,
  ext,
  extensionOrigin,
  extBrowser,
}) => {
  server.page('/log', GUARDED_FORM);
  const formUrl = `${server.origin}/log`;

  // Reference: a field touched first, so that Form Outbox's page code is loaded before the press.
  await page.goto(formUrl);
  await page.focus('input[name=title]');
  await page.waitForTimeout(1000);
  await page.click('button[value=publish]');
  const [reference] = await server.waitForRequests('/submit/publish', 1);
  await page.waitForURL(/\/thanks$/);

  // The press is the first touch: the submission waits for the code, then goes, once, the same.
  await page.goto(formUrl);
  await page.click('button[value=publish]');
  const [, pressed] = await server.waitForRequests('/submit/publish', 2);
  await page.waitForURL(/\/thanks$/);
  expect(comparable(pressed)).toEqual(comparable(reference));
  expect(pressed.body.toString('utf8')).toMatch(
    /name="title"[\s\S]*name="after"[\s\S]*name="action"\r\n\r\npublish[\s\S]*name="tail"/,
  );
  expect(server.received('/submit/draft')).toHaveLength(0);
  expect(await ext.storageCounts()).toEqual({ items: 0, uploads: 0 });

  // The same first press on a dropped link: rescued, and delivered when the server is back.
  await page.goto(formUrl);
  await server.stop();
  await page.click('button[value=publish]');
  await expectExtensionPage(page, extBrowser, new RegExp(`^${escape(extensionOrigin)}/rescued\\.html\\?id=`));
  expect((await ext.readQueue()).map((r) => [r.url, r.entries.map((e: { name: string }) => e.name)])).toEqual([
    [`${server.origin}/submit/publish`, ['title', 'after', 'action', 'tail']],
  ]);
  await server.start();
  const [, , replayed] = await server.waitForRequests('/submit/publish', 3, 60_000);
  expect(comparable(replayed)).toEqual(comparable(reference));
});
