/**
 * The replay loop, over injected ports so it runs the same in the worker and in unit tests.
 *
 * Invariants:
 * - Per origin, items go strictly in capture order (seq): the head of an origin's queue is sent
 *   before anything behind it; while the head waits for its retry time, the origin waits too.
 *   Failed items need a person and do not hold up the items behind them.
 * - Origins are independent: they are drained concurrently, up to `concurrency` at a time.
 * - Batch leasing: a lane leases its next due items, up to LEASE_BATCH_SIZE, in one durable commit
 *   (pending -> sending, attempts + 1), then sends them one by one in order. So every item whose
 *   request may leave is durably in `sending` before it leaves: if the worker or the machine dies,
 *   it is found there at the next start, flagged "may already have arrived" (maybeSent) and resent
 *   with the same Idempotency-Key; never silently back to pending after it may have been sent.
 *   The price: the leased items of the batch that had not been sent yet are recovered as "maybe
 *   sent" too (false positives, resent with their key like the others).
 * - The outcome of each answered item is stored while the lane goes on (the ports' settle may write
 *   it without a disk flush, and group-commits it with whatever else is being written): the next
 *   request needs no outcome on disk, only its own lease. A lost outcome leaves its item in
 *   `sending`, which is the flagged case above, so a stop can leave at most one batch of items plus
 *   one per lane in `sending` that reached the server: no more than a crash could already flag
 *   (the batch's leased items). An outcome that cannot be stored stops the lane at its next step.
 * - While a batch's last request goes, the next batch is leased; its first request leaves once that
 *   lease is stored (and with it, in order, the earlier outcomes), so the flush of the lease is
 *   paid while the network works.
 * - A lane that stops with leased items not yet sent (a retry, which must hold the order; the vault
 *   locked; the browser offline) gives them back (the rest of the batch and the batch leased ahead): sending -> pending with the attempt not counted,
 *   in the same write as the outcome that stopped it where there is one. An item's attempts count
 *   the requests actually made for it (apart from a batch cut off by a crash, above).
 * - One drain at a time: a request for a drain while one runs makes that drain go round once more.
 * - A refusal that may be a stale CSRF token (400/403/419) gets one token refresh and one immediate
 *   resend within the same lease; never more, so a refusing server sees at most two requests per attempt.
 */
import { classifySend, type SendObservation } from './outcome';
import { readReply, type ReplyReading } from './reply-page';
import { mayBeStaleToken } from './token-refresh';
import type { ItemError, OutboxItem, ReplySnapshot } from './types';

function sameDocument(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    x.hash = '';
    y.hash = '';
    return x.href === y.href;
  } catch {
    return false;
  }
}

/**
 * What the reply page of a POST shows (reply-page.ts): for an answer given directly, and for a
 * redirect back to the form's own page (frameworks that flash errors after a redirect), where only
 * an error mark counts.
 */
export function readingOf(observation: SendObservation, item: OutboxItem): ReplyReading | undefined {
  if (observation.kind !== 'response' || !observation.body || item.request.method !== 'POST' || observation.unfollowed)
    return undefined;
  if (!observation.redirected) return readReply(observation.body, observation.finalUrl, item.request);
  if (!sameDocument(observation.finalUrl, item.source.pageUrl)) return undefined;
  return readReply(observation.body, observation.finalUrl, item.request, { errorMarkOnly: true });
}

/** The server's answer as kept for the person (undefined when there was none). */
export function replyOf(observation: SendObservation): ReplySnapshot | undefined {
  if (observation.kind !== 'response') return undefined;
  return {
    status: observation.status,
    statusText: observation.statusText,
    finalUrl: observation.finalUrl,
    redirected: observation.redirected,
    ...(observation.unfollowed ? { notFollowed: true } : {}),
    contentType: observation.contentType ?? '',
    ...(observation.body !== undefined ? { body: observation.body } : {}),
  };
}

/** What re-reading the form's page gave. */
export type TokenRefreshResult =
  /** Fresh hidden values were found and persisted into the item (released, still leased). */
  | { kind: 'refreshed'; item: OutboxItem }
  /** The page showed the user signed out (redirect to a sign-in page, 401). */
  | { kind: 'signed-out' }
  /** Nothing to refresh (no such form, no hidden fields, same values) or the page could not be read. */
  | { kind: 'not-refreshed'; reason: string };

