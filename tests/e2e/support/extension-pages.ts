/**
 * Extension pages (popup.html, rescued.html) in either browser: Chromium opens them like any URL;
 * Firefox needs its own way in (tests/e2e/support/firefox.ts, openExtensionPage).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { announceMissedRealm, closeExtensionPage as closeFirefoxExtensionPage, EXTENSION_ORIGIN, openExtensionPage as openFirefoxExtensionPage } from './firefox';
import { isFirefox } from './shared-fixtures';

/** The scheme and host of the extension's pages in `context`'s browser. */
export function extensionOrigin(context: BrowserContext, extensionId: string): string {
  return isFirefox(context) ? EXTENSION_ORIGIN : `chrome-extension://${extensionId}`;
}

/** Opens an extension page (e.g. 'popup.html') in a new tab, ready for locators and evaluation. */
export async function openExtensionPage(context: BrowserContext, extensionId: string, pagePath: string): Promise<Page> {
  if (isFirefox(context)) return openFirefoxExtensionPage(context, pagePath);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${pagePath}`);
  return page;
}

/** Closes a tab opened by openExtensionPage. */
export async function closeExtensionPage(page: Page): Promise<void> {
  if (isFirefox(page.context())) await closeFirefoxExtensionPage(page);
  else await page.close();
}

/**
 * A tab that a web page turned into an extension page (the rescue shows rescued.html in the form's
 * tab): makes sure Playwright can use the new document (Firefox may not announce it).
 */
export async function adoptExtensionDocument(page: Page): Promise<void> {
  if (isFirefox(page.context())) await announceMissedRealm(page.context(), page);
}

/** The extension API namespace as seen from an extension page (Firefox: `browser`, Chromium: `chrome`). */
export const EXTENSION_API = '(globalThis.browser ?? globalThis.chrome)';
