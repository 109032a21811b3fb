/**
 * The replay loop, over injected ports so it runs the same in the worker and in unit tests.
 *
 * Invariants:
 * - Per origin, items go strictly in capture order (seq): the head of an origin's queue is sent
 *   before anything behind it; while the head waits for its retry time, the origin waits too.
 *   Failed items need a person and do not hold up the items behind them.
 * - Origins are independent: they are drained concurrently, up to `concurrency` at a time.
 * - Every state change goes through the ports, which persist it before the next step
 *   (pending -> sending before the request leaves; the outcome right after the answer).
 * - When a lane goes on to its next item, the outcome of the item just answered and the lease of
 *   the next are asked for together (settle and lease in the same tick), and the next request
 *   leaves only once both are persisted. A repository may commit the two at once (one disk flush
 *   for two state changes: see the group commit in utils/db/outbox-repository.ts).
 * - One drain at a time: a request for a drain while one runs makes that drain go round once more.
 * - A refusal that may be a stale CSRF token (400/403/419) gets one token refresh and one immediate
 *   resend within the same lease; never more, so a refusing server sees at most two requests per attempt.
 */
import { classifySend, type SendObservation } from './outcome';
import { mayBeStaleToken } from './token-refresh';
import type { OutboxItem } from './types';

/** What re-reading the form's page gave. */
export type TokenRefreshResult =
  /** Fresh hidden values were found and persisted into the item (returned, still leased). */
  | { kind: 'refreshed'; item: OutboxItem }
  /** The page showed the user signed out (redirect to a sign-in page, 401). */
  | { kind: 'signed-out' }
  /** Nothing to refresh (no such form, no hidden fields, same values) or the page could not be read. */
  | { kind: 'not-refreshed'; reason: string };

export interface ReplayPorts {
  now(): number;
  /** False when the browser itself knows it is offline: no attempt is made (and none counted). */
  isOnline(): boolean;
  /** Every item in status pending, any order. */
  listPending(): Promise<OutboxItem[]>;
  /** Persists pending -> sending (attempts + 1). Returns the leased item, or undefined if it is no longer pending. */
  lease(id: string, now: number): Promise<OutboxItem | undefined>;
  /** Sends the request. Must not throw: failures are observations. */
  send(item: OutboxItem): Promise<SendObservation>;
  /** Persists the classified outcome. */
  settle(item: OutboxItem, outcome: ReturnType<typeof classifySend>): Promise<void>;
  /**
   * Re-reads the item's page and takes fresh values of its form's hidden fields, persisting them.
   * Must not throw. Without this port, refusals are classified as they are.
   */
  refreshTokens?(item: OutboxItem): Promise<TokenRefreshResult>;
  random?(): number;
  retryWindowMs?(): number;
}

export interface DrainReport {
  sent: number;
  retried: number;
  failed: number;
  /**
   * When another pass can make progress, if any pending item is left: the earliest due time of an
   * origin's head (items behind a waiting head wait with it). While offline, no sooner than
   * OFFLINE_RECHECK_MS from now, so that an offline browser is not polled in a loop.
   */
  nextDueAt?: number;
}

/** How long to wait before looking again while the browser says it is offline. */
export const OFFLINE_RECHECK_MS = 30_000;

/** Groups pending items by origin, each group in capture order. */
export function groupByOrigin(items: readonly OutboxItem[]): Map<string, OutboxItem[]> {
  const groups = new Map<string, OutboxItem[]>();
  for (const item of [...items].sort((a, b) => a.seq - b.seq)) {
    const group = groups.get(item.origin);
    if (group) group.push(item);
    else groups.set(item.origin, [item]);
  }
  return groups;
}

/** Whether a lane may go on to `item` now: online, and the item due (later items wait for it). */
function mayTry(ports: ReplayPorts, item: OutboxItem): boolean {
  return ports.isOnline() && item.nextAttemptAt <= ports.now();
}

async function drainOrigin(ports: ReplayPorts, queue: OutboxItem[], report: DrainReport): Promise<void> {
  // The next item, when its lease was taken together with the previous item's outcome.
  let prefetched: { lease: OutboxItem | undefined } | undefined;
  for (let index = 0; index < queue.length; index++) {
    let leased: OutboxItem | undefined;
    if (prefetched) {
      leased = prefetched.lease;
      prefetched = undefined;
    } else {
      if (!mayTry(ports, queue[index])) return; // keep order: later items wait for the head
      leased = await ports.lease(queue[index].id, ports.now());
    }
    if (!leased) continue;
    let observation = await ports.send(leased);
    let tokenRefreshed = false;
    let signedOut = false;
    if (ports.refreshTokens && observation.kind === 'response' && mayBeStaleToken(observation, leased.request)) {
      const refresh = await ports.refreshTokens(leased);
      if (refresh.kind === 'refreshed') {
        leased = refresh.item;
        observation = await ports.send(leased);
        tokenRefreshed = true;
      } else if (refresh.kind === 'signed-out') {
        signedOut = true;
      }
    }
    const outcome = classifySend(observation, {
      now: ports.now(),
      attempts: leased.attempts,
      capturedAt: leased.capturedAt,
      random: ports.random,
      retryWindowMs: ports.retryWindowMs?.(),
      requestUrl: leased.request.url,
      tokenRefreshed,
      signedOut,
    });
    const next = queue[index + 1];
    if (outcome.kind !== 'retry' && next && mayTry(ports, next)) {
      const [, nextLease] = await Promise.all([ports.settle(leased, outcome), ports.lease(next.id, ports.now())]);
      prefetched = { lease: nextLease };
    } else {
      await ports.settle(leased, outcome);
    }
    if (outcome.kind === 'sent') report.sent++;
    else if (outcome.kind === 'failed') report.failed++;
    else {
      report.retried++;
      return;
    }
  }
}

/** Runs one pass over every origin; resolves when no due item is left to try right now. */
export async function drainOnce(ports: ReplayPorts, concurrency = 6): Promise<DrainReport> {
  const report: DrainReport = { sent: 0, retried: 0, failed: 0 };
  if (ports.isOnline()) {
    const queues = [...groupByOrigin(await ports.listPending()).values()];
    let next = 0;
    const worker = async () => {
      while (next < queues.length) await drainOrigin(ports, queues[next++], report);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queues.length) }, worker));
  }
  const heads = [...groupByOrigin(await ports.listPending()).values()].map((queue) => queue[0]);
  if (heads.length) {
    const due = Math.min(...heads.map((i) => i.nextAttemptAt));
    report.nextDueAt = ports.isOnline() ? due : Math.max(due, ports.now() + OFFLINE_RECHECK_MS);
  }
  return report;
}

/**
 * Coalesces drain requests: at most one drain runs; requests made meanwhile cause one more pass.
 * `onDrained` gets each pass's report (to schedule the next wake-up, update the badge...).
 */
export function createReplayScheduler(ports: ReplayPorts, onDrained: (report: DrainReport) => void | Promise<void>) {
  let running: Promise<void> | undefined;
  let again = false;
  async function loop() {
    try {
      do {
        again = false;
        const report = await drainOnce(ports);
        await onDrained(report);
      } while (again);
    } finally {
      // Cleared in the same step as the last `again` check: a request arriving after it starts a new
      // drain instead of joining one that has already decided to stop.
      running = undefined;
    }
  }
  return {
    /** Asks for a drain; resolves when the drain that covers this request has finished. */
    request(): Promise<void> {
      if (running) {
        again = true;
        return running;
      }
      running = loop();
      return running;
    },
    get busy() {
      return running !== undefined;
    },
  };
}
