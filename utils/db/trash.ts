/**
 * The trash: a discarded item is kept for a while so that "Undo" can put it back exactly as it was
 * (files included). Stored in the meta table under `trash:<id>`; the background is its only writer.
 *   item --discardToTrash--> trash:<id> --restoreFromTrash--> item (same id, seq and files)
 *                                       --pruneTrash (older than the undo window)--> gone
 */
import type { OutboxItem } from '../core/types';
import type { OutboxDatabase } from './database';
import { deleteReplies } from './replies';
import { countedTransaction, noteStatusChange } from './status-counts';

const PREFIX = 'trash:';

/** How long a discarded item can be restored. */
export const TRASH_KEEP_MS = 10 * 60_000;

interface TrashRecord {
  item: OutboxItem;
  discardedAt: number;
}

/** Moves an item to the trash. False when it is gone or being sent right now. */
export async function discardToTrash(db: OutboxDatabase, id: string, now: number): Promise<boolean> {
  return countedTransaction(db, ['items'], async () => {
    const item = await db.items.get(id);
    if (!item || item.status === 'sending') return false;
    noteStatusChange(item.status, undefined);
    await db.items.delete(id);
    await db.meta.put({ key: PREFIX + id, value: { item, discardedAt: now } satisfies TrashRecord });
    return true;
  });
}

/**
 * Puts a trashed item back. A pending item becomes due now. False when it is no longer in the
 * trash (pruned, or restored already).
 */
export async function restoreFromTrash(db: OutboxDatabase, id: string, now: number): Promise<boolean> {
  return countedTransaction(db, ['items'], async () => {
    const record = (await db.meta.get(PREFIX + id))?.value as TrashRecord | undefined;
    if (!record) return false;
    const item = record.item;
    noteStatusChange(undefined, item.status);
    await db.items.put(
      item.status === 'pending' ? { ...item, nextAttemptAt: Math.min(item.nextAttemptAt, now) } : item,
    );
    await db.meta.delete(PREFIX + id);
    return true;
  });
}

/** Empties the trash of items discarded before `before`. Returns how many were deleted for good. */
export async function pruneTrash(db: OutboxDatabase, before: number): Promise<number> {
  const records = await db.meta.where('key').startsWith(PREFIX).toArray();
  const stale = records.filter((r) => (r.value as TrashRecord).discardedAt < before).map((r) => r.key);
  await db.transaction('rw', db.meta, db.items, db.replies, async () => {
    await db.meta.bulkDelete(stale);
    // A reply leaves with its item, unless the item was restored meanwhile.
    const ids = stale.map((key) => key.slice(PREFIX.length));
    const restored = new Set(await db.items.where('id').anyOf(ids).primaryKeys());
    await deleteReplies(
      db,
      ids.filter((id) => !restored.has(id)),
    );
  });
  return stale.length;
}
