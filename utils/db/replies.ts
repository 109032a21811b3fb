/**
 * The server's last answer to each item, kept so that a person can read what the site said ("Ticket
 * #4711 created", its error), in its own table so that listing the queue never reads reply bodies.
 * A reply lives and dies with its item: written with the item's outcome (settleItem), deleted
 * wherever the item is deleted for good (deleteItemsForGood), kept in the trash's undo window.
 */
import type { OutboxDatabase, ReplyRecord } from './database';
import { countedTransaction, noteStatusChange } from './status-counts';

/** Deletes items and their replies, in one transaction (the counts adjusted by what each was then). */
export async function deleteItemsForGood(db: OutboxDatabase, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await countedTransaction(db, ['items', 'replies'], async () => {
    const items = await db.items.bulkGet(ids as string[]);
    for (const item of items) if (item) noteStatusChange(item.status, undefined);
    await db.items.bulkDelete(ids as string[]);
    await db.replies.bulkDelete(ids as string[]);
  });
}

/** Deletes the replies of items that are gone (the trash emptied, a forgotten vault). */
export async function deleteReplies(db: OutboxDatabase, ids: readonly string[]): Promise<void> {
  if (ids.length) await db.replies.bulkDelete(ids as string[]);
}

/** The stored reply of an item (readable or sealed), or undefined. */
export function readReplyRecord(db: OutboxDatabase, itemId: string): Promise<ReplyRecord | undefined> {
  return db.replies.get(itemId);
}
