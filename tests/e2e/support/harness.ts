/**
 * The cross-browser end-to-end fixtures: the same specs run in Debian's Chromium (project
 * `chromium`) and in Debian's firefox-esr (project `firefox`), chosen by Playwright's `browserName`
 * option. Each test gets a fresh profile with the built extension, the extension's page origin, a
 * network switch that really takes pages and the extension's background offline in that browser,
 * and a recording form server.
 *
 * Specs written against these fixtures must not reach for one browser's internals; where a test is
 * Chromium-only by nature (CDP, the service worker), it says so with `skipIn('firefox', reason)`.
 */
import { test as base, type BrowserContext, type Page } from '@playwright/test';
import { launchWithExtension, serviceWorker } from './extension';
import { EXTENSION_ORIGIN, EXTENSION_UUID, firefoxAvailable, FIREFOX_ESR, launchFirefoxWithExtension, setFirefoxOffline } from './firefox';
import type { FormServer } from './form-server';
import { emulatedNetwork, type NetworkSwitch } from './native-vs-replay';
import { provideContext, provideFormServer } from './shared-fixtures';

type Fixtures = {
  context: BrowserContext;
  /** Chromium: the extension id; Firefox: the pinned moz-extension UUID. */
  extensionId: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  extensionOrigin: string;
  /** Offline and back, for pages and the extension's background alike. */
  network: NetworkSwitch;
  page: Page;
  server: FormServer;
};

export const test = base.extend<Fixtures>({
  context: async ({ browserName }, use, testInfo) => {
    if (browserName === 'firefox') {
      // Locally, a machine without Firefox skips; under CI a missing Firefox fails (the launch throws).
      testInfo.skip(!firefoxAvailable() && !process.env.CI, `Firefox ESR is not installed at ${FIREFOX_ESR} (apt-get install -y firefox-esr).`);
      await provideContext('form-outbox-e2e-ff-', launchFirefoxWithExtension, use);
    } else {
      await provideContext('form-outbox-e2e-', launchWithExtension, use);
    }
  },
  extensionId: async ({ context, browserName }, use) => {
    if (browserName === 'firefox') return use(EXTENSION_UUID);
    const worker = await serviceWorker(context);
    await use(new URL(worker.url()).host);
  },
  extensionOrigin: async ({ extensionId, browserName }, use) => {
    await use(browserName === 'firefox' ? EXTENSION_ORIGIN : `chrome-extension://${extensionId}`);
  },
  network: async ({ context, browserName }, use) => {
    await use(browserName === 'firefox'
      ? { offline: () => setFirefoxOffline(context, true), online: () => setFirefoxOffline(context, false) }
      : emulatedNetwork(context));
  },
  page: async ({ context, extensionId }, use) => {
    void extensionId; // the extension is up before the test starts
    await use(context.pages()[0] ?? (await context.newPage()));
  },
  // eslint-disable-next-line no-empty-pattern
  server: ({}, use) => provideFormServer(use),
});

/** Skips the rest of a test (or a describe block) in one browser, with the reason why. */
export function skipIn(browser: 'chromium' | 'firefox', reason: string): void {
  test.skip(({ browserName }) => browserName === browser, reason);
}

export { expect } from '@playwright/test';