/** What readying a leased item for its request gave (see ReplayPorts.prepare). */
export type PrepareResult =
  /** Ready to send: the item as it is to be sent (an encrypted item opened). */
  | { kind: 'ready'; item: OutboxItem }
  /** Nothing may be sent now (the vault is locked): the lane stops and gives back what it leased. */
  | { kind: 'locked' }
  /** The item can never be sent as it is (its encrypted contents cannot be read): it fails with `error`. */
  | { kind: 'failed'; error: ItemError };

export interface ReplayPorts {
  now(): number;
  /** False when the browser itself knows it is offline: no attempt is made (and none counted). */
  isOnline(): boolean;
  /** Every item in status pending, any order: only what ordering needs (the records are read at lease). */
  listPending(): Promise<PendingEntry[]>;
  /**
   * Persists pending -> sending (attempts + 1) for every id, in ONE durable commit (strict: on disk,
   * not only handed to the OS), before any of their requests leaves. Answers per id, in order, the
   * leased item, or undefined if it is no longer pending.
   */
  lease(ids: readonly string[], now: number): Promise<Array<OutboxItem | undefined>>;
  /** Readies a leased item just before its request leaves (opens an encrypted item). Must not throw. Without it, items are sent as leased. */
  prepare?(item: OutboxItem): Promise<PrepareResult>;
  /** Sends the request. Must not throw: failures are observations. */
  send(item: OutboxItem): Promise<SendObservation>;
  /**
   * Persists the classified outcome, and gives `released` (leased, never sent) back as `release`
   * does, in the same write. Need not be flushed to disk (the item was durably in `sending`).
   * `reply` is the server's answer, when there was one (kept for the person to read).
   */
  settle(
    item: OutboxItem,
    outcome: ReturnType<typeof classifySend>,
    released?: readonly OutboxItem[],
    reply?: ReplySnapshot,
  ): Promise<void>;
  /** Gives leased items that were never sent back: sending -> pending, the attempt not counted. Need not be flushed. */
  release(items: readonly OutboxItem[]): Promise<void>;
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

/** What the replay needs of a pending item to order and schedule it (an item is one, too). */
export type PendingEntry = Pick<OutboxItem, 'id' | 'origin' | 'seq' | 'nextAttemptAt'>;

/** Groups pending items by origin, each group in capture order. */
export function groupByOrigin<T extends PendingEntry>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => a.seq - b.seq)) {
    const group = groups.get(item.origin);
    if (group) group.push(item);
    else groups.set(item.origin, [item]);
  }
  return groups;
}

/**
 * How many items a lane leases at once. Each lease is a strict commit (a disk flush, which costs
 * about as much as a loopback request): leasing one item at a time made replay half as fast as a
 * plain fetch loop. With 8, the flush is paid once per 8 requests (while a request goes: the next
 * batch is leased during the last request of a batch), while a crash turns at most 8 never-sent
 * items per lane into "maybe sent" (resent with their key) and a lane holds at most 9 items in
 * `sending` (which the popup cannot discard) for the time of 8 requests.
 */
export const LEASE_BATCH_SIZE = 8;

/**
 * The ids a lane may lease next, from `queue[from]` on: the due items up to the first one that is
 * not due (later items wait for it), at most LEASE_BATCH_SIZE; none while offline.
 */
function nextBatch(ports: ReplayPorts, queue: readonly PendingEntry[], from: number): string[] {
  if (!ports.isOnline()) return [];
  const now = ports.now();
  const ids: string[] = [];
  for (let i = from; i < queue.length && ids.length < LEASE_BATCH_SIZE && queue[i].nextAttemptAt <= now; i++)
    ids.push(queue[i].id);
  return ids;
}

/** A lane's outcomes being stored, not waited for one by one (see the invariants above). */
function createOutcomeLog() {
  let pending: Array<Promise<void>> = [];
  let failure: { error: unknown } | undefined;
  return {
    /** Stores an outcome in the background; its failure stops the lane at its next step. */
    add(storing: Promise<void>): void {
      pending.push(storing);
      storing.catch((error: unknown) => {
        failure ??= { error };
      });
    },
    /** Throws the first failure to store an outcome, if one has happened. */
    check(): void {
      if (failure) throw failure.error;
    },
    /** Waits for every outcome asked for so far, but the last `keep` of them; throws the first failure. */
    async stored(keep = 0): Promise<void> {
      const waited = pending.slice(0, Math.max(0, pending.length - keep));
      pending = pending.slice(waited.length);
      await Promise.allSettled(waited);
      this.check();
    },
  };
}

const leasedOnly = (leases: Array<OutboxItem | undefined>): OutboxItem[] =>
  leases.filter((i): i is OutboxItem => i !== undefined);

