/**
 * What the settings page shows under "Storage used": the bytes the extension's origin uses (the
 * browser's own estimate, which covers the queue's IndexedDB and its file blobs) and how many
 * submissions there are in each state. Read only: the background is the single writer.
 */
import { liveQuery } from 'dexie';
import type { OutboxDatabase } from './database';
import { countByStatus, type QueueCounts } from './outbox-repository';

export interface StorageUsage {
  counts: QueueCounts;
  /** Bytes used by the extension's origin; undefined when the browser does not say. */
  usage?: number;
  /** Bytes the origin may use; undefined when the browser does not say. */
  quota?: number;
}

/** `navigator.storage.estimate` or a stand-in (tests, browsers without it). */
export type EstimateStorage = () => Promise<{ usage?: number; quota?: number }>;

/** The browser's estimate for this origin, or an empty answer when it has none. */
export const browserEstimate: EstimateStorage = () =>
  typeof navigator !== 'undefined' && navigator.storage?.estimate ? navigator.storage.estimate() : Promise.resolve({});

/** Counts per status and the origin's usage, now. A failing estimate leaves usage and quota unknown. */
export async function readStorageUsage(
  db: OutboxDatabase,
  estimate: EstimateStorage = browserEstimate,
): Promise<StorageUsage> {
  const [counts, estimated] = await Promise.all([
    countByStatus(db),
    estimate().catch(() => ({}) as { usage?: number; quota?: number }),
  ]);
  return { counts, usage: estimated.usage, quota: estimated.quota };
}

/**
 * Calls `onUsage` now and whenever the queue changes (a capture, a send, a prune), with a fresh
 * estimate each time. Returns the unsubscribe function.
 */
export function observeStorageUsage(
  db: OutboxDatabase,
  onUsage: (usage: StorageUsage) => void,
  onError: (error: unknown) => void,
  estimate: EstimateStorage = browserEstimate,
): () => void {
  let latest = 0;
  let stopped = false;
  // The estimate is not a Dexie call, so it runs outside the live query, after each change.
  const subscription = liveQuery(() => countByStatus(db)).subscribe({
    next: (counts) => {
      const request = ++latest;
      void estimate()
        .catch(() => ({}) as { usage?: number; quota?: number })
        .then((estimated) => {
          if (!stopped && request === latest) onUsage({ counts, usage: estimated.usage, quota: estimated.quota });
        });
    },
    error: onError,
  });
  return () => {
    stopped = true;
    subscription.unsubscribe();
  };
}
