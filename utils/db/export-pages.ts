/**
 * Reads the queue and the drafts for an export a page at a time (docs/data.md): ids first (keys
 * only), then records a few at a time, so that a queue of thousands of items with files of tens of
 * MB is never read into memory at once. Read only. Each page is read when asked for: an item
 * changed or removed meanwhile is exported as it is then (or not at all, when gone).
 */
import type { DraftRecord } from '../core/draft-record';
import type { OutboxItem } from '../core/types';
import type { OutboxDatabase } from './database';

/** Items read at a time: with files, each may hold tens of MB (as Blobs, read when encoded). */
export const EXPORT_PAGE_ITEMS = 16;
/** Drafts read at a time (text only). */
export const EXPORT_PAGE_DRAFTS = 200;

async function* pagesOf<T>(
  ids: readonly string[],
  size: number,
  read: (ids: string[]) => Promise<Array<T | undefined>>,
): AsyncGenerator<T[]> {
  for (let start = 0; start < ids.length; start += size) {
    const page = (await read(ids.slice(start, start + size))).filter((row): row is T => row !== undefined);
    if (page.length) yield page;
  }
}

/** Every item, in capture order, `size` at a time. */
export async function* itemPages(db: OutboxDatabase, size = EXPORT_PAGE_ITEMS): AsyncGenerator<OutboxItem[]> {
  const ids = (await db.items.orderBy('seq').primaryKeys()) as string[];
  yield* pagesOf(ids, size, (page) => db.items.bulkGet(page));
}

/** Every draft, oldest first, `size` at a time. */
export async function* draftPagesForExport(
  db: OutboxDatabase,
  size = EXPORT_PAGE_DRAFTS,
): AsyncGenerator<DraftRecord[]> {
  const ids = (await db.drafts.orderBy('updatedAt').primaryKeys()) as string[];
  yield* pagesOf(ids, size, (page) => db.drafts.bulkGet(page));
}
