/**
 * The popup's read model of the drafts: every draft (newest first, up to a bound), the status of the
 * outbox items drafts wait for, and how many drafts expired unseen. Read only (the background is the
 * single writer); `observeDrafts` re-reads whenever the drafts, items or meta tables change.
 */
import { liveQuery } from 'dexie';
import type { ExpiredDrafts } from '../core/draft-expiry';
import type { DraftRecord } from '../core/draft-record';
import type { ItemStatus } from '../core/types';
import type { OutboxDatabase } from './database';
import { EXPIRED_META_KEY } from './draft-repository';
import { readMeta } from './outbox-repository';

/** How many drafts the popup lists (the newest); the count is of all. */
export const DRAFTS_SHOWN = 200;

export interface DraftsRead {
  /** Newest first. */
  drafts: DraftRecord[];
  /** How many drafts there are in all. */
  total: number;
  /** The status of the outbox item each listed draft waits for, by item id (absent: no such item any more). */
  itemStatus: Record<string, ItemStatus>;
  /** Drafts deleted on expiry since the person last dismissed the count. */
  expired?: ExpiredDrafts;
}

/** Reads the drafts view once. */
export async function loadDrafts(db: OutboxDatabase, limit = DRAFTS_SHOWN): Promise<DraftsRead> {
  const [drafts, total, expired] = await Promise.all([
    db.drafts.orderBy('updatedAt').reverse().limit(limit).toArray(),
    db.drafts.count(),
    readMeta<ExpiredDrafts>(db, EXPIRED_META_KEY),
  ]);
  const itemIds = [...new Set(drafts.map((d) => d.itemId).filter((id): id is string => !!id))];
  const items = itemIds.length ? await db.items.bulkGet(itemIds) : [];
  const itemStatus: Record<string, ItemStatus> = {};
  for (const item of items) if (item) itemStatus[item.id] = item.status;
  return { drafts, total, itemStatus, ...(expired ? { expired } : {}) };
}

/** Calls `onRead` now and after every change; `onError` when a read fails. Returns the unsubscribe function. */
export function observeDrafts(
  db: OutboxDatabase,
  onRead: (read: DraftsRead) => void,
  onError: (error: unknown) => void,
): () => void {
  const subscription = liveQuery(() => loadDrafts(db)).subscribe({ next: onRead, error: onError });
  return () => subscription.unsubscribe();
}
