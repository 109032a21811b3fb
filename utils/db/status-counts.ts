/**
 * How many items are in each status, kept as one small record (meta `statusCounts`) that every
 * change of an item's status adjusts in the same transaction, so that the badge and the popup read
 * the counts in O(1) instead of walking the status index (tens of thousands of entries).
 *
 * A transaction notes its changes (noteStatusChange) as it makes them, and they are added to the
 * record once, at its end (applyStatusChanges; countedTransaction does both): the writes of a group
 * commit run interleaved, and one read-modify-write each would lose updates. A database without
 * the record (a fresh one, or one written by an older version) is counted once, by walking, and the
 * record kept from then on.
 */
import Dexie from 'dexie';
import type { ItemStatus } from '../core/types';
import type { OutboxDatabase } from './database';

export interface QueueCounts {
  pending: number;
  sending: number;
  failed: number;
  sent: number;
}

export const STATUS_COUNTS_KEY = 'statusCounts';
const STATUSES: readonly ItemStatus[] = ['pending', 'sending', 'failed', 'sent'];

/** The changes noted by each open transaction. */
const noted = new WeakMap<object, Partial<Record<ItemStatus, number>>>();

/** Notes, in the current transaction, that an item left status `from` and/or entered status `to`. */
export function noteStatusChange(from: ItemStatus | undefined, to: ItemStatus | undefined): void {
  if (from === to) return;
  const transaction = Dexie.currentTransaction;
  if (!transaction) throw new Error('A status change must be noted inside its transaction.');
  let changes = noted.get(transaction);
  if (!changes) noted.set(transaction, (changes = {}));
  if (from && STATUSES.includes(from)) changes[from] = (changes[from] ?? 0) - 1;
  if (to && STATUSES.includes(to)) changes[to] = (changes[to] ?? 0) + 1;
}

/**
 * Adds the current transaction's noted changes to the record (which must be in its scope: meta).
 * `readEarlier`: the record as read earlier in this same transaction (readCountsForUpdate), which
 * saves a round trip on a path that waits for it.
 */
export async function applyStatusChanges(
  db: OutboxDatabase,
  readEarlier?: Promise<{ value: unknown } | undefined>,
): Promise<void> {
  const transaction = Dexie.currentTransaction;
  const changes = transaction && noted.get(transaction);
  if (!changes) return;
  noted.delete(transaction);
  const row = await (readEarlier ?? db.meta.get(STATUS_COUNTS_KEY));
  if (!row) return; // not counted yet: the next read counts, this change included
  const counts = { ...(row.value as QueueCounts) };
  for (const status of STATUSES) counts[status] = Math.max(0, counts[status] + (changes[status] ?? 0));
  await db.meta.put({ key: STATUS_COUNTS_KEY, value: counts });
}

/** The record, read inside a read-write transaction for applyStatusChanges later in it. */
export function readCountsForUpdate(db: OutboxDatabase): Promise<{ value: unknown } | undefined> {
  return db.meta.get(STATUS_COUNTS_KEY);
}

/** Runs `work` in a read-write transaction over `tables` and meta, applying its noted status changes at the end. */
export function countedTransaction<T>(
  db: OutboxDatabase,
  tables: Array<'items' | 'replies' | 'drafts'>,
  work: () => Promise<T>,
): Promise<T> {
  return db.transaction('rw', [...tables, 'meta'], async () => {
    const result = await work();
    await applyStatusChanges(db);
    return result;
  });
}

/** Counts by walking the status index (once per database; then the record is kept). */
export async function walkStatusCounts(db: OutboxDatabase): Promise<QueueCounts> {
  const [pending, sending, failed, sent] = await Promise.all(
    STATUSES.map((status) => db.items.where('status').equals(status).count()),
  );
  return { pending, sending, failed, sent };
}

/** The counts, from the record (read only: extension pages read this too); walked when there is none yet. */
export async function readStatusCounts(db: OutboxDatabase): Promise<QueueCounts> {
  const row = await db.meta.get(STATUS_COUNTS_KEY);
  return row ? (row.value as QueueCounts) : walkStatusCounts(db);
}

/** The background at start-up: a database without the record is counted once and the record written. */
export async function ensureStatusCounts(db: OutboxDatabase): Promise<QueueCounts> {
  return db.transaction('rw', db.items, db.meta, async () => {
    const again = await db.meta.get(STATUS_COUNTS_KEY);
    if (again) return again.value as QueueCounts;
    const counts = await walkStatusCounts(db);
    await db.meta.put({ key: STATUS_COUNTS_KEY, value: counts });
    return counts;
  });
}

/** Walks the status index and writes the record again (after records were found that were never counted). */
export async function recountStatuses(db: OutboxDatabase): Promise<QueueCounts> {
  return db.transaction('rw', db.items, db.meta, async () => {
    const counts = await walkStatusCounts(db);
    await db.meta.put({ key: STATUS_COUNTS_KEY, value: counts });
    return counts;
  });
}
