/**
 * Playwright fixtures: the built extension loaded in Debian's Chromium (a fresh profile per test),
 * its service worker, a recording form server, and helpers to read the queue and restart the worker.
 */
import { test as base, chromium, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FormServer } from './form-server';
import { provideContext, provideFormServer } from './shared-fixtures';

export const EXTENSION_PATH = path.resolve(process.env.EXTENSION_DIR ?? '.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A queue item as the tests see it (Blobs reduced to sizes). */
export interface QueueRow {
  id: string;
  status: string;
  origin: string;
  attempts: number;
  maybeSent?: boolean;
  lastError?: { kind: string; message: string; status?: number };
  result?: { status: number; finalUrl: string };
  url: string;
  method: string;
  entries: Array<{ name: string; value?: string; fileName?: string; size?: number }>;
}

/**
 * The id Chromium gives an unpacked extension: from the manifest's `key` when it has one (the tests'
 * build: FORM_OUTBOX_FIXED_ID=1), else from the folder's path. The first 128 bits of a SHA-256,
 * written with the letters a to p.
 */
export function chromeExtensionId(extensionPath = EXTENSION_PATH): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'manifest.json'), 'utf8')) as { key?: string };
  const source = manifest.key ? Buffer.from(manifest.key, 'base64') : Buffer.from(fs.realpathSync(extensionPath));
  return [...createHash('sha256').update(source).digest('hex').slice(0, 32)]
    .map((c) => String.fromCharCode(97 + parseInt(c, 16)))
    .join('');
}

/**
 * Records optional permissions as already granted in a fresh profile, as if the person had accepted
 * Chromium's prompt in an earlier session. Chromium's prompt cannot be answered under automation (it
 * stays open and permissions.request never settles); with the permission on record, the extension's
 * own request resolves at once, as it does for a person who granted it before. Firefox needs no such
 * help: its test profile answers requests itself (FIREFOX_PREFS).
 */
