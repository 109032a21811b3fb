/**
 * The settings page end to end, through its real UI in the built extension: each setting is changed
 * by clicking and typing on options.html, then checked by what the pages and the queue show, with a
 * control in the same run (the same submission captured when the setting does not apply).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, notice, readQueue, waitForQueue } from './support/extension';
import { GET_FORM, simpleForm } from './forms';
import { expectAccessible, expectLeftToBrowser, expectStored, openOptions, shot, storedSettings } from './options-page';

const LOGIN = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>
<form method="post" action="/submit/login">
  <input name="user" value="tech42">
  <input type="password" name="pw">
  <button id="login">Sign in</button>
</form></body></html>`;

const UPLOAD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Upload</title></head><body>
<form method="post" action="/submit/upload" enctype="multipart/form-data">
  <input name="label" value="site photo">
  <input type="file" name="photo">
  <button>Upload</button>
</form></body></html>`;

test('pausing in the settings page leaves an offline submission to the browser; un-pausing captures the same submission', async ({ context, page, server, extensionId }) => {
  server.page('/form', simpleForm('/submit/paused'));
  const options = await openOptions(context, extensionId);
  const pause = options.getByRole('switch', { name: 'Pause Form Outbox' });
  await expect(options.getByTestId('capture')).toContainText('already saved are still sent');
  await pause.check();
  await expect(options.getByTestId('paused-banner')).toBeVisible();
  await expectStored(context, { paused: true });

  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'order 7');
  await context.setOffline(true);
  await expectLeftToBrowser(page);
  expect(await readQueue(context, extensionId)).toEqual([]);

  // Control: un-paused, the same submission is captured.
  await pause.uncheck();
  await expect(options.getByTestId('paused-banner')).toHaveCount(0);
  await expectStored(context, { paused: false });
  await context.setOffline(false);
  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'order 7');
  await context.setOffline(true);
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const rows = await readQueue(context, extensionId);
  expect(rows.map((r) => [r.url, r.entries])).toEqual([[`${server.origin}/submit/paused`, [{ name: 'item', value: 'order 7' }]]]);
});

test('a site blocked in the settings page is not captured while another site is (127.0.0.1 blocked, localhost captured)', async ({ context, page, server, extensionId }) => {
  server.page('/form', simpleForm('/submit/blocked'));
  const localhost = `http://localhost:${server.port}`;
  const options = await openOptions(context, extensionId);
  const add = options.getByLabel('Add a blocked site');
  await add.fill('not a site!');
  await add.press('Enter');
  await expect(options.getByRole('alert')).toContainText('is not a site address');
  await add.fill(`${server.origin}/form`); // a pasted page address means its host
  await options.getByTestId('blocked-list').getByRole('button', { name: 'Add' }).click();
  await expect(options.getByTestId('blocked-list').getByRole('listitem')).toHaveText([/127\.0\.0\.1/]);
  await expectStored(context, { blockedSites: ['127.0.0.1'] });

  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'blocked one');
  await context.setOffline(true);
  await expectLeftToBrowser(page);
  expect(await readQueue(context, extensionId)).toEqual([]);

  // Control: another site in the same run.
  await context.setOffline(false);
  await page.goto(`${localhost}/form`);
  await page.fill('input[name=item]', 'allowed one');
  await context.setOffline(true);
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const rows = await readQueue(context, extensionId);
  expect(rows.map((r) => r.url)).toEqual([`${localhost}/submit/blocked`]);
});

test('with GET forms switched off in the settings page, an offline GET form is left to the browser while a POST is captured', async ({ context, page, server, extensionId }) => {
  server.page('/search', GET_FORM);
  server.page('/form', simpleForm('/submit/post'));
  const options = await openOptions(context, extensionId);
  const get = options.getByRole('switch', { name: 'Save GET forms (searches, filters)' });
  await expect(get).toBeChecked();
  await get.uncheck();
  await expectStored(context, { captureGet: false });

  await page.goto(`${server.origin}/search`);
  await page.fill('input[name=q]', 'valve');
  await context.setOffline(true);
  await expectLeftToBrowser(page);
  expect(await readQueue(context, extensionId)).toEqual([]);

  // Control: a POST form, same run, same setting.
  await context.setOffline(false);
  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'posted');
  await context.setOffline(true);
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const rows = await readQueue(context, extensionId);
  expect(rows.map((r) => [r.method, r.url])).toEqual([['POST', `${server.origin}/submit/post`]]);
});

test('a site allowed for sensitive forms (after the warning is confirmed) captures a password form offline; another site does not', async ({ context, page, server, extensionId }) => {
  server.page('/login', LOGIN);
  const localhost = `http://localhost:${server.port}`;
  const options = await openOptions(context, extensionId);
  const section = options.getByTestId('sensitive');
  const add = section.getByLabel('Add a site where sensitive forms may be saved');

  // Cancelling the warning adds nothing.
  await add.fill('example.com');
  await add.press('Enter');
  await expect(options.getByTestId('sensitive-warning')).toBeVisible();
  await options.getByTestId('sensitive-warning').getByRole('button', { name: 'Cancel' }).click();
  await expect(options.getByTestId('sensitive-warning')).toHaveCount(0);
  await expect(section.getByRole('listitem')).toHaveCount(0);

  await add.fill('localhost');
  await add.press('Enter');
  const warning = options.getByRole('alertdialog', { name: 'Allow sensitive forms on localhost?' });
  await expect(warning).toBeFocused();
  await expect(warning).toContainText('including passwords, card numbers and one-time codes');
  await expect(warning).toContainText('turn on encryption');
  expect((await storedSettings(context))?.sensitiveSites ?? []).toEqual([]); // nothing before the confirmation
  await warning.getByRole('button', { name: 'Allow on localhost' }).click();
  await expect(section.getByRole('listitem')).toHaveText([/localhost/]);
  await expectStored(context, { sensitiveSites: ['localhost'] });

  await page.goto(`${localhost}/login`);
  await page.fill('input[name=pw]', 'allowed-secret-1');
  await context.setOffline(true);
  await page.click('#login');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  let rows = await readQueue(context, extensionId);
  expect(rows.map((r) => [r.url, r.entries])).toEqual([[`${localhost}/submit/login`, [{ name: 'user', value: 'tech42' }, { name: 'pw', value: 'allowed-secret-1' }]]]);

  // Control: the same form on a site not in the list is refused, nothing stored.
  await context.setOffline(false);
  await page.goto(`${server.origin}/login`);
  await page.fill('input[name=pw]', 'other-secret-2');
  await context.setOffline(true);
  await page.click('#login');
  await expect(page.getByRole('alert').last()).toContainText('never stores passwords');
  rows = await readQueue(context, extensionId);
  expect(rows).toHaveLength(1);
  expect(JSON.stringify(rows)).not.toContain('other-secret-2');
});

test('storage used grows past 1 MB after a 1 MB file form is queued, and the counts show it waiting', async ({ context, page, server, extensionId }) => {
  server.page('/upload', UPLOAD);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-settings-'));
  const file = path.join(dir, 'photo.bin');
  fs.writeFileSync(file, Buffer.alloc(1024 * 1024, 7));
  try {
    const options = await openOptions(context, extensionId);
    const used = options.getByTestId('storage-used');
    await expect(used).toHaveAttribute('data-bytes', /^\d+$/);
    const before = Number(await used.getAttribute('data-bytes'));
    expect(before).toBeLessThan(1_000_000); // control: a fresh profile
    await expect(options.getByTestId('count-waiting')).toHaveText('0');

    await page.goto(`${server.origin}/upload`);
    await page.setInputFiles('input[name=photo]', file);
    await context.setOffline(true);
    await page.click('button');
    await expect(notice(page)).toHaveAttribute('data-tone', 'saved');

    // The page follows the queue live: no reload.
    await expect(options.getByTestId('count-waiting')).toHaveText('1');
    await expect.poll(async () => Number(await used.getAttribute('data-bytes')), { timeout: 30_000 }).toBeGreaterThanOrEqual(before + 1_000_000);
    await expect(used).toHaveText(/\d(\.\d)? MB/);
    await shot(options, 'settings-storage');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('history: with "Don\'t keep", a delivered item leaves the popup\'s Sent group; with the default it stays', async ({ context, page, server, extensionId }) => {
  server.page('/form', simpleForm('/submit/history'));
  const deliver = async (value: string, count: number) => {
    await context.setOffline(false);
    await page.goto(`${server.origin}/form`);
    await page.fill('input[name=item]', value);
    await context.setOffline(true);
    await page.click('button');
    await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
    await context.setOffline(false);
    await server.waitForRequests('/submit/history', count);
  };
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);

  // Control: the default keeps sent items (3 days).
  await deliver('kept', 1);
  await expect(popup.getByTestId('count-sent')).toHaveText('1');
  await waitForQueue(context, extensionId, (rows) => rows.length === 1 && rows[0].status === 'sent');

  const options = await openOptions(context, extensionId);
  const keep = options.getByLabel('Keep sent submissions for');
  await expect(keep.locator('option:checked')).toHaveText('3 days (default)');
  await expect(options.getByTestId('history')).toContainText('stay in the popup until you retry or discard them');
  await keep.selectOption({ label: "Don't keep" });
  await expectStored(context, { keepSentMs: 0 });

  // The history already there goes at once; the next delivered item does not stay.
  await expect(popup.getByTestId('group-sent')).toHaveCount(0);
  await deliver('not kept', 2);
  await waitForQueue(context, extensionId, (rows) => rows.length === 0);
  await expect(popup.getByTestId('group-sent')).toHaveCount(0);
  await expect(popup.getByTestId('empty')).toBeVisible();
});

test('the settings page has no serious accessibility violations in light and dark themes (screenshots saved)', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId);
  await expect(options.getByTestId('storage-used')).toBeVisible();
  await expect(options.getByTestId('encryption').getByRole('button', { name: 'Turn on encryption' })).toBeVisible();
  await expectAccessible(options, 'light');
  await shot(options, 'settings-light');

  // A filled-in state: sites listed, an input error, the sensitive-forms warning open.
  await options.getByLabel('Add a blocked site').fill('ads.example');
  await options.getByLabel('Add a blocked site').press('Enter');
  await options.getByLabel('Add a blocked site').fill('http://');
  await options.getByLabel('Add a blocked site').press('Enter');
  await expect(options.getByTestId('blocked-list').getByRole('alert')).toBeVisible();
  await options.getByLabel('Add a site where sensitive forms may be saved').fill('bank.example');
  await options.getByLabel('Add a site where sensitive forms may be saved').press('Enter');
  await expect(options.getByTestId('sensitive-warning')).toBeVisible();
  await expectAccessible(options, 'light, filled in');
  await shot(options, 'settings-light-filled');

  await options.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(options, 'dark, filled in');
  await shot(options, 'settings-dark-filled');
  await options.getByTestId('sensitive-warning').getByRole('button', { name: 'Cancel' }).click();
  await options.getByRole('switch', { name: 'Pause Form Outbox' }).check();
  await expect(options.getByTestId('paused-banner')).toBeVisible();
  await expectAccessible(options, 'dark, paused');
  await shot(options, 'settings-dark');
});

test('the popup opens the settings page; the notifications switch is the same setting on both', async ({ context, extensionId }) => {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const opened = context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Settings' }).click();
  const options = await opened;
  await options.waitForLoadState();
  expect(options.url()).toBe(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByTestId('capture')).toBeVisible();

  const inOptions = options.getByRole('switch', { name: 'Desktop notifications' });
  const inPopup = popup.getByRole('switch', { name: 'Desktop notifications' });
  await expect(inOptions).toBeChecked();
  await inPopup.uncheck();
  await expect(inOptions).not.toBeChecked();
  await expectStored(context, { notifications: false });
  await inOptions.check();
  await expect(inPopup).toBeChecked();
  await expectStored(context, { notifications: true });
});
