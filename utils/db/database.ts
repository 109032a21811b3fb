/**
 * The outbox database, in the extension's origin. Only the background writes to it; the popup
 * reads it live. Schema history (each version's upgrade is unit-tested):
 *   v1  items(id, status, origin, seq, fingerprint)
 *   v2  + uploads staging table for files that arrive in chunks; items gain a [status+nextAttemptAt]
 *       index; v1 items get `nextAttemptAt`/`updatedAt` defaults and `origin` derived from their URL.
 *   v3  + replies: the server's last answer to each item (kept for the person to read; deleted with it).
 *   v4  + drafts (what was typed into forms before Submit, docs/drafts.md); nothing to migrate.
 *   v5  items gain [status+origin+seq+nextAttemptAt] (a replay lists what is due from the index's keys
 *       alone, never reading records it will not send) and [status+updatedAt] (the history is pruned
 *       by keys); the status counts record (status-counts.ts) is written by the background at start.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { DraftRecord } from '../core/draft-record';
import type { SealedPayload } from '../core/sealing';
import type { OutboxItem, ReplySnapshot } from '../core/types';

export const DATABASE_NAME = 'form-outbox';

/** One chunk of a file still on its way from a content script. Deleted once the item is queued. */
export interface UploadChunk {
  uploadId: string;
  fileIndex: number;
  offset: number;
  blob: Blob;
  createdAt: number;
}

/** Small persistent facts: the last capture sequence number, the time of the last successful send. */
export interface MetaRecord {
  key: string;
  value: unknown;
}

/** The server's last answer to an item: readable, or sealed (encryption on) as a JSON ReplySnapshot. */
export interface ReplyRecord {
  itemId: string;
  at: number;
  reply?: ReplySnapshot;
  sealed?: SealedPayload;
}

export type OutboxDatabase = Dexie & {
  items: EntityTable<OutboxItem, 'id'>;
  uploads: Dexie.Table<UploadChunk, [string, number, number]>;
  meta: EntityTable<MetaRecord, 'key'>;
  replies: EntityTable<ReplyRecord, 'itemId'>;
  drafts: EntityTable<DraftRecord, 'id'>;
};

export const SCHEMA_V1 = { items: 'id, status, origin, seq, fingerprint' };
export const SCHEMA_V2 = {
  items: 'id, status, origin, seq, fingerprint, [status+nextAttemptAt]',
  uploads: '[uploadId+fileIndex+offset], uploadId, createdAt',
  meta: 'key',
};

/** Opens (creating or upgrading) the database. `name` is for tests. */
export function openOutboxDatabase(name = DATABASE_NAME): OutboxDatabase {
  // Strict durability: an acknowledgement to the page must mean the item is on disk.
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as OutboxDatabase;
  db.version(1).stores(SCHEMA_V1);
  db.version(2)
    .stores(SCHEMA_V2)
    .upgrade((tx) =>
      tx
        .table('items')
        .toCollection()
        .modify((item: Partial<OutboxItem> & { request?: { url?: string } }) => {
          item.nextAttemptAt ??= item.capturedAt ?? 0;
          item.updatedAt ??= item.capturedAt ?? 0;
          item.attempts ??= 0;
          // Every attempt sends this key: a missing one would go out as the same "undefined" for all.
          if (!item.idempotencyKey && item.id) item.idempotencyKey = item.id;
          if (!item.origin && item.request?.url) {
            try {
              item.origin = new URL(item.request.url).origin;
            } catch {
              item.origin = 'invalid:';
            }
          }
        }),
    );
  db.version(3).stores({ replies: 'itemId' });
  db.version(4).stores({ drafts: 'id, pageKey, writer, updatedAt, itemId' });
  db.version(5).stores({
    items:
      'id, status, origin, seq, fingerprint, [status+nextAttemptAt], [status+origin+seq+nextAttemptAt], [status+updatedAt]',
  });
  return db;
}
