/**
 * "Delete everything Form Outbox keeps" (docs/data.md), for the database: every table emptied in one
 * transaction (the queue and its history, replies, drafts, file chunks being staged, and meta: the
 * trash, records set aside, the vault's record, counters), so that no half-deleted state can be
 * seen or left behind. The status counts are written back as zeros (the badge and popup read them).
 */
import type { OutboxDatabase } from './database';
import { STATUS_COUNTS_KEY, type QueueCounts } from './status-counts';

/** Empties the database. Returns how many items and drafts were deleted. */
export async function deleteEverything(db: OutboxDatabase): Promise<{ items: number; drafts: number }> {
  return db.transaction('rw', [db.items, db.uploads, db.meta, db.replies, db.drafts], async () => {
    const [items, drafts] = await Promise.all([db.items.count(), db.drafts.count()]);
    await Promise.all([db.items.clear(), db.uploads.clear(), db.meta.clear(), db.replies.clear(), db.drafts.clear()]);
    const zero: QueueCounts = { pending: 0, sending: 0, failed: 0, sent: 0 };
    await db.meta.put({ key: STATUS_COUNTS_KEY, value: zero });
    return { items, drafts };
  });
}
