/**
 * Helpers for the endurance and fault specs (tests/e2e/endurance.spec.ts): several origins served by
 * recording form servers, bulk seeding with chosen sequence numbers, the popup and badge as the user
 * sees them, the user's settings, the request bound implied by the retry policy, and a browser
 * profile on a small tmpfs that can be filled to play a full disk.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { BASE_DELAY_MS, MAX_DELAY_MS } from '../../../utils/core/retry-policy';
import { serviceWorker } from './extension';
import type { RecordedRequest } from './form-server';
import { seedItem, type SeedItem } from './seed';

/** Both names of a loopback server are distinct origins to the extension (and to its per-origin FIFO). */
export function originsOf(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** The origin a recorded request was sent to (from its Host header). */
export function requestOrigin(request: RecordedRequest): string {
  return `http://${String(request.headers.host)}`;
}

/** The request's Idempotency-Key (the header is a structured-field string: the key in double quotes). */
export function keyOf(request: RecordedRequest): string {
  return String(request.headers['idempotency-key'] ?? '').replace(/^"(.*)"$/, '$1');
}

/** The urlencoded body the extension sends for `entries` (text entries only). */
export function urlencodedBody(entries: Array<{ name: string; value?: string }>): string {
  return new URLSearchParams(entries.map((e) => [e.name, e.value ?? ''])).toString();
}

/**
 * A pending item due at once, posting `n=<seq>` to `${origin}${submitPath}`; its id and
 * Idempotency-Key are unique per `seq`.
 */
export function dueItem(origin: string, seq: number, submitPath: string, capturedAt: number): SeedItem {
  const item = seedItem(origin, seq, 'pending', submitPath, `Bulk ${seq}`);
  return {
    ...item,
    id: `bulk-${seq}`,
    idempotencyKey: `bulk-key-${seq}`,
    fingerprint: `bulk-fp-${seq}`,
    capturedAt,
    updatedAt: capturedAt,
    nextAttemptAt: capturedAt,
  };
}

/** Sets the extension's `meta` record `key` (e.g. the capture sequence counter `seq`). */
export async function writeMeta(
  context: BrowserContext,
  extensionId: string,
  key: string,
  value: unknown,
): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await page.evaluate(
      ({ key, value }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('form-outbox');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('meta', 'readwrite');
            tx.objectStore('meta').put({ key, value });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      { key, value },
    );
  } finally {
    await page.close();
  }
}

/** Stores the user's settings (browser.storage.local 'settings') from the service worker, as the settings page would. */
export async function storeSettings(context: BrowserContext, settings: Record<string, unknown>): Promise<unknown> {
  const worker = await serviceWorker(context);
  return worker.evaluate(async (settings) => {
    const storage = (
      globalThis as unknown as {
        chrome: {
          storage: { local: { set(v: object): Promise<void>; get(k: string): Promise<Record<string, unknown>> } };
        };
      }
    ).chrome.storage.local;
    await storage.set({ settings });
    return (await storage.get('settings')).settings;
  }, settings);
}

/** The toolbar badge text. */
export async function badgeText(context: BrowserContext): Promise<string> {
  const worker = await serviceWorker(context);
  return worker.evaluate(() =>
    (
      globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }
    ).chrome.action.getBadgeText({}),
  );
}

/** Opens the popup in a tab and waits for its first read of the queue. */
export async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('main')).toHaveAttribute('aria-busy', 'false');
  return popup;
}

/** Shortest wait the retry policy allows after the k-th failed attempt (jitter keeps at least half of the step). */
export function minRetryDelayMs(k: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(k - 1, 20)) / 2;
}

/** Earliest time of attempt k (k >= 1) after the first one: the sum of the shortest waits before it. */
export function earliestAttemptMs(k: number): number {
  let t = 0;
  for (let i = 1; i < k; i++) t += minRetryDelayMs(i);
  return t;
}

/**
 * Most requests one always-failing item can cause, without Retry-After and with no "Send now" or
 * online signal after its first attempt:
 * - within `observedMs` after its first attempt: every attempt k with earliestAttemptMs(k) <= observedMs;
 * - over its whole life under a retry window of `windowMs`: the first attempt comes no sooner than
 *   capture, attempts go on while the item is younger than the window, and the first attempt made
 *   after it gives up. So every k with earliestAttemptMs(k) < windowMs, plus one.
 */
