import { expect, type Page } from '@playwright/test';
import type { ExtBrowser } from './browsers';
import { announceMissedRealm } from './firefox';

/**
 * The tab shows the extension's page: its document's own URL (under Firefox, page.url() can lag
 * behind a navigation the extension made), after making sure Playwright knows the new document
 * (Firefox's BiDi may not announce it: announceMissedRealm in support/firefox.ts).
 */
export async function expectExtensionPage(page: Page, browser: ExtBrowser, pattern: RegExp) {
  if (browser === 'firefox') await announceMissedRealm(page.context(), page);
  await expect.poll(() => page.evaluate(() => location.href).catch(() => ''), { timeout: 20_000 }).toMatch(pattern);
}
