/**
 * Private windows, in Chromium (incognito) and Firefox (private browsing): nothing typed there is
 * stored, neither an offline capture nor the copy held for a dropped link. The user has allowed the
 * extension there (Chrome's "Allow in Incognito", Firefox's "Run in Private Windows"; both done here
 * the way those switches do it); a normal window in the same run is the control.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, notice, type ExtBrowser, type ExtensionPages } from './support/browsers';
import { evaluateInChrome, GECKO_ID } from './support/firefox';
import { expectExtensionPage } from './support/extension-page';
import { simpleForm } from './forms';
import {
  draftPage,
  draftPrompt,
  drafts,
  dumpExtensionStorage,
  expectOffered,
  typeInto,
  waitForDrafts,
} from './support/drafts';

/** Chromium: the chrome://extensions toggle, through that page's own developerPrivate API (the extension reloads). */
async function allowInIncognito(context: BrowserContext, extensionId: string): Promise<void> {
  const settings = await context.newPage();
  await settings.goto('chrome://extensions');
  // An unpacked extension is disabled when reloaded outside developer mode, so turn that on first.
  await settings.evaluate(() =>
    (globalThis as any).chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }),
  );
  await settings.evaluate(
    (id) =>
      (globalThis as any).chrome.developerPrivate.updateExtensionConfiguration({
        extensionId: id,
        incognitoAccess: true,
      }),
    extensionId,
  );
  await expect
    .poll(() =>
      settings.evaluate(
        (id) =>
          (globalThis as any).chrome.developerPrivate
            .getExtensionInfo(id)
            .then((info: any) => `${info.state} ${info.incognitoAccess.isActive}`),
        extensionId,
      ),
    )
    .toBe('ENABLED true');
  await settings.close();
}

/** Firefox: the add-on's "Run in Private Windows" permission, then a reload, as about:addons does. */
async function allowInPrivateBrowsing(context: BrowserContext): Promise<void> {
  await evaluateInChrome(
    context,
    `(async () => {
    const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
    const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
    await ExtensionPermissions.add(${JSON.stringify(GECKO_ID)}, { permissions: ['internal:privateBrowsingAllowed'], origins: [] });
    await (await AddonManager.getAddonByID(${JSON.stringify(GECKO_ID)})).reload();
  })()`,
  );
  await expect
    .poll(() =>
      evaluateInChrome(context, `WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)})?.privateBrowsingAllowed`),
    )
    .toBe(true);
}

/** Allows the extension in private windows and opens `url` in one (Playwright sees its tab as a page of the context). */
async function openPrivateWindow(
  context: BrowserContext,
  browser: ExtBrowser,
  extensionOrigin: string,
  url: string,
  normalPage: Page,
): Promise<Page> {
  let opened: Promise<Page>;
  if (browser === 'firefox') {
    await allowInPrivateBrowsing(context);
    opened = context.waitForEvent('page');
    await evaluateInChrome(
      context,
      `void Services.wm.getMostRecentWindow('navigator:browser').OpenBrowserWindow({ private: true })`,
    );
  } else {
    await allowInIncognito(context, new URL(extensionOrigin).host);
    const opener = await context.newPage();
    await expect(async () => {
      await opener.goto(`${extensionOrigin}/popup.html`); // refused while the extension reloads
    }).toPass({ timeout: 20_000 });
    opened = context.waitForEvent('page');
    await opener.evaluate((url) => (globalThis as any).chrome.windows.create({ incognito: true, url }), url);
    await opener.close();
  }
  const page = await opened;
  await page.waitForLoadState();
  if (page.url() !== url) await page.goto(url);
  // Extension pages the test opens later (to read the queue) go to the focused window: the normal one.
  await normalPage.bringToFront();
  return page;
}

/** Whether the browser reports `page`'s tab as private (tabs.query from an extension page; URLs here are distinct). */
async function isPrivate(ext: ExtensionPages, page: Page): Promise<boolean | undefined> {
  return ext.evaluate(async (url) => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    const tabs: Array<{ url?: string; incognito: boolean }> = await api.tabs.query({});
    return tabs.find((tab) => tab.url === url)?.incognito;
  }, page.url());
}

test('offline in a private window: nothing is stored, the form keeps what was typed and the user is told why (control: a normal window is captured and delivered)', async ({
  context,
  page,
  server,
  ext,
  network,
  extBrowser,
  extensionOrigin,
}) => {
  server.page('/form', simpleForm('/submit/private'));
  // The normal page loads after the extension's reload (which orphans content scripts already in pages).
  const privatePage = await openPrivateWindow(
    context,
    extBrowser,
    extensionOrigin,
    `${server.origin}/form?private`,
    page,
  );
  await page.goto(`${server.origin}/form`);
  expect(await isPrivate(ext, privatePage)).toBe(true);
  expect(await isPrivate(ext, page)).toBe(false);
  await network.offline();

  await privatePage.fill('input[name=item]', 'typed in private');
  await privatePage.click('button');
  await expect(notice(privatePage)).toHaveAttribute('data-tone', 'problem');
  await expect(notice(privatePage)).toHaveAttribute('data-title', 'Form Outbox did not save this form');
  expect(privatePage.url()).toBe(`${server.origin}/form?private`);
  expect(await privatePage.inputValue('input[name=item]')).toBe('typed in private');

  // Control: the same form in a normal window is saved.
  await page.fill('input[name=item]', 'typed in a normal window');
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const rows = await ext.readQueue();
  expect(rows.map((r) => r.entries)).toEqual([[{ name: 'item', value: 'typed in a normal window' }]]);

  await network.online();
  await server.waitForRequests('/submit/private', 1, 60_000);
  await page.waitForTimeout(1_000);
  expect(server.received('/submit/private').map((r) => r.body.toString())).toEqual(['item=typed+in+a+normal+window']);
});

