/**
 * The background's outbox: message handlers, the replay scheduler and its wake-ups, the badge.
 * The worker is torn down when idle, so nothing here is kept only in memory: every start recovers
 * from the database (items caught mid-send, stale uploads) and drains whatever is due.
 */
import { browser } from 'wxt/browser';
import { fingerprintSubmission } from '../core/fingerprint';
import { interruptedError } from '../core/outcome';
import { createReplayScheduler, type DrainReport, type ReplayPorts } from '../core/replay-engine';
import type { FormEntry, ItemError, OutboxItem, SubmissionRequest } from '../core/types';
import { validateWireSubmission } from '../core/wire-validation';
import type { OutboxDatabase } from '../db/database';
import * as repo from '../db/outbox-repository';
import { isConnectionLost, isStorageFull, isWriteAborted, reopenDatabase } from '../db/storage-errors';
import type { Ack, Envelope, ProtocolMap, SubmissionSettledMessage, WireSubmission } from '../messaging';
import { showBadge } from './badge';
import { clearHeaderRules, releaseHeaderRules } from './header-rules';
import { createFlakyRescue } from './flaky-rescue';
import { sendOverHttp } from './http-sender';
import { createTokenRefresher } from './token-refresher';
import { notifyDrain, notifyLocked } from './notifications';
import { createPopupCommands } from './popup-commands';
import { createVault } from './vault';
import { createVaultCommands } from './vault-commands';
import { captureVerdict, DEFAULT_SETTINGS, type CaptureVerdict, type Settings } from '../core/settings';
import { getSettings, watchSettings } from './settings';

export const RETRY_ALARM = 'form-outbox-retry';
export const HEARTBEAT_ALARM = 'form-outbox-heartbeat';
/** Chrome fires alarms at most every 30 s; a timer covers shorter retry delays while the worker is up. */
const SHORT_WAKE_MS = 25_000;
const STALE_UPLOAD_MS = 60 * 60_000;
const BADGE_BURST_MS = 150;
const MAX_CHUNK_BASE64 = 6 * 1024 * 1024;
/** How long a "back online" signal waits for the worker's own view of the network to agree. */
const ONLINE_GRACE_MS = 5_000;