export function maxRequestsPerItem(windowMs: number, observedMs = Number.POSITIVE_INFINITY): number {
  let withinWindow = 0;
  while (earliestAttemptMs(withinWindow + 1) < windowMs) withinWindow++;
  let withinObservation = 0;
  while (earliestAttemptMs(withinObservation + 1) <= observedMs) withinObservation++;
  return Math.min(withinWindow + 1, withinObservation);
}

/** A browser profile directory on its own small tmpfs, which a test can fill to play a full disk. */
export interface TinyDisk {
  profile: string;
  /** Fills every free byte of the tmpfs (a filler file beside the profile). */
  fill(): void;
  /** Frees the space taken by fill(). */
  free(): void;
  /** Free bytes on the tmpfs. */
  freeBytes(): number;
  /** Unmounts the tmpfs and removes the mount point. */
  remove(): void;
}

/** Mounts a tmpfs of `sizeMb` MB (needs root); throws with the reason when it cannot. */
export function mountTinyDisk(sizeMb: number): TinyDisk {
  const mountPoint = fs.mkdtempSync('/tmp/form-outbox-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', mountPoint], { stdio: 'pipe' });
  } catch (error) {
    fs.rmdirSync(mountPoint);
    throw new Error(`cannot mount a tmpfs (root is needed): ${(error as Error).message}`, { cause: error });
  }
  const profile = path.join(mountPoint, 'profile');
  fs.mkdirSync(profile);
  const filler = path.join(mountPoint, 'filler');
  return {
    profile,
    fill() {
      const fd = fs.openSync(filler, 'a');
      try {
        // Big blocks first, then pages, until the device refuses.
        for (const size of [1 << 20, 4096, 1]) {
          const block = Buffer.alloc(size, 0x78);
          try {
            for (;;) fs.writeSync(fd, block);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          }
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    freeBytes() {
      const stats = fs.statfsSync(mountPoint);
      return stats.bavail * stats.bsize;
    },
    remove() {
      execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
      fs.rmdirSync(mountPoint);
    },
  };
}

/**
 * Fills the disk, then submits the page's form (field `item`) with 256 kB of text: the refusal
 * notice must appear. Returns it and what was typed.
 */
export async function submitOnFullDisk(
  disk: TinyDisk,
  page: Page,
): Promise<{ refused: ReturnType<Page['locator']>; typed: string }> {
  disk.fill();
  expect(disk.freeBytes()).toBe(0);
  const typed = `notes ${'x'.repeat(256 * 1024)}`;
  await page.locator('input[name=item]').evaluate((input: HTMLInputElement, value) => (input.value = value), typed);
  await page.click('button');
  const refused = page.locator('form-outbox-notice[data-tone=problem]');
  await expect(refused).toHaveCount(1);
  return { refused, typed };
}

/** A stored item with the fields the endurance specs look at. */
export interface StoredItem {
  id: string;
  idempotencyKey: string;
  seq: number;
  origin: string;
  status: string;
  attempts: number;
  capturedAt: number;
  maybeSent?: boolean;
  lastError?: {
    kind: string;
    message: string;
    status?: number;
    at: number;
    retryWindowMs?: number;
    interruption?: string;
  };
  entries: Array<{ name: string; value?: string }>;
}

/**
 * Reads the queue (in capture order) from an extension page that is already open. Unlike readQueue,
 * it opens no tab: a navigation is an event for the worker's webNavigation listeners and starts a
 * stopped worker, which would recover interrupted sends before they could be seen.
 */
export async function snapshotQueue(extensionPage: Page): Promise<StoredItem[]> {
  return extensionPage.evaluate(
    () =>
      new Promise<StoredItem[]>((resolve, reject) => {
        const open = indexedDB.open('form-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('items').objectStore('items').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            open.result.close();
            resolve(
              (all.result as Array<StoredItem & { request: { entries: StoredItem['entries'] } }>)
                .sort((a, b) => a.seq - b.seq)
                .map((i) => ({
                  id: i.id,
                  idempotencyKey: i.idempotencyKey,
                  seq: i.seq,
                  origin: i.origin,
                  status: i.status,
                  attempts: i.attempts,
                  capturedAt: i.capturedAt,
                  maybeSent: i.maybeSent,
                  lastError: i.lastError,
                  entries: i.request.entries.map((e) => ({ name: e.name, value: e.value })),
                })),
            );
          };
        };
      }),
  );
}

/** Opens an extension page (the popup's document) to read the database from. */
export async function openExtensionPage(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  return page;
}
