/**
 * One suite, two browsers: fixtures parameterised by the Playwright project option `extBrowser`
 * ('chromium' | 'firefox', set per project in playwright.config.ts). A spec imports `test` from here
 * and runs unchanged in Debian's Chromium (MV3 service worker) and firefox-esr (MV2 background page).
 *
 * Fixtures: context, extensionId, extensionOrigin, network (real offline for pages and background),
 * page, server, plus `ext` (extension pages and the queue, in either browser).
 */
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import type { FormServer } from './form-server';
import { provideContext, provideFormServer } from './shared-fixtures';
import { emulatedNetwork, type NetworkSwitch } from './native-vs-replay';
import { launchWithExtension, serviceWorker, type QueueRow } from './extension';
import {
  announceMissedRealm,
  closeExtensionPage,
  evaluateInChrome,
  EXTENSION_ORIGIN,
  EXTENSION_UUID,
  firefoxAvailable,
  FIREFOX_ESR,
  launchFirefoxWithExtension,
  openExtensionPage,
  setFirefoxOffline,
} from './firefox';

export type ExtBrowser = 'chromium' | 'firefox';

/** Extension pages and storage, whichever the browser. */
export interface ExtensionPages {
  /** Opens `moz-extension://…/<path>` or `chrome-extension://…/<path>` in a new tab, ready to use. */
  open(pagePath: string): Promise<Page>;
  close(page: Page): Promise<void>;
  /** Runs `fn(arg)` in a fresh extension page (the popup document) and closes it. */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  readQueue(): Promise<QueueRow[]>;
  waitForQueue(predicate: (rows: QueueRow[]) => boolean, timeoutMs?: number): Promise<QueueRow[]>;
  /** Item and upload counts in the extension's IndexedDB. */
  storageCounts(): Promise<{ items: number; uploads: number }>;
  /** Readies a tab the extension opened itself (e.g. `runtime.openOptionsPage`) for locators. */
  adopt(page: Page): Promise<void>;
}

/** The extension API of the page (Firefox's `browser`, Chromium's `chrome`), typed for what the tests read. */
type ExtensionApi = {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  notifications?: { getAll(): Promise<Record<string, unknown>> };
};

/** The stored settings (storage.local `settings`), read in `extensionPage`, any open extension page. */
export async function storedSettings(extensionPage: Page): Promise<Record<string, unknown> | undefined> {
  const stored = await extensionPage.evaluate(() => {
    const api = ((globalThis as any).browser ?? (globalThis as any).chrome) as ExtensionApi;
    return api.storage.local.get('settings');
  });
  return stored.settings as Record<string, unknown> | undefined;
}

/**
 * The ids of the extension's desktop notifications now showing (`notifications.getAll()`), read in
 * `extensionPage`. Firefox lists a notification only while its alert is up: see FIREFOX_PREFS.
 * Without the (optional) permission the API is absent and nothing can show: [].
 */
export function notificationIds(extensionPage: Page): Promise<string[]> {
  return extensionPage.evaluate(async () => {
    const api = ((globalThis as any).browser ?? (globalThis as any).chrome) as ExtensionApi;
    return api.notifications ? Object.keys(await api.notifications.getAll()).sort() : [];
  });
}

/** Whether the browser has granted the extension the optional notifications permission, read in `extensionPage`. */
export function notificationsGranted(extensionPage: Page): Promise<boolean> {
  return extensionPage.evaluate(() => {
    const api = ((globalThis as any).browser ?? (globalThis as any).chrome) as {
      permissions: { contains(p: object): Promise<boolean> };
    };
    return api.permissions.contains({ permissions: ['notifications'] });
  });
}

/** Runs in an extension page: the queue rows of the extension's database `name` (Blobs as sizes). */
function queueRows(name: string): Promise<QueueRow[]> {
  return new Promise<QueueRow[]>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('items')) {
        db.close();
        return resolve([]);
      }
      const all = db.transaction('items').objectStore('items').getAll();
      all.onerror = () => reject(all.error);
      all.onsuccess = () => {
        resolve(
          (all.result as any[])
            .sort((a, b) => a.seq - b.seq)
            .map((i) => ({
              id: i.id,
              status: i.status,
              origin: i.origin,
              attempts: i.attempts,
              maybeSent: i.maybeSent,
              lastError: i.lastError,
              result: i.result,
              url: i.request?.url,
              method: i.request?.method,
              entries: (i.request?.entries ?? []).map((e: any) =>
                e.file
                  ? { name: e.name, fileName: e.file.name, size: e.file.blob?.size }
                  : { name: e.name, value: e.value },
              ),
            })),
        );
        db.close();
      };
    };
  });
}

