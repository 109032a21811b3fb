/**
 * The replay's wiring to the browser: the engine's ports (list, lease, open, send, settle), what each
 * outcome tells the page that made the submission and the badge, and after each pass the next
 * wake-up (an alarm, and a timer for delays shorter than alarms allow). The engine itself is pure
 * (utils/core/replay-engine.ts); the outbox service starts passes.
 */
import { browser } from 'wxt/browser';
import { errorText, logFailure } from '../core/log';
import { createReplayScheduler, type DrainReport, type ReplayPorts } from '../core/replay-engine';
import type { Settings } from '../core/settings';
import type { OutboxItem } from '../core/types';
import type { OutboxDatabase } from '../db/database';
import * as repo from '../db/outbox-repository';
import type { ResumedSettledMessage, SubmissionSettledMessage } from '../messaging';
import { showBadge } from './badge';
import type { createConnectivity } from './connectivity';
import type { Drafts } from './drafts';
import { releaseHeaderRules } from './header-rules';
import { sendOverHttp } from './http-sender';
import { notifyDrain } from './notifications';
import type { createSignInResume } from './sign-in-resume';
import { createTokenRefresher } from './token-refresher';
import type { Vault } from './vault';

export const RETRY_ALARM = 'form-outbox-retry';
/** Chrome fires alarms at most every 30 s; a timer covers shorter retry delays while the worker is up. */
const SHORT_WAKE_MS = 25_000;
const BADGE_BURST_MS = 150;

export interface ReplayWiringDeps {
  db: OutboxDatabase;
  vault: Vault;
  drafts: Drafts;
  signInResume: ReturnType<typeof createSignInResume>;
  connectivity: ReturnType<typeof createConnectivity>;
  settings: () => Settings;
  /** Deletes sent items past the history setting (after each pass). */
  pruneHistory: () => Promise<void>;
}

export function createReplayWiring({
  db,
  vault,
  drafts,
  signInResume,
  connectivity,
  settings,
  pruneHistory,
}: ReplayWiringDeps) {
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;

  const ports: ReplayPorts = {
    now: () => Date.now(),
    isOnline: () => {
      if (navigator.onLine) return true;
      void connectivity.noteOffline().catch(logFailure('connectivity'));
      return false;
    },
    listPending: () =>
      repo.listPending(db, (id, why) => console.warn(`Form Outbox: skipping corrupt record ${String(id)}: ${why}`)),
    lease: (ids, now) => repo.leaseItems(db, ids, now),
    prepare: async (item) => {
      // Locked meanwhile (the popup's "Lock now"): nothing more is sent, sealed or not; the lane gives its items back.
      if (await vault.isLocked()) return { kind: 'locked' };
      try {
        return { kind: 'ready', item: await vault.open(item) };
      } catch (error) {
        if (error instanceof Error && error.name === 'VaultLockedError') return { kind: 'locked' };
        const at = Date.now();
        return { kind: 'failed', error: { kind: 'invalid', detail: errorText(error), at } };
      }
    },
    send: (item) => sendOverHttp(item),
    refreshTokens: createTokenRefresher(db, async (item, entries, now) => {
      if (!item.sealed && !(await vault.status()).enabled) return repo.replaceLeasedEntries(db, item.id, entries, now);
      const request = { ...item.request, entries };
      const stored = await repo.replaceLeasedPayload(db, item.id, await vault.reseal(request, item.source), now);
      return stored && { ...item, request, updatedAt: stored.updatedAt };
    }),
    retryWindowMs: () => settings().retryWindowMs,
    settle: async (item, outcome, released, reply) => {
      const stored = reply ? await vault.storedReply(reply) : undefined;
      // Relaxed: the item is durably in `sending` since its lease (see the replay engine's invariants).
      await repo.settleItem(db, item, outcome, Date.now(), { released, durability: 'relaxed', reply: stored });
      refreshBadgeSoon();
      // Its draft (what was typed before Submit) ends with the delivery; a failed item keeps it.
      if (outcome.kind === 'sent') void drafts.onItemSent(item.id).catch(logFailure('drafts'));
      if (outcome.kind !== 'retry') void tellTab(item, outcome.kind === 'sent' ? 'sent' : 'failed', outcome);
    },
    release: async (items) => {
      await repo.releaseLeased(db, items, Date.now(), 'relaxed');
      refreshBadgeSoon();
    },
  };

  /**
   * Tells the document that made the submission how it went. Only that document: the tab may show
   * another site's page by now, which must learn nothing (the browser addresses the message by
   * document where it can; else the frame's current origin is checked first).
   */
  async function tellTab(item: OutboxItem, status: 'sent' | 'failed', outcome: Parameters<ReplayPorts['settle']>[1]) {
    const { tabId, frameId = 0, documentId } = item.source;
    if (tabId === undefined || tabId < 0) return;
    // Codes, not words: the page words them in the person's language (item-error-words.ts).
    const news = {
      status,
      target: new URL(item.request.url).origin,
      ...(outcome.kind === 'failed' ? { error: outcome.error } : {}),
    };
    // A submission sent after the person signed in again is told to the page that let it go (its watch script).
    const message: SubmissionSettledMessage | ResumedSettledMessage = item.resumed
      ? { type: 'resumedSettled', data: news }
      : { type: 'submissionSettled', data: { id: item.id, ...news } };
    // The tab may be closed or elsewhere: then the badge and popup tell the story.
    await Promise.resolve()
      .then(async () => {
        if (!documentId) {
          const frame = await browser.webNavigation.getFrame({ tabId, frameId });
          if (!frame || new URL(frame.url).origin !== new URL(item.source.pageUrl).origin) return;
        }
        await browser.tabs.sendMessage(tabId, message, { frameId, ...(documentId ? { documentId } : {}) } as never);
      })
      .catch(() => undefined);
  }

  async function refreshBadge() {
    await repo.countByStatus(db).then(showBadge).catch(logFailure('badge'));
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
    await releaseHeaderRules().catch(logFailure('header rules'));
    await pruneHistory().catch(logFailure('history'));
    await vault.sealPending().catch(logFailure('sealing'));
    await signInResume.sync().catch(logFailure('sign-in watch'));
    if (badgeTimer) clearTimeout(badgeTimer);
    badgeTimer = undefined;
    await refreshBadge();
    void notifyDrain(report).catch(logFailure('notification'));
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
  return { scheduler, refreshBadge, refreshBadgeSoon };
}
