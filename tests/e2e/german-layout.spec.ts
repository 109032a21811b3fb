/**
 * German's longer words fit: Chromium with its UI in German (the `--lang=de` switch and LANGUAGE=de,
 * which Chromium on Linux reads), the popup with items in every state (details open), the settings
 * and the in-page notice, each screenshot to test-results/screenshots/de-*.png, and each checked for
 * text that is cut off or sticks out (support/overflow-audit.ts). Chromium only: layout is CSS shared
 * with Firefox. Control: a fixed-width button with a German label is found.
 */
import { chromium, test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM, EXTENSION_PATH, serviceWorker } from './support/extension';
import { startFormServer, type FormServer } from './support/form-server';
import { findClippedText } from './support/overflow-audit';
import { seedEveryState, seedQueue } from './support/seed';

const SHOTS = path.resolve(process.env.POPUP_SCREENSHOTS ?? 'test-results/screenshots');

type Fixtures = { context: BrowserContext; extensionId: string; server: FormServer };

const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-de-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      locale: 'de-DE',
      env: { ...process.env, LANGUAGE: 'de', LANG: 'de_DE.UTF-8' },
      args: ['--lang=de', `--disable-extensions-except=${EXTENSION_PATH}`, `--load-extension=${EXTENSION_PATH}`],
    });
    try {
      await use(context);
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
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

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `de-${name}.png`), fullPage: true });
}

test('German layout: nothing is cut off in the popup, the settings and the in-page notice', async ({
  context,
  extensionId,
  server,
}) => {
  const root = `chrome-extension://${extensionId}`;
  await seedQueue(context, extensionId, seedEveryState(server.origin));

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`${root}/popup.html`);
  expect(await popup.evaluate(() => (globalThis as any).chrome.i18n.getUILanguage())).toMatch(/^de/);
  await expect(popup.locator('main')).toHaveAttribute('aria-busy', 'false');
  await expect(popup.getByRole('heading', { name: /Fehlgeschlagen/ })).toBeVisible();
  await shot(popup, 'popup');
  expect(await findClippedText(popup), 'popup').toEqual([]);
  const closed = popup.locator('button.toggle[aria-expanded="false"]');
  for (let left = await closed.count(); left > 0; left--) await closed.first().click();
  await popup.locator('button', { hasText: 'Bearbeiten & wiederholen' }).first().click();
  await shot(popup, 'popup-details');
  expect(await findClippedText(popup), 'popup, details open').toEqual([]);

  // Control: a button too narrow for its German label is found.
  await popup.evaluate(() => {
    const button = document.createElement('button');
    button.className = 'button';
    button.style.width = '60px';
    button.style.overflow = 'hidden';
    button.textContent = 'Fehlgeschlagenes Senden wiederholen';
    document.querySelector('.footer')!.prepend(button);
  });
  expect((await findClippedText(popup)).map((c) => c.text)).toEqual(['Fehlgeschlagenes Senden wiederholen']);

  // The drafts tab and the search.
  const drafts = await context.newPage();
  await drafts.setViewportSize({ width: 380, height: 600 });
  await drafts.goto(`${root}/popup.html`);
  await expect(drafts.locator('main')).toHaveAttribute('aria-busy', 'false');
  await drafts.getByRole('tab').nth(1).click();
  await shot(drafts, 'popup-drafts');
  expect(await findClippedText(drafts), 'popup drafts').toEqual([]);

  for (const width of [1280, 420]) {
    const options = await context.newPage();
    await options.setViewportSize({ width, height: 900 });
    await options.goto(`${root}/options.html`);
    await expect(options.getByRole('heading', { level: 1 })).toContainText('Einstellungen');
    await options.waitForTimeout(500);
    await shot(options, `settings-${width}`);
    expect(await findClippedText(options), `settings at ${width}px`).toEqual([]);
  }

  const rescued = await context.newPage();
  await rescued.setViewportSize({ width: 420, height: 800 });
  await rescued.goto(`${root}/rescued.html?id=seed-failed-2`);
  await expect(rescued.locator('h1')).toBeVisible();
  await shot(rescued, 'rescued');
  expect(await findClippedText(rescued), 'rescued page').toEqual([]);

  // The in-page notice, on a narrow page: saved offline, then a refusal with the longest words.
  server.page(
    '/form/note',
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Notiz</title></head>
<body><form method="post" action="/submit/note"><input name="note"><button>Senden</button></form>
<form id="login" method="post" action="/submit/login"><input name="user"><input type="password" name="pw"><button>Anmelden</button></form></body></html>`,
  );
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 640 });
  await page.goto(`${server.origin}/form/note`);
  await context.setOffline(true);
  await page.fill('input[name=note]', 'Hallo');
  await page.click('form:not(#login) button');
  await expect(page.locator('form-outbox-notice')).toHaveAttribute('data-tone', 'saved');
  await shot(page, 'notice-saved');
  expect(await findClippedText(page, 'form-outbox-notice'), 'notice: saved').toEqual([]);
  await page.fill('input[name=user]', 'ana');
  await page.fill('input[name=pw]', 'geheim');
  await page.click('#login button');
  await expect(page.locator('form-outbox-notice')).toHaveAttribute('data-tone', 'problem');
  await shot(page, 'notice-refused');
  expect(await findClippedText(page, 'form-outbox-notice'), 'notice: refused').toEqual([]);
  await context.setOffline(false);
});
