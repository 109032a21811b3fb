/**
 * The settings page end to end, in Chromium and Firefox (projects in playwright.config.ts), through
 * its real UI in the built extension: each setting is changed by clicking and typing on options.html,
 * then checked by what the pages, the queue and the desktop notifications show, with a control in the
 * same run (the same submission captured, or notified, when the setting does not apply).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import {
  test,
  expect,
  emulateColorScheme,
  notice,
  notificationIds,
  notificationsGranted,
  storedSettings,
} from './support/browsers';
import { GET_FORM, simpleForm } from './forms';
import { expectLeftToBrowser, expectStored, openOptions, shot, submitOfflineThenDeliver } from './options-page';
import { expectAccessible } from './support/accessibility';

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

/**
 * Turns a notifications switch on with a person's click. Firefox (under Playwright, on a loaded
 * machine) now and then does not count the click as user input, and refuses the permission request
 * it makes ("may only be called from a user input handler"); the person would click again: so does this.
 */
async function switchOn(toggle: Locator) {
  await expect(async () => {
    if (!(await toggle.isChecked())) await toggle.click();
    await expect(toggle).toBeChecked({ timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
}

test('pausing in the settings page leaves an offline submission to the browser; un-pausing captures the same submission', async ({
  page,
  server,
  ext,
  network,
}) => {
  server.page('/form', simpleForm('/submit/paused'));
  const options = await openOptions(ext);
  const pause = options.getByRole('switch', { name: 'Pause Form Outbox' });
  await expect(options.getByTestId('capture')).toContainText('already saved are still sent');
  await pause.check();
  await expect(options.getByTestId('paused-banner')).toBeVisible();
  await expectStored(options, { paused: true });

  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'order 7');
  await network.offline();
  await expectLeftToBrowser(page);
  expect(await ext.readQueue()).toEqual([]);

  // Control: un-paused, the same submission is captured.
  await pause.uncheck();
  await expect(options.getByTestId('paused-banner')).toHaveCount(0);
  await expectStored(options, { paused: false });
  await network.online();
  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'order 7');
  await network.offline();
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const rows = await ext.readQueue();
  expect(rows.map((r) => [r.url, r.entries])).toEqual([
    [`${server.origin}/submit/paused`, [{ name: 'item', value: 'order 7' }]],
  ]);
});

test('a site blocked in the settings page is not captured while another site is (127.0.0.1 blocked, localhost captured)', async ({
  page,
  server,
  ext,
  network,
}) => {
  server.page('/form', simpleForm('/submit/blocked'));
  const localhost = `http://localhost:${server.port}`;
  const options = await openOptions(ext);
  const add = options.getByLabel('Add a blocked site');
  await add.fill('not a site!');
  await add.press('Enter');
  await expect(options.getByRole('alert')).toContainText('is not a site address');
  await add.fill(`${server.origin}/form`); // a pasted page address means its host
  await options.getByTestId('blocked-list').getByRole('button', { name: 'Add' }).click();
  await expect(options.getByTestId('blocked-list').getByRole('listitem')).toHaveText([/127\.0\.0\.1/]);
  await expectStored(options, { blockedSites: ['127.0.0.1'] });

  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'blocked one');
  await network.offline();
  await expectLeftToBrowser(page);
  expect(await ext.readQueue()).toEqual([]);

  // Control: another site in the same run.
  await network.online();
  await page.goto(`${localhost}/form`);
  await page.fill('input[name=item]', 'allowed one');
  await network.offline();
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const rows = await ext.readQueue();
  expect(rows.map((r) => r.url)).toEqual([`${localhost}/submit/blocked`]);
});

test('with GET forms switched off in the settings page, an offline GET form is left to the browser while a POST is captured', async ({
  page,
  server,
  ext,
  network,
}) => {
  server.page('/search', GET_FORM);
  server.page('/form', simpleForm('/submit/post'));
  const options = await openOptions(ext);
  const get = options.getByRole('switch', { name: 'Save GET forms (searches, filters)' });
  await expect(get).toBeChecked();
  await get.uncheck();
  await expectStored(options, { captureGet: false });

  await page.goto(`${server.origin}/search`);
  await page.fill('input[name=q]', 'valve');
  await network.offline();
  await expectLeftToBrowser(page);
  expect(await ext.readQueue()).toEqual([]);

  // Control: a POST form, same run, same setting.
  await network.online();
  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'posted');
  await network.offline();
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const rows = await ext.readQueue();
  expect(rows.map((r) => [r.method, r.url])).toEqual([['POST', `${server.origin}/submit/post`]]);
});

