/**
 * Stores what an export file brought (docs/data.md), all in one transaction: either every new
 * record is stored, or (an error, the worker stopped) none is. Records whose id is already here (in
 * the queue, the trash or the drafts) are skipped and reported, never overwritten. The records come
 * checked and shaped by core/import-reading.ts (imported items are failed or sent, never pending),
 * and sealed beforehand when encryption is on (sealing is asynchronous crypto, which an IndexedDB
 * transaction cannot wait for).
 */
import type { DraftRecord } from '../core/draft-record';
import type { ImportReport } from '../core/import-reading';
import type { OutboxItem } from '../core/types';
import type { OutboxDatabase } from './database';
import { applyStatusChanges, noteStatusChange } from './status-counts';

const TRASH_PREFIX = 'trash:';

/** Stores `items` (after the last capture, in their order) and `drafts`, skipping ids already present. */
export async function importRecords(
  db: OutboxDatabase,
  items: readonly OutboxItem[],
  drafts: readonly DraftRecord[],
): Promise<ImportReport> {
  return db.transaction('rw', [db.items, db.drafts, db.meta], async () => {
    const report: ImportReport = { items: 0, drafts: 0, skippedItems: [], skippedDrafts: [] };
    const itemIds = items.map((item) => item.id);
    const present = new Set<string>([
      ...((await db.items.where('id').anyOf(itemIds).primaryKeys()) as string[]),
      ...(
        (await db.meta
          .where('key')
          .anyOf(itemIds.map((id) => TRASH_PREFIX + id))
          .primaryKeys()) as string[]
      ).map((key) => key.slice(TRASH_PREFIX.length)),
    ]);
    const last = (await db.meta.get('seq'))?.value;
    let seq = typeof last === 'number' ? last : ((await db.items.orderBy('seq').last())?.seq ?? 0);
    const fresh: OutboxItem[] = [];
    for (const item of items) {
      if (present.has(item.id)) {
        report.skippedItems.push(item.id);
        continue;
      }
      present.add(item.id);
      fresh.push({ ...item, seq: ++seq });
      noteStatusChange(undefined, item.status);
    }
    await db.items.bulkAdd(fresh);
    await db.meta.put({ key: 'seq', value: seq });
    report.items = fresh.length;

    const draftsPresent = new Set(
      (await db.drafts
        .where('id')
        .anyOf(drafts.map((d) => d.id))
        .primaryKeys()) as string[],
    );
    const freshDrafts: DraftRecord[] = [];
    for (const draft of drafts) {
      if (draftsPresent.has(draft.id)) {
        report.skippedDrafts.push(draft.id);
        continue;
      }
      draftsPresent.add(draft.id);
      freshDrafts.push(draft);
    }
    await db.drafts.bulkAdd(freshDrafts);
    report.drafts = freshDrafts.length;
    await applyStatusChanges(db);
    return report;
  });
}