test("a dropped link in a private window: the submission is not rescued into the queue (control: a normal window's is)", async ({
  context,
  page,
  server,
  ext,
  extBrowser,
  extensionOrigin,
}) => {
  server.page('/form', simpleForm('/submit/private-flaky'));
  // The normal page loads after the extension's reload (which orphans content scripts already in pages).
  const privatePage = await openPrivateWindow(
    context,
    extBrowser,
    extensionOrigin,
    `${server.origin}/form?private`,
    page,
  );
  await page.goto(`${server.origin}/form`);
  expect(await isPrivate(ext, privatePage)).toBe(true);
  await server.stop();
  try {
    await privatePage.fill('input[name=item]', 'private flaky');
    await privatePage.click('button');
    // The browser's own error page; then longer than a rescue takes (Firefox waits up to 5 s for the cause).
    await privatePage.waitForTimeout(8_000);
    expect(await privatePage.evaluate(() => location.href).catch(() => privatePage.url())).not.toContain(
      'rescued.html',
    );
    expect(await ext.readQueue()).toEqual([]);

    // Control: the same dropped link in a normal window is rescued.
    await page.fill('input[name=item]', 'normal flaky');
    await page.click('button');
    await expectExtensionPage(page, extBrowser, /rescued\.html/);
    const rows = await ext.readQueue();
    expect(rows.map((r) => r.entries)).toEqual([[{ name: 'item', value: 'normal flaky' }]]);
  } finally {
    await server.start();
  }
});

test('Firefox: the popup opened in a private window says why the queue is not shown there and opens it in a normal window', async ({
  context,
  page,
  server,
  ext,
  extBrowser,
  extensionOrigin,
}) => {
  test.skip(
    extBrowser !== 'firefox',
    'Chrome runs extension pages of a "spanning" extension outside incognito, so its popup reads the queue in any window.',
  );
  server.page('/form', simpleForm('/submit/private-popup'));
  const privatePage = await openPrivateWindow(
    context,
    extBrowser,
    extensionOrigin,
    `${server.origin}/form?private`,
    page,
  );
  await privatePage.goto(`${extensionOrigin}/popup.html`, { waitUntil: 'commit' });
  await privatePage.waitForFunction(() => document.readyState === 'complete');
  await expect(privatePage.getByRole('status').filter({ hasText: 'kept outside private windows' })).toBeVisible();
  await expect(privatePage.getByText('Loading the outbox…')).toHaveCount(0);

  const opened = context.waitForEvent('page');
  await privatePage.getByRole('button', { name: 'Open in a normal window' }).click();
  const normal = await opened;
  await ext.adopt(normal);
  expect(normal.url()).toBe(`${extensionOrigin}/popup.html`);
  // Control: in the normal window the same page reads the queue (a private one could not).
  await expect(normal.locator('main')).toHaveAttribute('aria-busy', 'false');
  await expect(normal.getByText('kept outside private windows')).toHaveCount(0);
});

test("drafts: nothing typed in a private window is kept, and no draft is offered there (control: the normal window's typing is kept and offered)", async ({
  context,
  page,
  server,
  ext,
  extBrowser,
  extensionOrigin,
}) => {
  server.page('/form', draftPage('Private draft'));
  const privatePage = await openPrivateWindow(
    context,
    extBrowser,
    extensionOrigin,
    `${server.origin}/form?private`,
    page,
  );
  await page.goto(`${server.origin}/form`);
  expect(await isPrivate(ext, privatePage)).toBe(true);

  await typeInto(privatePage, 'textarea[name=notes]', 'typed in private 4711');
  await privatePage.waitForTimeout(3_000);
  expect(await drafts(ext)).toEqual([]);
  expect(await dumpExtensionStorage(ext)).not.toContain('typed in private 4711');

  // Control: the same typing in a normal window is kept.
  await typeInto(page, 'textarea[name=notes]', 'typed in a normal window');
  await waitForDrafts(
    ext,
    (rows) => rows.length === 1 && rows[0].fields.some((f) => f.value === 'typed in a normal window'),
  );

  // The page of that draft, opened in the private window: not offered; in a normal tab: offered.
  await privatePage.goto(`${server.origin}/form?private-again`);
  const normal = await context.newPage();
  await normal.goto(`${server.origin}/form`);
  await expectOffered(normal, 'typed in a normal window');
  await expect(draftPrompt(privatePage)).toHaveCount(0);
});