test('a site allowed for sensitive forms (after the warning is confirmed) captures a password form offline; another site does not', async ({
  page,
  server,
  ext,
  network,
}) => {
  server.page('/login', LOGIN);
  const localhost = `http://localhost:${server.port}`;
  const options = await openOptions(ext);
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
  expect((await storedSettings(options))?.sensitiveSites ?? []).toEqual([]); // nothing before the confirmation
  await warning.getByRole('button', { name: 'Allow on localhost' }).click();
  await expect(section.getByRole('listitem')).toHaveText([/localhost/]);
  await expectStored(options, { sensitiveSites: ['localhost'] });

  await page.goto(`${localhost}/login`);
  await page.fill('input[name=pw]', 'allowed-secret-1');
  await network.offline();
  await page.click('#login');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  let rows = await ext.readQueue();
  expect(rows.map((r) => [r.url, r.entries])).toEqual([
    [
      `${localhost}/submit/login`,
      [
        { name: 'user', value: 'tech42' },
        { name: 'pw', value: 'allowed-secret-1' },
      ],
    ],
  ]);

  // Control: the same form on a site not in the list is refused, nothing stored.
  await network.online();
  await page.goto(`${server.origin}/login`);
  await page.fill('input[name=pw]', 'other-secret-2');
  await network.offline();
  await page.click('#login');
  await expect(page.getByRole('alert').last()).toContainText('never stores passwords');
  rows = await ext.readQueue();
  expect(rows).toHaveLength(1);
  expect(JSON.stringify(rows)).not.toContain('other-secret-2');
});