async function drainOrigin(ports: ReplayPorts, queue: PendingEntry[], report: DrainReport): Promise<void> {
  let index = 0; // the first item of `queue` not leased yet
  let batch: OutboxItem[] = []; // leased, not sent yet, in order
  // The next batch's lease, asked for while the current batch's last request goes.
  let leasingAhead: Promise<OutboxItem[]> | undefined;
  const outcomes = createOutcomeLog();
  const leaseNext = (): Promise<OutboxItem[]> | undefined => {
    const ids = nextBatch(ports, queue, index);
    if (!ids.length) return undefined;
    index += ids.length;
    const leasing = ports.lease(ids, ports.now()).then(leasedOnly);
    leasing.catch(() => undefined); // awaited (and thrown) where it is used; not an unhandled rejection meanwhile
    return leasing;
  };
  // The leased items not sent: the rest of the batch and what was leased ahead (a lease that
  // failed leased nothing).
  const takeUnsent = async (): Promise<OutboxItem[]> => {
    const unsent = batch;
    const ahead = leasingAhead;
    batch = [];
    leasingAhead = undefined;
    return ahead ? [...unsent, ...(await ahead.catch(() => []))] : unsent;
  };
  try {
    for (;;) {
      if (!batch.length) {
        const leasing = leasingAhead ?? leaseNext();
        leasingAhead = undefined;
        if (!leasing) {
          await outcomes.stored();
          return;
        }
        batch = await leasing;
        // The lease committed after every outcome asked for before it: this only checks them. The
        // outcome of the request that went while the lease was written is waited for at the next step.
        await outcomes.stored(1);
        continue;
      }
      outcomes.check();
      let leased = batch[0];
      if (ports.prepare) {
        const prepared = await ports.prepare(leased);
        if (prepared.kind === 'locked') {
          const released = await takeUnsent();
          await Promise.all([outcomes.stored(), ports.release(released)]);
          return;
        }
        if (prepared.kind === 'failed') {
          batch.shift();
          outcomes.add(ports.settle(leased, { kind: 'failed', error: prepared.error }));
          report.failed++;
          continue;
        }
        leased = prepared.item;
      }
      batch.shift(); // from here on, its request may leave
      // The batch's last request: the next batch is leased while it goes, so that the next request
      // does not wait for a disk flush.
      if (!batch.length) leasingAhead = leaseNext();
      // Sent again after the person signed in anew: its form's hidden values belong to the old
      // session, so they are refreshed from the page before the first request.
      if (leased.resumed && ports.refreshTokens) {
        const fresh = await ports.refreshTokens(leased);
        if (fresh.kind === 'refreshed') leased = fresh.item;
      }
      let observation = await ports.send(leased);
      let reading = readingOf(observation, leased);
      let tokenRefreshed = false;
      let signedOut = false;
      // A refused token (400/403/419), or the form shown again with other hidden values: one refresh, one resend.
      if (
        ports.refreshTokens &&
        observation.kind === 'response' &&
        (mayBeStaleToken(observation, leased.request) || !!reading?.formAgain?.staleToken)
      ) {
        const refresh = await ports.refreshTokens(leased);
        if (refresh.kind === 'refreshed') {
          leased = refresh.item;
          observation = await ports.send(leased);
          reading = readingOf(observation, leased);
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
        entryNames: leased.request.entries.map((e) => e.name),
        tokenRefreshed,
        signedOut,
        reading,
      });
      const reply = replyOf(observation);
      if (outcome.kind === 'sent') report.sent++;
      else if (outcome.kind === 'retry') report.retried++;
      else report.failed++;
      outcomes.check(); // an earlier outcome could not be stored: stop before storing this one
      // A retry holds the order; offline, nothing more is tried: the rest of the batch (and what was
      // leased ahead) goes back with this outcome.
      if (outcome.kind === 'retry' || !ports.isOnline()) {
        const released = await takeUnsent();
        await outcomes.stored();
        await ports.settle(leased, outcome, released, reply);
        return;
      }
      outcomes.add(ports.settle(leased, outcome, undefined, reply));
    }
  } finally {
    // Only when something threw: wait for the outcomes being stored, and give back what was leased
    // and not sent. If that fails too, the items stay in `sending` and the next start recovers them
    // as "maybe sent": the first error is the one to report.
    await outcomes.stored().catch(() => undefined);
    const unsent = await takeUnsent();
    if (unsent.length) await ports.release(unsent).catch(() => undefined);
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
