/**
 * The popup's read model of the queue: counts through the status index and short, limited lists per
 * group, so that opening the popup costs the same with 5 items or 5,000. Read only: the background
 * is the single writer. `observeQueueView` re-runs the query whenever the items or meta tables change
 * (Dexie liveQuery also sees writes made by the background, same origin). Its first view may come
 * shorter and without counts (see `listsFirst`): counting walks every index entry of a status, so
 * with thousands of items it is the slowest part of the read, and the first items can be shown
 * before it.
 */
import Dexie, { liveQuery } from 'dexie';
import type { ItemStatus, OutboxItem } from '../core/types';
import { isWellFormedItem } from '../core/item-validation';
import type { OutboxDatabase } from './database';
import { countByStatus, QUARANTINE_PREFIX, readMeta, type QueueCounts } from './outbox-repository';

/** How many items of each group to read. */
export interface QueueLimits {
  pending: number;
  failed: number;
  sent: number;
}

export interface QueueView {
  /** Undefined until counted: only in a first view read with `listsFirst`. */
  counts?: QueueCounts;
  /** Being sent first, then waiting items, next due first. */
  pending: OutboxItem[];
  /** Most recent failure first. */
  failed: OutboxItem[];
  /** Most recently sent first. */
  sent: OutboxItem[];
  /** When the last item was delivered (epoch ms), if ever. */
  lastSentAt?: number;
  /** Records in the shown range that are malformed (another version, a bug): skipped, not shown. */
  unreadable: number;
}

/** Up to `limit` items of one status through the [status+nextAttemptAt] index (no full scan). */
function byStatus(db: OutboxDatabase, status: ItemStatus, limit: number, newestFirst: boolean): Promise<OutboxItem[]> {
  let collection = db.items.where('[status+nextAttemptAt]').between([status, Dexie.minKey], [status, Dexie.maxKey]);
  // For settled items nextAttemptAt is the due time of their last attempt: a cheap proxy for recency.
  if (newestFirst) collection = collection.reverse();
  return collection.limit(limit).toArray();
}

/** Splits rows into well-formed items and a count of the rest. */
function readable(rows: OutboxItem[]): { items: OutboxItem[]; skipped: number } {
  const items = rows.filter((row) => isWellFormedItem(row) === true);
  return { items, skipped: rows.length - items.length };
}

const newest = (a: OutboxItem, b: OutboxItem) => b.updatedAt - a.updatedAt;

/** Reads the first items of each group and the time of the last send (no counts). */
async function loadQueueLists(db: OutboxDatabase, limits: QueueLimits): Promise<QueueView> {
  const rest = await Promise.all([
    byStatus(db, 'sending', limits.pending, false),
    byStatus(db, 'pending', limits.pending, false),
    byStatus(db, 'failed', limits.failed, true),
    byStatus(db, 'sent', limits.sent, true),
    readMeta<number>(db, 'lastSentAt'),
    db.meta.where('key').startsWith(QUARANTINE_PREFIX).count(),
  ] as const);
  const groups = (rest.slice(0, 4) as OutboxItem[][]).map(readable);
  const [sending, pending, failed, sent] = groups.map((g) => g.items);
  const lastSentAt = rest[4] as number | undefined;
  return {
    unreadable: groups.reduce((sum, g) => sum + g.skipped, 0) + (rest[5] as number),
    pending: [...sending, ...pending].slice(0, limits.pending),
    failed: failed.sort(newest),
    sent: sent.sort(newest),
    lastSentAt: lastSentAt ?? (sent.length ? Math.max(...sent.map((i) => i.result?.sentAt ?? i.updatedAt)) : undefined),
  };
}

/** Reads the counts, the first items of each group and the time of the last send. */
export async function loadQueueView(
  db: OutboxDatabase,
  limits: QueueLimits,
): Promise<QueueView & { counts: QueueCounts }> {
  const [counts, lists] = await Promise.all([countByStatus(db), loadQueueLists(db, limits)]);
  return { ...lists, counts };
}

export interface ObserveOptions {
  /**
   * Report first, before the first counts, the first items of each group up to these limits (a view
   * without `counts`): for the popup's first paint, which needs only what fills its window. Every
   * later view has counts and the full `limits`.
   */
  listsFirst?: QueueLimits;
}

/**
 * Calls `onView` now (with `listsFirst`, first a shorter view without counts) and after every change
 * of the queue; `onError` when a read fails. Returns the unsubscribe function.
 */
export function observeQueueView(
  db: OutboxDatabase,
  limits: QueueLimits,
  onView: (view: QueueView) => void,
  onError: (error: unknown) => void,
  { listsFirst }: ObserveOptions = {},
): () => void {
  let counted = false;
  let closed = false;
  if (listsFirst) {
    // A plain read (no liveQuery bookkeeping), issued before the live query's so that IndexedDB
    // answers it first; dropped, with its error, once a full view has come.
    void loadQueueLists(db, listsFirst).then(
      (view) => void (!counted && !closed && onView(view)),
      (error: unknown) => void (!counted && !closed && onError(error)),
    );
  }
  const subscription = liveQuery(() => loadQueueView(db, limits)).subscribe({
    next: (view) => {
      counted = true;
      onView(view);
    },
    error: onError,
  });
  return () => {
    closed = true;
    subscription.unsubscribe();
  };
}

/** Every item in capture order, for export. */
export function readAllItems(db: OutboxDatabase): Promise<OutboxItem[]> {
  return db.items.orderBy('seq').toArray();
}