/** Extension pages and storage for `context` (the `ext` fixture; also for a browser a test launches itself). */
export function extensionPages(context: BrowserContext, browser: ExtBrowser, origin: string): ExtensionPages {
  const pages: ExtensionPages = {
    async open(pagePath) {
      if (browser === 'firefox') return openExtensionPage(context, pagePath);
      const page = await context.newPage();
      await page.goto(`${origin}/${pagePath}`);
      return page;
    },
    async close(page) {
      if (browser === 'firefox') await closeExtensionPage(page);
      else await page.close();
    },
    async evaluate(fn, arg) {
      const page = await pages.open('popup.html');
      try {
        return await page.evaluate(fn as any, arg);
      } finally {
        await pages.close(page);
      }
    },
    readQueue: () => pages.evaluate(queueRows, 'form-outbox'),
    async waitForQueue(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let rows: QueueRow[] = [];
      while (Date.now() < deadline) {
        rows = await pages.readQueue();
        if (predicate(rows)) return rows;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(
        `Queue did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(rows.map((r) => ({ status: r.status, url: r.url, error: r.lastError?.message })))}`,
      );
    },
    storageCounts: () =>
      pages.evaluate(
        () =>
          new Promise<{ items: number; uploads: number }>((resolve, reject) => {
            const open = indexedDB.open('form-outbox');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction(['items', 'uploads']);
              const items = tx.objectStore('items').count();
              const uploads = tx.objectStore('uploads').count();
              tx.oncomplete = () => {
                resolve({ items: items.result, uploads: uploads.result });
                open.result.close();
              };
            };
          }),
        undefined,
      ),
    async adopt(page) {
      if (browser === 'firefox') {
        // As openExtensionPage: BiDi may not announce the document, and no `load` is reported.
        await announceMissedRealm(context, page, origin);
        await page.waitForFunction(() => document.readyState === 'complete');
      } else {
        await page.waitForLoadState();
      }
    },
  };
  return pages;
}

/**
 * Makes `page` (and, in Firefox, every page) see `prefers-color-scheme: scheme`, and checks that it
 * does. Firefox: Playwright 1.64's emulateMedia({ colorScheme }) is silently ignored over BiDi
 * (matchMedia does not change), so the browser-wide content override pref is set instead.
 */
export async function emulateColorScheme(page: Page, browser: ExtBrowser, scheme: 'light' | 'dark'): Promise<void> {
  if (browser === 'firefox') {
    await evaluateInChrome(
      page.context(),
      `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${scheme === 'dark' ? 0 : 1})`,
    );
  } else {
    await page.emulateMedia({ colorScheme: scheme });
  }
  await expect
    .poll(() => page.evaluate((query) => matchMedia(query).matches, `(prefers-color-scheme: ${scheme})`))
    .toBe(true);
}

type Options = {
  extBrowser: ExtBrowser;
  /**
   * Optional permissions the person granted in an earlier session (Chromium only: see
   * grantOptionalPermissions). Firefox grants a request at once in the test profile.
   */
  grantedPermissions: string[];
};
type Fixtures = {
  context: BrowserContext;
  /** The host of the extension's URLs: Chromium's extension id, Firefox's pinned UUID. */
  extensionId: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  extensionOrigin: string;
  network: NetworkSwitch;
  page: Page;
  server: FormServer;
  ext: ExtensionPages;
};

export const test = base.extend<Options & Fixtures>({
  extBrowser: ['chromium', { option: true }],
  grantedPermissions: [[], { option: true }],
  context: async ({ extBrowser, grantedPermissions }, use) => {
    if (extBrowser === 'firefox') {
      // Locally a machine without Firefox skips; under CI a missing Firefox fails (launch throws).
      base.skip(
        !firefoxAvailable() && !process.env.CI,
        `Firefox ESR is not installed at ${FIREFOX_ESR} (apt-get install -y firefox-esr).`,
      );
      await provideContext('form-outbox-e2e-ff-', launchFirefoxWithExtension, use);
    } else {
      await provideContext('form-outbox-e2e-', (dir) => launchWithExtension(dir, { granted: grantedPermissions }), use);
    }
  },
  extensionId: async ({ context, extBrowser }, use) => {
    if (extBrowser === 'firefox') return use(EXTENSION_UUID);
    const worker = await serviceWorker(context);
    await use(new URL(worker.url()).host);
  },
  extensionOrigin: async ({ extBrowser, extensionId }, use) => {
    await use(extBrowser === 'firefox' ? EXTENSION_ORIGIN : `chrome-extension://${extensionId}`);
  },
  network: async ({ context, extBrowser }, use) => {
    await use(
      extBrowser === 'firefox'
        ? { offline: () => setFirefoxOffline(context, true), online: () => setFirefoxOffline(context, false) }
        : emulatedNetwork(context),
    );
  },
  page: async ({ context, extensionId }, use) => {
    void extensionId; // Chromium: the worker is up before the test starts
    const page = context.pages()[0] ?? (await context.newPage());
    await use(page);
  },
  // eslint-disable-next-line no-empty-pattern
  server: ({}, use) => provideFormServer(use),
  ext: async ({ context, extBrowser, extensionOrigin }, use) => {
    await use(extensionPages(context, extBrowser, extensionOrigin));
  },
});

export { expect } from '@playwright/test';
export { notice, submitAndExpectNotice } from './extension';
