/**
 * Every word a person meets comes from the catalogue: the extension is loaded as a pseudo-locale
 * copy of the build (scripts/pseudo-locale.mjs: each catalogue message reads "⟦Ŝàvéd⟧"), and each
 * screen is walked for text, labels, tooltips and placeholders that are not wrapped
 * (support/locale-audit.ts): the popup with items in every state (details open), the settings, the
 * rescued page (waiting and failed), the reply viewer, the in-page notice and the toolbar tooltip. Chromium only: the
 * words are the same code in Firefox. Control: an English sentence put on the page is found.
 */
import { chromium, test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePseudoBuild } from '../../scripts/pseudo-locale.mjs';
import { CHROMIUM, EXTENSION_PATH, serviceWorker } from './support/extension';
import { startFormServer, type FormServer } from './support/form-server';
import { auditWords } from './support/locale-audit';
import { seedEveryState, seedQueue, seedReplies } from './support/seed';

type Fixtures = { context: BrowserContext; extensionId: string; server: FormServer };

const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-pseudo-'));
    const build = path.join(work, 'extension');
    writePseudoBuild(EXTENSION_PATH, build);
    const context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [`--disable-extensions-except=${build}`, `--load-extension=${build}`],
    });
    try {
      await use(context);
    } finally {
      await context.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
  extensionId: async ({ context }, use) => use(new URL((await serviceWorker(context)).url()).host),
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use) => {
    const server = await startFormServer();
    try {
      await use(server);
    } finally {
      await server.close();
    }
  },
});

async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto(url);
  return page;
}

test('every visible string comes from the catalogue (pseudo-locale)', async ({ context, extensionId, server }) => {
  const root = `chrome-extension://${extensionId}`;
  await seedQueue(context, extensionId, seedEveryState(server.origin));
  await seedReplies(context, extensionId, [
    {
      itemId: 'seed-failed-2',
      body: '<p>Please check the form.</p>',
      finalUrl: `${server.origin}/submit/f2`,
      status: 422,
    },
    { itemId: 'seed-sent-3', body: '<p>Thank you!</p>', finalUrl: `${server.origin}/thanks`, status: 200 },
  ]);

  // The popup, every item's details open.
  const popup = await open(context, `${root}/popup.html`);
  await expect(popup.locator('main')).toHaveAttribute('aria-busy', 'false');
  await expect(popup.getByTestId('item')).toHaveCount(12);
  const closed = popup.locator('button.toggle[aria-expanded="false"]');
  for (let left = await closed.count(); left > 0; left--) await closed.first().click();
  await expect(closed).toHaveCount(0);
  expect(await popup.locator('[data-testid="reason"]').allTextContents()).toHaveLength(10);
  expect(await auditWords(popup), 'popup').toEqual([]);
  // The toolbar button's tooltip (the badge's words, or the manifest's default title).
  expect(await popup.evaluate(() => (globalThis as any).chrome.action.getTitle({}))).toMatch(
    /^\u27e6[^\u27e6]*(\u27e6.*\u27e7)?[^\u27e7]*\u27e7$/,
  );

  // Control: the audit finds a sentence that did not come from the catalogue, and one in an attribute.
  await popup.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'Saved on this device';
    p.title = 'Retry now';
    document.querySelector('main')!.append(p);
  });
  expect((await auditWords(popup)).map((f) => f.text)).toEqual(['Retry now', 'Saved on this device']);

  // The drafts tab (empty).
  const drafts = await open(context, `${root}/popup.html`);
  await expect(drafts.locator('main')).toHaveAttribute('aria-busy', 'false');
  await drafts.getByRole('tab').nth(1).click();
  expect(await auditWords(drafts), 'popup drafts').toEqual([]);

  const options = await open(context, `${root}/options.html`);
  await expect(options.locator('h1')).toBeVisible();
  await expect(options.locator('[data-testid="storage-items"], section').first()).toBeVisible();
  await options.waitForTimeout(500);
  expect(await auditWords(options), 'settings').toEqual([]);

  for (const id of ['seed-pending-1', 'seed-failed-2', 'seed-sent-3', 'seed-pending-4', 'nothing-here']) {
    const rescued = await open(context, `${root}/rescued.html?id=${id}`);
    await expect(rescued.locator('#app :is(article, p)').first()).toBeVisible();
    await rescued.waitForTimeout(200);
    expect(await auditWords(rescued), `rescued page ${id}`).toEqual([]);
  }

  for (const id of ['seed-failed-2', 'seed-sent-3', 'nothing-here']) {
    const reply = await open(context, `${root}/reply.html?id=${id}`);
    await expect(reply.locator('#app :is(article, p)').first()).toBeVisible();
    expect(await auditWords(reply), `reply viewer ${id}`).toEqual([]);
  }

  // The in-page notice: saved offline, then a refusal (a form with a password).
  server.page(
    '/form/note',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Note</title></head>
<body><form method="post" action="/submit/note"><input name="note"><button>Send</button></form>
<form id="login" method="post" action="/submit/login"><input name="user"><input type="password" name="pw"><button>Sign in</button></form></body></html>`,
  );
  const page = await open(context, `${server.origin}/form/note`);
  await context.setOffline(true);
  await page.fill('input[name=note]', 'hello');
  await page.click('form:not(#login) button');
  await expect(page.locator('form-outbox-notice')).toHaveAttribute('data-tone', 'saved');
  expect(await auditWords(page, 'form-outbox-notice'), 'notice: saved').toEqual([]);
  await page.fill('input[name=user]', 'ana');
  await page.fill('input[name=pw]', 'secret');
  await page.click('#login button');
  await expect(page.locator('form-outbox-notice')).toHaveAttribute('data-tone', 'problem');
  expect(await auditWords(page, 'form-outbox-notice'), 'notice: refused').toEqual([]);
  await context.setOffline(false);
});