test('storage used grows past 1 MB after a 1 MB file form is queued, and the counts show it waiting; the storage is persistent', async ({
  page,
  server,
  ext,
  network,
  extBrowser,
}) => {
  server.page('/upload', UPLOAD);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-settings-'));
  const file = path.join(dir, 'photo.bin');
  fs.writeFileSync(file, Buffer.alloc(1024 * 1024, 7));
  try {
    const options = await openOptions(ext);
    // Firefox keeps an add-on's IndexedDB as evictable best-effort data unless the background asks
    // for persistence (utils/background/persist-storage.ts); Chromium exempts an extension with
    // unlimitedStorage without asking (and its pages are refused persist(), so nothing to check).
    if (extBrowser === 'firefox')
      await expect.poll(() => options.evaluate(() => navigator.storage.persisted())).toBe(true);
    const used = options.getByTestId('storage-used');
    await expect(used).toHaveAttribute('data-bytes', /^\d+$/);
    const before = Number(await used.getAttribute('data-bytes'));
    expect(before).toBeLessThan(1_000_000); // control: a fresh profile
    await expect(options.getByTestId('count-waiting')).toHaveText('0');

    await page.goto(`${server.origin}/upload`);
    await page.setInputFiles('input[name=photo]', file);
    await network.offline();
    await page.click('button');
    await expect(notice(page)).toHaveAttribute('data-tone', 'saved');

    // The page follows the queue live: no reload.
    await expect(options.getByTestId('count-waiting')).toHaveText('1');
    await expect
      .poll(async () => Number(await used.getAttribute('data-bytes')), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(before + 1_000_000);
    await expect(used).toHaveText(/\d(\.\d)? MB/);
    await shot(options, `${extBrowser}-settings-storage`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('history: with "Don\'t keep", a delivered item leaves the popup\'s Sent group; with the default it stays', async ({
  page,
  server,
  ext,
  network,
}) => {
  server.page('/form', simpleForm('/submit/history'));
  const deliver = (value: string, count: number) =>
    submitOfflineThenDeliver(page, server, network, '/submit/history', value, count);
  const popup = await ext.open('popup.html');

  // Control: the default keeps sent items (3 days).
  await deliver('kept', 1);
  await expect(popup.getByTestId('count-sent')).toHaveText('1');
  await ext.waitForQueue((rows) => rows.length === 1 && rows[0].status === 'sent');

  const options = await openOptions(ext);
  const keep = options.getByLabel('Keep sent submissions for');
  await expect(keep.locator('option:checked')).toHaveText('3 days (default)');
  await expect(options.getByTestId('history')).toContainText('stay in the popup until you retry or discard them');
  await keep.selectOption({ label: "Don't keep" });
  await expectStored(options, { keepSentMs: 0 });

  // The history already there goes at once; the next delivered item does not stay.
  await expect(popup.getByTestId('group-sent')).toHaveCount(0);
  await deliver('not kept', 2);
  await ext.waitForQueue((rows) => rows.length === 0);
  await expect(popup.getByTestId('group-sent')).toHaveCount(0);
  await expect(popup.getByTestId('empty')).toBeVisible();
});

test('the settings page has no serious accessibility violations in light and dark themes (screenshots saved)', async ({
  ext,
  extBrowser,
}) => {
  const options = await openOptions(ext);
  await expect(options.getByTestId('storage-used')).toBeVisible();
  await expect(options.getByTestId('encryption').getByRole('button', { name: 'Turn on encryption' })).toBeVisible();
  await expectAccessible(options, 'light settings page');
  await shot(options, `${extBrowser}-settings-light`);

  // A filled-in state: sites listed, an input error, the sensitive-forms warning open.
  await options.getByLabel('Add a blocked site').fill('ads.example');
  await options.getByLabel('Add a blocked site').press('Enter');
  await options.getByLabel('Add a blocked site').fill('http://');
  await options.getByLabel('Add a blocked site').press('Enter');
  await expect(options.getByTestId('blocked-list').getByRole('alert')).toBeVisible();
  await options.getByLabel('Add a site where sensitive forms may be saved').fill('bank.example');
  await options.getByLabel('Add a site where sensitive forms may be saved').press('Enter');
  await expect(options.getByTestId('sensitive-warning')).toBeVisible();
  await expectAccessible(options, 'light, filled in settings page');
  await shot(options, `${extBrowser}-settings-light-filled`);

  await emulateColorScheme(options, extBrowser, 'dark');
  await expectAccessible(options, 'dark, filled in settings page');
  await shot(options, `${extBrowser}-settings-dark-filled`);
  await options.getByTestId('sensitive-warning').getByRole('button', { name: 'Cancel' }).click();
  await options.getByRole('switch', { name: 'Pause Form Outbox' }).check();
  await expect(options.getByTestId('paused-banner')).toBeVisible();
  await expectAccessible(options, 'dark, paused settings page');
  await shot(options, `${extBrowser}-settings-dark`);
});

test.describe('desktop notifications', () => {
  // Chromium: the person granted the optional permission in an earlier session (its prompt cannot be
  // answered under automation). Firefox: the test profile grants the switch's own request.
  test.use({ grantedPermissions: ['notifications'] });

  test('the popup opens the settings page; the notifications switch is the same setting on both', async ({
    context,
    ext,
    extensionOrigin,
    extBrowser,
  }) => {
    const popup = await ext.open('popup.html');
    await popup.setViewportSize({ width: 380, height: 600 });
    const opened = context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Settings' }).click();
    const options = await opened;
    await ext.adopt(options);
    expect(await options.evaluate(() => location.href)).toBe(`${extensionOrigin}/options.html`);
    await expect(options.getByTestId('capture')).toBeVisible();

    const inOptions = options.getByRole('switch', { name: 'Desktop notifications' });
    const inPopup = popup.getByRole('switch', { name: 'Desktop notifications' });
    // Off by default; in Firefox not even the permission is there yet.
    await expect(inOptions).not.toBeChecked();
    await expect(inPopup).not.toBeChecked();
    expect(await notificationsGranted(options)).toBe(extBrowser === 'chromium');
    await switchOn(inOptions);
    await expect(inPopup).toBeChecked();
    await expectStored(options, { notifications: true });
    expect(await notificationsGranted(options)).toBe(true);
    // Off gives the permission back.
    await inPopup.uncheck();
    await expect(inOptions).not.toBeChecked();
    await expectStored(options, { notifications: false });
    await expect.poll(() => notificationsGranted(options)).toBe(false);
  });

  test('notifications: off by default, a delivery shows none; switched on in the settings page, the next delivery shows one', async ({
    page,
    server,
    ext,
    network,
  }) => {
    server.page('/form', simpleForm('/submit/notify'));
    const options = await openOptions(ext);
    const deliver = async (value: string, count: number) => {
      await submitOfflineThenDeliver(page, server, network, '/submit/notify', value, count);
      await ext.waitForQueue((rows) => rows.filter((r) => r.status === 'sent').length === count);
    };
    const toggle = options.getByRole('switch', { name: 'Desktop notifications' });
    await expect(toggle).not.toBeChecked();

    await deliver('quiet', 1);
    // The notification would follow the pass's settle within milliseconds; give it ample time.
    await options.waitForTimeout(2_000);
    expect(await notificationIds(options)).toEqual([]);

    // Control: switched on, the next delivery shows one. (The person comes back to the settings tab.)
    await options.bringToFront();
    await switchOn(toggle);
    await expectStored(options, { notifications: true });
    await deliver('loud', 2);
    await expect.poll(() => notificationIds(options)).toEqual(['form-outbox-drain']);
  });
});
