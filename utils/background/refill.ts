/**
 * "Open the original page with the form filled in again". State machine per tab:
 *   open(item) -> tab created, refill pending (memory + storage.session, so a restarted worker keeps it)
 *   tab load complete -> if the tab's top document is of the item's page origin (the page may have
 *   redirected to another site, which must never see the values), the refill script is injected into
 *   that document (entrypoints/refill.ts, kept out of the content script every page carries) and
 *   called with the item's entries
 *   -> done (or dropped after REFILL_TTL_MS if the page never loads).
 * The tabs.onUpdated listener is only attached while a refill is pending: the worker must not be
 * woken by every tab update of the browser.
 */
import { browser } from 'wxt/browser';
import { blobToBase64 } from '../core/base64';
import type { OutboxItem } from '../core/types';
import type { OutboxDatabase } from '../db/database';
import type { RefillData, RefillInput } from '../capture/refill-form';
import { logFailure } from '../core/log';

const SESSION_KEY = 'pendingRefills';
export const REFILL_TTL_MS = 2 * 60_000;
/** Files bigger than this in total are left out of a refill (a message is capped at 64 MiB). */
export const REFILL_MAX_FILE_BYTES = 32 * 1024 * 1024;

type PendingRefills = Record<string, { itemId: string; at: number }>;

/** What the item's page is refilled with (files within REFILL_MAX_FILE_BYTES). */
export async function refillDataFor(item: OutboxItem): Promise<RefillData> {
  let budget = REFILL_MAX_FILE_BYTES;
  const entries: RefillInput[] = [];
  for (const entry of item.request.entries) {
    if (!('file' in entry)) {
      entries.push({ name: entry.name, value: entry.value });
      continue;
    }
    const { name, type, lastModified, blob } = entry.file;
    if (!blob || blob.size > budget) continue;
    budget -= blob.size;
    entries.push({ name: entry.name, file: { name, type, lastModified, base64: await blobToBase64(blob) } });
  }
  return { action: item.request.url, entries };
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/** `open` puts back the sealed parts of an encrypted item. */
export function createRefill(
  db: OutboxDatabase,
  open: (item: OutboxItem) => Promise<OutboxItem> = async (item) => item,
) {
  const session = browser.storage.session;
  let listening = false;
  const delivering = new Set<number>();

  async function readPending(): Promise<PendingRefills> {
    if (!session) return {};
    return ((await session.get(SESSION_KEY))[SESSION_KEY] as PendingRefills | undefined) ?? {};
  }
  async function writePending(pending: PendingRefills): Promise<void> {
    await session?.set({ [SESSION_KEY]: pending });
  }

  async function deliver(tabId: number): Promise<void> {
    if (delivering.has(tabId)) return;
    delivering.add(tabId);
    try {
      await deliverOnce(tabId);
    } finally {
      delivering.delete(tabId);
    }
  }

  async function deliverOnce(tabId: number): Promise<void> {
    const pending = await readPending();
    const entry = pending[tabId];
    if (!entry) return;
    delete pending[tabId];
    await writePending(pending);
    if (!Object.keys(pending).length) stopListening();
    if (Date.now() - entry.at > REFILL_TTL_MS) return;
    const item = await db.items.get(entry.itemId);
    if (!item) return;
    const opened = await open(item);
    const pageOrigin = new URL(opened.source.pageUrl).origin;
    // Only a document of the item's page origin is filled: the page may have redirected elsewhere.
    const frame = await browser.webNavigation.getFrame({ tabId, frameId: 0 });
    if (!frame || !sameOrigin(frame.url, pageOrigin)) {
      console.warn('Form Outbox: the page to refill is now on another site; it was not filled');
      return;
    }
    const data = await refillDataFor(opened);
    // Where the browser can address the very document just checked, it does; the script checks again.
    const documentId = (frame as { documentId?: string }).documentId;
    const target = documentId ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [0] };
    const inject = async (to: object) => {
      await browser.scripting.executeScript({ target: to as never, files: ['/refill.js'] });
      await browser.scripting.executeScript({
        target: to as never,
        func: (refill: RefillData, origin: string) =>
          location.origin === origin
            ? (globalThis as unknown as { formOutboxRefill(data: RefillData): unknown }).formOutboxRefill(refill)
            : undefined,
        args: [data, pageOrigin],
      });
    };
    try {
      await inject(target);
    } catch (error) {
      // A browser without documentIds in scripting targets: the frame, with the in-page origin check.
      if (!documentId || !/documentId/i.test(String(error))) throw error;
      await inject({ tabId, frameIds: [0] });
    }
  }

  const onUpdated = (tabId: number, change: { status?: string }) => {
    if (change.status !== 'complete') return;
    void deliver(tabId).catch(logFailure('refill'));
  };

  function startListening() {
    if (listening) return;
    listening = true;
    browser.tabs.onUpdated.addListener(onUpdated);
  }
  function stopListening() {
    if (!listening) return;
    listening = false;
    browser.tabs.onUpdated.removeListener(onUpdated);
  }

  // A worker restarted while a refill was pending picks it up again.
  void readPending()
    .then((pending) => {
      if (Object.keys(pending).length) startListening();
    })
    .catch(logFailure('refill state'));

  return {
    /** Opens the item's page in a new tab and arranges for its form to be refilled. Returns the tab id. */
    async open(item: OutboxItem): Promise<number> {
      startListening();
      const tab = await browser.tabs.create({ url: item.source.pageUrl, active: true });
      if (tab.id === undefined) throw new Error('The browser did not open a tab.');
      const pending = await readPending();
      for (const [id, entry] of Object.entries(pending)) if (Date.now() - entry.at > REFILL_TTL_MS) delete pending[id];
      pending[tab.id] = { itemId: item.id, at: Date.now() };
      await writePending(pending);
      // The page may have finished loading before the refill was recorded.
      const now = await browser.tabs.get(tab.id).catch(() => undefined);
      if (now?.status === 'complete' && now.url && now.url !== 'about:blank') await deliver(tab.id);
      return tab.id;
    },
  };
}