/** Resolves once navigator.onLine is true, or after `timeoutMs` (whichever comes first). */
async function waitUntilOnline(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!navigator.onLine && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

type Sender = { tab?: { id?: number; incognito?: boolean }; frameId?: number; url?: string; id?: string };

/** Private windows leave nothing behind: their submissions are never written or held, whatever the page says. */
export const PRIVATE_WINDOW_REFUSAL = 'Form Outbox does not save forms from private windows: what you typed there must not outlive the window.';

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (fromBase64) return fromBase64(base64);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const REFUSALS: Record<Exclude<CaptureVerdict, 'capture'>, string> = {
  paused: 'Form Outbox is paused (see its settings).',
  'site-off': 'Form Outbox is turned off for this site (see its settings).',
  'get-off': 'Form Outbox is set not to save search and other GET forms (see its settings).',
};

function errorMessage(error: unknown): string {
  if (isStorageFull(error)) return 'There is no room left to store it on this device (storage full).';
  if (isConnectionLost(error)) return 'Form Outbox could not open its storage on this device (storage full?).';
  if (isWriteAborted(error)) return 'This device\u2019s storage refused to save it (storage full?).';
  return error instanceof Error ? error.message : String(error);
}

export function createOutboxService(db: OutboxDatabase) {
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let settings: Settings = DEFAULT_SETTINGS;
  const vault = createVault(db);
  const settingsReady = getSettings().then(
    (loaded) => void (settings = loaded),
    (error: unknown) => console.error('Form Outbox: settings', error),
  );
  watchSettings((changed) => {
    settings = changed;
    void pruneHistory().catch((error: unknown) => console.error('Form Outbox: history', error));
  });

  /** Why a submission may not be captured under the current settings, or undefined when it may. */
  async function refusal(wire: WireSubmission): Promise<string | undefined> {
    await settingsReady;
    const verdict = captureVerdict(settings, wire.page.url, wire.url, wire.method);
    return verdict === 'capture' ? undefined : REFUSALS[verdict];
  }

  /** Runs `work`; if the database connection was lost (a full disk closes it), opens it again and runs `work` once more. */
  async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!isConnectionLost(error)) throw error;
      console.warn('Form Outbox: the database connection was lost; opening it again', error);
      await reopenDatabase(db);
      return work();
    }
  }

  /** Deletes sent items older than the history setting (failed items stay until the user acts). */
  async function pruneHistory() {
    await repo.clearSent(db, Date.now() - settings.keepSentMs);
  }

  const ports: ReplayPorts = {
    now: () => Date.now(),
    isOnline: () => navigator.onLine,
    listPending: () => repo.listPending(db, (id, why) => console.warn(`Form Outbox: skipping corrupt record ${String(id)}: ${why}`)),
    lease: async (id, now) => {
      const leased = await repo.leaseItem(db, id, now);
      if (!leased?.sealed) return leased;
      try {
        return await vault.open(leased);
      } catch (error) {
        // Locked meanwhile: back to the queue untouched. Undecryptable: failed, with the reason.
        const at = Date.now();
        const locked = error instanceof Error && error.name === 'VaultLockedError';
        await repo.settleItem(db, leased, locked
          ? { kind: 'retry', at, error: { kind: 'network', message: errorMessage(error), at } }
          : { kind: 'failed', error: { kind: 'invalid', message: 'Its encrypted contents could not be read (damaged, or sealed with another passphrase).', detail: errorMessage(error), at } }, at);
        return undefined;
      }
    },
    send: (item) => sendOverHttp(item),
    refreshTokens: createTokenRefresher(db, async (item, entries, now) => {
      if (!item.sealed && !(await vault.status()).enabled) return repo.replaceLeasedEntries(db, item.id, entries, now);
      const request = { ...item.request, entries };
      const stored = await repo.replaceLeasedPayload(db, item.id, await vault.reseal(request, item.source), now);
      return stored && { ...item, request, updatedAt: stored.updatedAt };
    }),
    retryWindowMs: () => settings.retryWindowMs,
    settle: async (item, outcome) => {
      await repo.settleItem(db, item, outcome, Date.now());
      refreshBadgeSoon();
      if (outcome.kind !== 'retry') void tellTab(item, outcome.kind === 'sent' ? 'sent' : 'failed', outcome);
    },
  };

  async function tellTab(item: OutboxItem, status: 'sent' | 'failed', outcome: Parameters<ReplayPorts['settle']>[1]) {
    const tabId = item.source.tabId;
    if (tabId === undefined || tabId < 0) return;
    const message: SubmissionSettledMessage = {
      type: 'submissionSettled',
      data: {
        id: item.id,
        status,
        message: outcome.kind === 'failed' ? outcome.error.message : `Your submission to ${new URL(item.request.url).host} went through.`,
      },
    };
    // The tab may be closed or elsewhere: then the badge and popup tell the story.
    await Promise.resolve()
      .then(() => browser.tabs.sendMessage(tabId, message, { frameId: item.source.frameId ?? 0 }))
      .catch(() => undefined);
  }

  async function refreshBadge() {
    await showBadge(await repo.countByStatus(db)).catch((error: unknown) => console.error('Form Outbox: badge', error));
  }

  // While a pass settles many items, one badge update per burst (four counts and three API calls each).
  let badgeTimer: ReturnType<typeof setTimeout> | undefined;
  function refreshBadgeSoon() {
    badgeTimer ??= setTimeout(() => {
      badgeTimer = undefined;
      void refreshBadge();
    }, BADGE_BURST_MS);
  }

  /** After each replay pass: drop its header rules, show the final counts, notify, schedule the next wake-up. */
  async function finishPass(report: DrainReport) {
    await releaseHeaderRules().catch((error: unknown) => console.error('Form Outbox: header rules', error));
    await pruneHistory().catch((error: unknown) => console.error('Form Outbox: history', error));
    await vault.sealPending().catch((error: unknown) => console.error('Form Outbox: sealing', error));
    if (badgeTimer) clearTimeout(badgeTimer);
    badgeTimer = undefined;
    await refreshBadge();
    void notifyDrain(report).catch((error: unknown) => console.error('Form Outbox: notification', error));
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeTimer = undefined;
    if (report.nextDueAt === undefined) {
      await browser.alarms.clear(RETRY_ALARM);
      return;
    }
    const delay = Math.max(0, report.nextDueAt - Date.now());
    await browser.alarms.create(RETRY_ALARM, { when: Date.now() + Math.max(delay, 1000) });
    if (delay < SHORT_WAKE_MS) wakeTimer = setTimeout(() => void scheduler.request(), delay + 50);
  }

  const scheduler = createReplayScheduler(ports, finishPass);

  /** Start-up: recovery from the last stop, pruning, the badge. */
  const startUp = async () => {
    await clearHeaderRules().catch((error: unknown) => console.error('Form Outbox: header rules', error));
    await repo.countWorkerStart(db, Date.now());
    const recovered = await repo.recoverInterrupted(db, Date.now());
    if (recovered) console.warn(`Form Outbox: ${recovered} interrupted send(s) recovered`);
    await repo.pruneStaleUploads(db, Date.now() - STALE_UPLOAD_MS);
    await vault.sealPending();
    await settingsReady;
    await pruneHistory();
    await refreshBadge();
  };
  let ready = startUp();
  // Handlers wait for start-up and report its failure to their caller; this logs it when nobody is waiting.
  ready.catch((error: unknown) => console.error('Form Outbox: start-up', error));

  /** Resolves once start-up has completed; a start-up that failed (a full disk) is tried again. */
  function started(): Promise<void> {
    ready = ready.catch(() => startUp());
    return ready;
  }

  /** Asks for a replay pass once start-up recovery is done. */
  async function replay(): Promise<void> {
    await started();
    await withDatabase(() => replayPass());
  }

  async function replayPass(): Promise<void> {
    // Locked (encryption on, browser restarted): nothing sealed can be opened, so nothing is sent until unlocked.
    if (await vault.isLocked()) {
      const counts = await repo.countByStatus(db);
      await notifyLocked(counts.pending + counts.sending).catch((error: unknown) => console.error('Form Outbox: notification', error));
      return;
    }
    await scheduler.request();
  }

  function toRequest(wire: WireSubmission, blobs: Map<number, Blob>): SubmissionRequest {
    const entries: FormEntry[] = wire.entries.map((entry) =>
      'file' in entry
        ? {
          name: entry.name,
          file: { name: entry.file.name, type: entry.file.type, lastModified: entry.file.lastModified, blob: blobs.get(entry.file.index)! },
        }
        : { name: entry.name, value: entry.value },
    );
    return { method: wire.method, url: wire.url, enctype: wire.enctype, ...(wire.bodyFormat ? { bodyFormat: wire.bodyFormat } : {}), entries };
  }

  /** Stores a validated submission durably, then updates the badge and starts a replay pass. */
  async function store(wire: WireSubmission, from: { tabId?: number; frameId?: number }, blobs: Map<number, Blob>, maybeSentError?: ItemError) {
    const request = toRequest(wire, blobs);
    const source = { pageUrl: wire.page.url, pageTitle: wire.page.title, referrerPolicy: wire.page.referrerPolicy, ...from };
    const parts = await vault.prepare(request, source, fingerprintSubmission(request, source.pageUrl));
    const result = await repo.enqueueItem(db, { ...parts, now: Date.now(), maybeSentError });
    await refreshBadge();
    void replay().catch((error: unknown) => console.error('Form Outbox: replay failed', error));
    return result;
  }

  const rescue = createFlakyRescue({
    now: () => Date.now(),
    async store(held, blobs, maybeSent, error) {
      await started();
      const host = new URL(held.wire.url).host;
      const maybeSentError: ItemError | undefined = maybeSent ? interruptedError(Date.now(), { host, detail: error }) : undefined;
      return (await store(held.wire, { tabId: held.tabId, frameId: held.frameId }, blobs, maybeSentError)).id;
    },
    async rescued(held, id) {
      // A frame cannot be sent to an extension page; its item shows in the badge and popup.
      if (held.frameId !== 0) return;
      await browser.tabs.update(held.tabId, { url: `${browser.runtime.getURL('/rescued.html')}?id=${encodeURIComponent(id)}` });
    },
  });

  const handlers: { [K in keyof ProtocolMap]: (data: ProtocolMap[K]['data'], sender: Sender) => Promise<ProtocolMap[K]['result']> } = {
    ...createPopupCommands(db, { replay, refreshBadge, vault }),
    async stageFileChunk(data, sender) {
      if (!sender.tab) return { ok: false, error: 'Only pages can send files.' };
      if (sender.tab.incognito) return { ok: false, error: PRIVATE_WINDOW_REFUSAL };
      if (typeof data?.uploadId !== 'string' || typeof data.base64 !== 'string' || data.base64.length > MAX_CHUNK_BASE64 ||
        !Number.isInteger(data.fileIndex) || !Number.isInteger(data.offset) || data.offset < 0) {
        return { ok: false, error: 'A file chunk was malformed.' };
      }
      const blob = new Blob([decodeBase64(data.base64)]);
      if (data.transient) {
        rescue.stageChunk(data.uploadId, data.fileIndex, data.offset, blob);
        return { ok: true };
      }
      await started();
      await repo.stageChunk(db, { uploadId: data.uploadId, fileIndex: data.fileIndex, offset: data.offset, blob, createdAt: Date.now() });
      return { ok: true };
    },
    async enqueueSubmission(data, sender) {
      if (!sender.tab) return { ok: false, error: 'Only pages can queue submissions.' };
      if (sender.tab.incognito) return { ok: false, error: PRIVATE_WINDOW_REFUSAL };
      const problem = validateWireSubmission(data);
      if (problem !== true) return { ok: false, error: problem };
      const refused = await refusal(data);
      if (refused) {
        if (data.uploadId) await repo.dropUpload(db, data.uploadId);
        return { ok: false, error: refused };
      }
      await started();
      const sizes: Record<number, number> = {};
      for (const entry of data.entries) if ('file' in entry) sizes[entry.file.index] = entry.file.size;
      const blobs = data.uploadId ? await repo.takeUpload(db, data.uploadId, sizes) : new Map<number, Blob>();
      const result = await store(data, { tabId: sender.tab.id, frameId: sender.frameId }, blobs);
      if (data.uploadId) await repo.dropUpload(db, data.uploadId);
      return { ok: true, ...result };
    },
    async holdSubmission(data, sender) {
      if (!sender.tab?.id) return { ok: false, error: 'Only pages can hold submissions.' };
      if (sender.tab.incognito) return { ok: false, error: PRIVATE_WINDOW_REFUSAL };
      const problem = validateWireSubmission(data);
      if (problem !== true) return { ok: false, error: problem };
      const refused = await refusal(data);
      if (refused) {
        if (data.uploadId) rescue.dropUpload(data.uploadId);
        return { ok: false, error: refused };
      }
      rescue.hold(data, sender.tab.id, sender.frameId ?? 0);
      return { ok: true };
    },
    async abandonUpload(data) {
      if (typeof data?.uploadId !== 'string') return { ok: true };
      if (data.transient) rescue.dropUpload(data.uploadId);
      else await repo.dropUpload(db, data.uploadId);
      return { ok: true };
    },
    ...createVaultCommands(vault, { replay, refreshBadge }),
    async replayNow() {
      await started();
      await repo.makeAllDue(db, Date.now());
      // A page's "online" event can come before the worker's own navigator.onLine turns true.
      void waitUntilOnline(ONLINE_GRACE_MS).then(replay).catch((error: unknown) => console.error('Form Outbox: replay failed', error));
      return { ok: true };
    },
  };

  /** The runtime.onMessage listener. Returns a native Promise (Chrome ignores others). */
  function onMessage(message: unknown, sender: Sender): Promise<Ack> | undefined {
    const envelope = message as Envelope;
    if (!envelope || typeof envelope !== 'object' || !(envelope.type in handlers)) return undefined;
    if (sender.id !== browser.runtime.id) return undefined;
    const handler = handlers[envelope.type] as (data: unknown, sender: Sender) => Promise<Ack>;
    return withDatabase(() => handler(envelope.data, sender))
      .catch((error: unknown) => {
        console.error(`Form Outbox: ${envelope.type} failed`, error);
        return { ok: false as const, error: `Form Outbox could not store it: ${errorMessage(error)}` };
      });
  }

  return { onMessage, replay, refreshBadge, ready, rescue };
}
