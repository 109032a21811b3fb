/**
 * The background's outbox: start-up recovery, the message handlers, and when a replay pass runs
 * (the sending itself is wired in replay-wiring.ts).
 * The worker is torn down when idle, so nothing here is kept only in memory: every start recovers
 * from the database (items caught mid-send, stale uploads) and drains whatever is due.
 */
import { browser } from 'wxt/browser';
import { failure, FailureError, refused, type Failure, type FailureCode } from '../core/failure';
import { fingerprintSubmission } from '../core/fingerprint';
import { interruptedError } from '../core/outcome';
import type { RawSender } from '../core/sender';
import type { FormEntry, ItemError, SubmissionRequest } from '../core/types';
import type { OutboxDatabase } from '../db/database';
import * as repo from '../db/outbox-repository';
import { ensureStatusCounts } from '../db/status-counts';
import { isConnectionLost, isStorageFull, isWriteAborted, reopenDatabase } from '../db/storage-errors';
import type { Ack, WireSubmission } from '../messaging';
import { createConnectivity } from './connectivity';
import { createDrafts } from './drafts';
import { draftBrowserPorts } from './draft-wiring';
import { clearHeaderRules } from './header-rules';
import { createFlakyRescue } from './flaky-rescue';
import { createMessageGate, type MessageHandlers } from './message-gate';
import { createPageCommands, type FileChannelCounts, type SubmissionOrigin } from './page-commands';
import { createFileFrameListener } from './file-frame';
import { createSignInResume } from './sign-in-resume';
import { notifyLocked } from './notifications';
import { createPopupCommands } from './popup-commands';
import { createDataCommands } from './data-commands';
import { createVault } from './vault';
import { createVaultCommands } from './vault-commands';
import { captureVerdict, DEFAULT_SETTINGS, type CaptureVerdict, type Settings } from '../core/settings';
import { getSettings, watchSettings } from '../platform/settings-store';
import { errorText, logFailure } from '../core/log';
import { createReplayWiring } from './replay-wiring';

export { PRIVATE_WINDOW_REFUSAL } from './message-gate';

export { RETRY_ALARM } from './replay-wiring';
export const HEARTBEAT_ALARM = 'form-outbox-heartbeat';
const STALE_UPLOAD_MS = 60 * 60_000;

const REFUSALS: Record<Exclude<CaptureVerdict, 'capture'>, FailureCode> = {
  paused: 'paused',
  'site-off': 'siteOff',
  'get-off': 'getOff',
};

/** Why storing failed, as a code (the storage's own error text is the detail). */
function storageFailure(error: unknown): Failure {
  const detail = errorText(error);
  if (isStorageFull(error)) return failure('storageFull', undefined, detail);
  if (isConnectionLost(error)) return failure('storageUnavailable', undefined, detail);
  if (isWriteAborted(error)) return failure('storageRefused', undefined, detail);
  if (error instanceof FailureError) return error.failure;
  return failure('storeFailed', [detail], detail);
}

