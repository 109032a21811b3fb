/**
 * When the network comes back, and who may say so. The MV3 worker gets no online/offline events of
 * its own; pages do, and tell it (connectivityChanged). A page's word is only a hint, because a page
 * can fire a synthetic `online` event whenever it likes: the worker looks at its own
 * `navigator.onLine`, which no page can change, and
 *   - when it had itself seen the browser offline and now sees it online (a real transition), items
 *     that failed only because the network was unreachable become due at once;
 *   - otherwise it asks for an ordinary pass, which sends nothing before its time: backoff and
 *     Retry-After hold whatever a page does (and such passes are rate-limited).
 * "Offline seen" is kept in storage.session, so a worker restarted while offline still knows.
 */
import { browser } from 'wxt/browser';

const OFFLINE_SEEN_KEY = 'offlineSeenAt';
/** How long a hint that the browser is online waits for the worker's own view to agree. */
export const ONLINE_GRACE_MS = 5_000;
/** At most one pass per this interval on a page's hint alone (passes read every pending item). */
export const HINT_PASS_INTERVAL_MS = 10_000;

export interface ConnectivityPorts {
  now(): number;
  isOnline(): boolean;
  /** Makes pending items whose last attempt found no network due now. */
  makeNetworkFailuresDue(now: number): Promise<number>;
  /** Asks for a replay pass (respecting every item's schedule). */
  replay(): Promise<void>;
}

async function waitUntilOnline(isOnline: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isOnline() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

export function createConnectivity(ports: ConnectivityPorts) {
  const session = browser.storage.session;
  let lastHintPassAt = Number.NEGATIVE_INFINITY;

  async function offlineSeen(): Promise<boolean> {
    return session ? typeof (await session.get(OFFLINE_SEEN_KEY))[OFFLINE_SEEN_KEY] === 'number' : false;
  }

  /** Records that the worker itself saw the browser offline. */
  async function noteOffline(): Promise<void> {
    if (!ports.isOnline()) await session?.set({ [OFFLINE_SEEN_KEY]: ports.now() });
  }

  /**
   * Looks at the worker's own view of the network: offline is noted; online after an offline it had
   * seen makes network failures due; then a pass is asked for (unless `throttled` and one was asked
   * for recently). Returns whether a real return of the network was seen.
   */
  async function check(throttled = false): Promise<boolean> {
    if (!ports.isOnline()) {
      await noteOffline();
      return false;
    }
    const back = await offlineSeen();
    if (back) {
      await session?.remove(OFFLINE_SEEN_KEY);
      await ports.makeNetworkFailuresDue(ports.now());
    }
    if (!back && throttled && ports.now() - lastHintPassAt < HINT_PASS_INTERVAL_MS) return false;
    if (throttled) lastHintPassAt = ports.now();
    await ports.replay();
    return back;
  }

  return {
    check,
    noteOffline,
    /** A page's report of an online/offline event: checked against the worker's own view. */
    async hint(online: boolean): Promise<void> {
      // The page's event can come before the worker's own navigator.onLine turns.
      if (online) await waitUntilOnline(ports.isOnline, ONLINE_GRACE_MS);
      await check(true);
    },
  };
}
