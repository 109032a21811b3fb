/**
 * Helpers for the settings page specs, in Chromium and Firefox: open it, read the stored settings,
 * check accessibility, save screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, notice, storedSettings, type ExtensionPages } from './support/browsers';
import type { FormServer } from './support/form-server';
import type { NetworkSwitch } from './support/native-vs-replay';

export const SHOTS = path.resolve(process.env.SETTINGS_SCREENSHOTS ?? 'test-results/screenshots');

/** Opens the settings page in a new tab and waits until the settings are shown. */
export async function openOptions(ext: ExtensionPages): Promise<Page> {
  const options = await ext.open('options.html');
  await options.setViewportSize({ width: 900, height: 900 });
  await expect(options.getByTestId('capture')).toBeVisible();
  return options;
}

/** Waits until the stored settings have `expected` (a subset), read in `extensionPage` (any open extension page). */
export async function expectStored(extensionPage: Page, expected: Record<string, unknown>): Promise<void> {
  await expect.poll(() => storedSettings(extensionPage)).toMatchObject(expected);
}

export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Submits the page's form by clicking `button` while offline, expecting the browser's own behaviour:
 * no capture, the offline error page (Chromium's chrome-error://, Firefox's about:neterror, whose
 * location.href is the form's target). The document's own URI, as page.url() can lag in Firefox.
 */
export async function expectLeftToBrowser(page: Page, button = 'button'): Promise<void> {
  await page.click(button);
  await expect
    .poll(() => page.evaluate(() => document.documentURI).catch(() => ''), {
      message: 'the browser handles the submission itself (its offline error page)',
    })
    .toMatch(/^(chrome-error:\/\/|about:neterror\?e=netOffline)/);
  await expect(page.locator('form-outbox-notice')).toHaveCount(0);
}

/**
 * Loads the form at `/form` online, submits `value` offline (saved), comes back online and waits
 * until `target` has received `count` requests in all.
 */
export async function submitOfflineThenDeliver(
  page: Page,
  server: FormServer,
  network: NetworkSwitch,
  target: string,
  value: string,
  count: number,
): Promise<void> {
  await network.online();
  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', value);
  await network.offline();
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  await network.online();
  await server.waitForRequests(target, count);
}