export function createOutboxService(db: OutboxDatabase) {
  let settings: Settings = DEFAULT_SETTINGS;
  const vault = createVault(db);
  // Signed out, then back: what waits for a sign-in is sent once the person is signed in again.
  const signInResume = createSignInResume({ db, vault, replay: () => replay() });
  const settingsReady = getSettings().then((loaded) => void (settings = loaded), logFailure('settings'));
  const drafts = createDrafts({
    db,
    vault,
    settings: () => settingsReady.then(() => settings),
    started: () => started(),
    now: () => Date.now(),
    ...draftBrowserPorts(),
  });
  watchSettings((changed) => {
    settings = changed;
    void pruneHistory().catch(logFailure('history'));
    void drafts.pruneExpired(true).catch(logFailure('drafts expiry'));
  });

  /** Why a submission from `pageUrl` may not be captured under the current settings, or undefined when it may. */
  async function refusal(wire: WireSubmission, pageUrl: string): Promise<Failure | undefined> {
    await settingsReady;
    const verdict = captureVerdict(settings, pageUrl, wire.url, wire.method);
    return verdict === 'capture' ? undefined : failure(REFUSALS[verdict]);
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

  // The worker's view of the network: pages' online events are only hints (connectivity.ts).
  const connectivity = createConnectivity({
    now: () => Date.now(),
    isOnline: () => navigator.onLine,
    makeNetworkFailuresDue: (now) => repo.makeNetworkFailuresDue(db, now),
    replay,
  });

  // Sending: the engine's ports, what each outcome tells the page and the badge, the next wake-up.
  const { scheduler, refreshBadge, refreshBadgeSoon } = createReplayWiring({
    db,
    vault,
    drafts,
    signInResume,
    connectivity,
    settings: () => settings,
    pruneHistory,
  });

  /** Start-up: recovery from the last stop, pruning, the badge. */
  const startUp = async () => {
    await clearHeaderRules().catch(logFailure('header rules'));
    await repo.countWorkerStart(db, Date.now());
    // The status counts (badge, popup) are kept as a record; a database without one is counted once.
    await ensureStatusCounts(db);
    const recovered = await repo.recoverInterrupted(db, Date.now());
    if (recovered) console.warn(`Form Outbox: ${recovered} interrupted send(s) recovered`);
    await repo.pruneStaleUploads(db, Date.now() - STALE_UPLOAD_MS);
    await vault.sealPending();
    await vault.resumeRemoval();
    await settingsReady;
    await pruneHistory();
    await drafts.pruneExpired(true);
    await refreshBadge();
    await signInResume.sync().catch(logFailure('sign-in watch'));
  };
  let ready = startUp();
  // Handlers wait for start-up and report its failure to their caller; this logs it when nobody is waiting.
  ready.catch(logFailure('start-up'));

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
      await notifyLocked(counts.pending + counts.sending).catch(logFailure('notification'));
      return;
    }
    await scheduler.request();
  }

  function toRequest(wire: WireSubmission, blobs: Map<number, Blob>): SubmissionRequest {
    const entries: FormEntry[] = wire.entries.map((entry) =>
      'file' in entry
        ? {
            name: entry.name,
            file: {
              name: entry.file.name,
              type: entry.file.type,
              lastModified: entry.file.lastModified,
              blob: blobs.get(entry.file.index)!,
            },
          }
        : { name: entry.name, value: entry.value },
    );
    return {
      method: wire.method,
      url: wire.url,
      enctype: wire.enctype,
      ...(wire.bodyFormat ? { bodyFormat: wire.bodyFormat } : {}),
      entries,
    };
  }

  /** Stores a validated submission durably, then updates the badge and starts a replay pass. */
  async function store(
    wire: WireSubmission,
    from: SubmissionOrigin,
    blobs: Map<number, Blob>,
    maybeSentError?: ItemError,
  ) {
    const request = toRequest(wire, blobs);
    const { pageUrl, ...where } = from;
    const source = {
      pageUrl,
      pageTitle: wire.page.title,
      referrerPolicy: wire.page.referrerPolicy,
      ...where,
      ...(wire.fieldLabels?.length
        ? { fieldLabels: wire.fieldLabels.map(({ name, label }) => ({ name, label })) }
        : {}),
    };
    const parts = await vault.prepare(request, source, fingerprintSubmission(request, source.pageUrl));
    // The draft of the form it came from now waits for this item.
    const draftLink = drafts.draftLinkFor(request, from);
    const result = await repo.enqueueItem(db, { ...parts, now: Date.now(), maybeSentError, draftLink });
    // The page's acknowledgement waits for the durable write only, not for the badge.
    refreshBadgeSoon();
    void replay().catch(logFailure('replay failed'));
    return result;
  }

  const rescue = createFlakyRescue({
    now: () => Date.now(),
    async store(held, blobs, maybeSent, error) {
      await started();
      const host = new URL(held.wire.url).host;
      const maybeSentError: ItemError | undefined = maybeSent
        ? interruptedError(Date.now(), { host, detail: error })
        : undefined;
      const from = {
        pageUrl: held.wire.page.url,
        tabId: held.tabId,
        frameId: held.frameId,
        ...(held.documentId ? { documentId: held.documentId } : {}),
      };
      return (await store(held.wire, from, blobs, maybeSentError)).id;
    },
    async rescued(held, id) {
      // A frame cannot be sent to an extension page; its item shows in the badge and popup.
      if (held.frameId !== 0) return;
      await browser.tabs.update(held.tabId, {
        url: `${browser.runtime.getURL('/rescued.html')}?id=${encodeURIComponent(id)}`,
      });
    },
  });

  const fileChannelCounts: FileChannelCounts = { chunks: 0, fast: 0 };
  const { deliverFromFrame, ...pageHandlers } = createPageCommands({
    db,
    started,
    refusal,
    store,
    rescue,
    connectivityHint: (online) => connectivity.hint(online),
    stored: (id, sender) => void signInResume.probeAccount(id, sender).catch(() => undefined),
    counts: fileChannelCounts,
  });
  const handlers: MessageHandlers = {
    ...drafts.handlers,
    ...createPopupCommands(db, { replay, refreshBadge, vault }),
    ...pageHandlers,
    async signedInPage(data, sender) {
      await started();
      if (!data || typeof data !== 'object' || typeof data.signInForm !== 'boolean')
        return refused('malformed', undefined, 'signedInPage');
      await signInResume.onPage(
        { signInForm: data.signInForm, ...(typeof data.account === 'string' ? { account: data.account } : {}) },
        sender,
      );
      return { ok: true };
    },
    ...createVaultCommands(vault, { replay, refreshBadge }),
    ...createDataCommands(db, {
      vault,
      forgetDrafts: () => drafts.forgetMemory(),
      refreshBadge,
      started,
      now: () => Date.now(),
    }),
    // The user's own "Send now": every waiting item is tried now, whatever its schedule.
    async replayNow() {
      await started();
      await repo.makeAllDue(db, Date.now());
      void connectivity.check().catch(logFailure('replay failed'));
      return { ok: true };
    },
  };

  /** The runtime.onMessage listener: the message gate, then the handler, with the database reopened if it was lost. */
  const onMessage: (message: unknown, sender: RawSender) => Promise<Ack> | undefined = createMessageGate(
    handlers,
    (type, call) =>
      withDatabase(call).catch((error: unknown) => {
        logFailure(type)(error);
        return { ok: false as const, ...storageFailure(error) };
      }),
  );

  /** The heartbeat and other wake-ups: look at the network, then send what is due. */
  const wake = () => connectivity.check();

  /** Deliveries from the file frame (Chromium): the service worker's `message` listener. */
  const onFrameMessage = createFileFrameListener(new URL(browser.runtime.getURL('/')).origin, (delivery) =>
    withDatabase(() => deliverFromFrame(delivery)),
  );

  return {
    onMessage,
    onFrameMessage,
    fileChannelCounts,
    replay,
    wake,
    refreshBadge,
    ready,
    rescue,
    connectivity,
    drafts,
  };
}