export function grantOptionalPermissions(userDataDir: string, permissions: string[]): void {
  const set = { api: permissions, explicit_host: [], manifest_permissions: [], scriptable_host: [] };
  const preferences = {
    extensions: { settings: { [chromeExtensionId()]: { active_permissions: set, granted_permissions: set } } },
  };
  fs.mkdirSync(path.join(userDataDir, 'Default'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify(preferences));
}

export async function launchWithExtension(
  userDataDir: string,
  options: { granted?: string[] } = {},
): Promise<BrowserContext> {
  if (!fs.existsSync(path.join(EXTENSION_PATH, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_PATH}: run "npx wxt build" first.`);
  }
  if (options.granted?.length) grantOptionalPermissions(userDataDir, options.granted);
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [`--disable-extensions-except=${EXTENSION_PATH}`, `--load-extension=${EXTENSION_PATH}`],
  });
}

/**
 * Closes a browser that is offline under emulation without letting its shutdown deliver anything.
 * The claim "nothing was sent while offline" is checked before this; the shutdown itself is outside
 * the test's control (DevTools' network emulation ends as targets detach, and an open page then sees
 * "online" and asks for a replay), so the pages close first, while still offline, and the server is
 * down while the browser exits: a stray attempt finds nobody and the item stays queued.
 */
export async function closeWhileOffline(
  context: BrowserContext,
  server: Pick<FormServer, 'stop' | 'start'>,
): Promise<void> {
  for (const page of context.pages()) await page.close();
  await server.stop();
  try {
    await context.close();
  } finally {
    await server.start();
  }
}

/** The extension's current service worker (waiting for it to start if needed). */
export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  const live = context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://'));
  return live[live.length - 1] ?? context.waitForEvent('serviceworker', { timeout: 30_000 });
}

/** Stops every service worker through CDP, as Chrome does when the worker is idle or killed. */
export async function stopServiceWorkers(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** Reads the queue from the extension's IndexedDB, through an extension page (works while the worker is stopped). */
export async function readQueue(context: BrowserContext, extensionId: string): Promise<QueueRow[]> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    return await page.evaluate(
      () =>
        new Promise<QueueRow[]>((resolve, reject) => {
          const open = indexedDB.open('form-outbox');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('items')) return resolve([]);
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
                    url: i.request.url,
                    method: i.request.method,
                    entries: i.request.entries.map((e: any) =>
                      e.file
                        ? { name: e.name, fileName: e.file.name, size: e.file.blob.size }
                        : { name: e.name, value: e.value },
                    ),
                  })),
              );
              db.close();
            };
          };
        }),
    );
  } finally {
    await page.close();
  }
}

/** Reads one value of the extension's `meta` table (e.g. workerStarts, lastSentAt). */
export async function readMetaValue(context: BrowserContext, extensionId: string, key: string): Promise<unknown> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    return await page.evaluate(
      (key) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('form-outbox');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('meta').objectStore('meta').get(key);
            get.onsuccess = () => {
              resolve(get.result?.value);
              open.result.close();
            };
            get.onerror = () => reject(get.error);
          };
        }),
      key,
    );
  } finally {
    await page.close();
  }
}

/** Waits until `predicate` holds for the queue. */
export async function waitForQueue(
  context: BrowserContext,
  extensionId: string,
  predicate: (rows: QueueRow[]) => boolean,
  timeoutMs = 30_000,
): Promise<QueueRow[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: QueueRow[] = [];
  while (Date.now() < deadline) {
    rows = await readQueue(context, extensionId);
    if (predicate(rows)) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `Queue did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(rows.map((r) => ({ status: r.status, url: r.url, error: r.lastError?.message })))}`,
  );
}

/**
 * The user's "Send now", sent from an extension page (as the popup does): it also wakes a stopped
 * worker. A page's synthetic `online` event no longer does anything (issue 15, attack 7).
 */
export async function sendNow(context: BrowserContext, extensionId: string): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    const answer = await page.evaluate(() =>
      (globalThis as any).chrome.runtime.sendMessage({ type: 'replayNow', data: {} }),
    );
    if (!answer?.ok) throw new Error(`Send now was refused: ${JSON.stringify(answer)}`);
  } finally {
    await page.close();
  }
}

/**
 * Runs `act` (a submission) and waits until the page's notice says `tone` about it. A page has one
 * notice, which each message replaces: it is marked stale first, so an older "saved" cannot pass.
 */
export async function submitAndExpectNotice(
  page: Pick<Page, 'locator'>,
  act: () => Promise<unknown>,
  tone = 'saved',
): Promise<void> {
  await page
    .locator('form-outbox-notice')
    .evaluateAll((notices) => notices.forEach((n) => n.setAttribute('data-tone', 'stale')));
  await act();
  await expect(page.locator('form-outbox-notice')).toHaveAttribute('data-tone', tone);
}

/** The in-page notice's state (its text is in a closed shadow root; the host mirrors tone and title). */
export function notice(page: Page) {
  return page.locator('form-outbox-notice').last();
}

type Fixtures = { context: BrowserContext; extensionId: string; server: FormServer; page: Page };
/** Optional permissions the person granted in an earlier session (see grantOptionalPermissions). */
type Options = { grantedPermissions: string[] };

export const test = base.extend<Options & Fixtures>({
  grantedPermissions: [[], { option: true }],
  context: ({ grantedPermissions }, use) =>
    provideContext('form-outbox-e2e-', (dir) => launchWithExtension(dir, { granted: grantedPermissions }), use),
  extensionId: async ({ context }, use) => {
    const worker = await serviceWorker(context);
    await use(new URL(worker.url()).host);
  },
  page: async ({ context, extensionId }, use) => {
    void extensionId; // the worker is up before the test starts
    const page = context.pages()[0] ?? (await context.newPage());
    await use(page);
  },
  // eslint-disable-next-line no-empty-pattern
  server: ({}, use) => provideFormServer(use),
});

export { expect } from '@playwright/test';
