/**
 * Private (incognito) windows: nothing typed there is stored, neither an offline capture nor the copy
 * held for a dropped link. The user allowed the extension in incognito (chrome://extensions, done here
 * through the page's own developerPrivate API); a normal window in the same run is the control.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, notice, readQueue } from './support/extension';
import { simpleForm } from './forms';

/** Allows the extension in incognito windows, as the user's toggle on chrome://extensions does (the extension reloads). */
async function allowInIncognito(context: BrowserContext, extensionId: string): Promise<void> {
  const settings = await context.newPage();
  await settings.goto('chrome://extensions');
  // An unpacked extension is disabled when reloaded outside developer mode, so turn that on first.
  await settings.evaluate(() => (globalThis as any).chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }));
  await settings.evaluate((id) => (globalThis as any).chrome.developerPrivate.updateExtensionConfiguration({ extensionId: id, incognitoAccess: true }), extensionId);
  await expect.poll(() => settings.evaluate((id) => (globalThis as any).chrome.developerPrivate.getExtensionInfo(id).then((info: any) => `${info.state} ${info.incognitoAccess.isActive}`), extensionId)).toBe('ENABLED true');
  await settings.close();
}

/** Opens `url` in a new incognito window (Playwright sees its tab as a page of the default context). */
async function openPrivateWindow(context: BrowserContext, extensionId: string, url: string): Promise<Page> {
  const opener = await context.newPage();
  await expect(async () => {
    await opener.goto(`chrome-extension://${extensionId}/popup.html`); // refused while the extension reloads
  }).toPass({ timeout: 20_000 });
  const opened = context.waitForEvent('page');
  await opener.evaluate((url) => (globalThis as any).chrome.windows.create({ incognito: true, url }), url);
  const page = await opened;
  await page.waitForLoadState();
  expect(await opener.evaluate(() => (globalThis as any).chrome.tabs.query({}).then((tabs: any[]) => tabs.filter((t) => t.incognito).length))).toBe(1);
  await opener.close();
  return page;
}

test('offline in a private window: nothing is stored, the form keeps what was typed and the user is told why (control: a normal window is captured and delivered)', async ({ context, page, server, extensionId }) => {
  server.page('/form', simpleForm('/submit/private'));
  await allowInIncognito(context, extensionId);
  const privatePage = await openPrivateWindow(context, extensionId, `${server.origin}/form`);
  await page.goto(`${server.origin}/form`);
  await context.setOffline(true);

  await privatePage.fill('input[name=item]', 'typed in private');
  await privatePage.click('button');
  await expect(notice(privatePage)).toHaveAttribute('data-tone', 'problem');
  await expect(privatePage.getByRole('alert')).toContainText('private window');
  expect(privatePage.url()).toBe(`${server.origin}/form`);
  expect(await privatePage.inputValue('input[name=item]')).toBe('typed in private');

  // Control: the same form in a normal window is saved.
  await page.fill('input[name=item]', 'typed in a normal window');
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const rows = await readQueue(context, extensionId);
  expect(rows.map((r) => r.entries)).toEqual([[{ name: 'item', value: 'typed in a normal window' }]]);

  await context.setOffline(false);
  const received = await server.waitForRequests('/submit/private', 1);
  await page.waitForTimeout(1_000);
  expect(server.received('/submit/private').map((r) => r.body.toString())).toEqual(['item=typed+in+a+normal+window']);
  expect(received).toHaveLength(1);
});

test('a dropped link in a private window: the submission is not rescued into the queue (control: a normal window\'s is)', async ({ context, page, server, extensionId }) => {
  server.page('/form', simpleForm('/submit/private-flaky'));
  await allowInIncognito(context, extensionId);
  const privatePage = await openPrivateWindow(context, extensionId, `${server.origin}/form`);
  await page.goto(`${server.origin}/form`);
  await server.stop();
  try {
    await privatePage.fill('input[name=item]', 'private flaky');
    await privatePage.click('button');
    await privatePage.waitForURL((url) => !url.href.startsWith(server.origin), { timeout: 15_000 }); // the browser's own error page
    await privatePage.waitForTimeout(3_000);
    expect(await readQueue(context, extensionId)).toEqual([]);

    // Control: the same dropped link in a normal window is rescued.
    await page.fill('input[name=item]', 'normal flaky');
    await page.click('button');
    await expect(page).toHaveURL(/rescued\.html/, { timeout: 15_000 });
    const rows = await readQueue(context, extensionId);
    expect(rows.map((r) => r.entries)).toEqual([[{ name: 'item', value: 'normal flaky' }]]);
  } finally {
    await server.start();
  }
});
