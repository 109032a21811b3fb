/**
 * Staging of file bytes that arrive from a page in chunks, before the submission that carries them is
 * stored (the uploads table). Written with relaxed durability: a staged chunk is only read back to
 * build its item, whose own strict commit flushes the bytes before anything is acknowledged.
 */
import type { OutboxDatabase, UploadChunk } from './database';

/**
 * Runs `write` on the uploads store in one transaction with relaxed durability (no flush to disk at
 * commit). Dexie sets durability per connection, and the outbox's is strict, hence the native
 * transaction on the same connection.
 */
async function writeUploadsRelaxed(db: OutboxDatabase, write: (store: IDBObjectStore) => void): Promise<void> {
  if (!db.isOpen()) await db.open();
  const tx = db.backendDB().transaction('uploads', 'readwrite', { durability: 'relaxed' });
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // Without a reason given, as Chromium reports a commit that failed on a full disk (see storage-errors.ts).
    tx.onerror = () => reject(tx.error ?? new DOMException('The upload staging transaction failed', 'AbortError'));
    tx.onabort = () => reject(tx.error ?? new DOMException('The upload staging transaction was aborted', 'AbortError'));
  });
  write(tx.objectStore('uploads'));
  await done;
}

/**
 * Stores one chunk of an incoming file, with relaxed durability: a staged chunk is only ever read
 * back to build the item, and the item's own commit (enqueueItem, strict) writes the file's bytes
 * and flushes them before anything is acknowledged. Flushing every chunk as well (the strict
 * default) cost a disk flush per 4 MiB for no guarantee: a chunk lost to a crash belongs to an
 * upload that was never acknowledged, whose page still holds the form.
 */
export async function stageChunk(db: OutboxDatabase, chunk: UploadChunk): Promise<void> {
  await writeUploadsRelaxed(db, (store) => store.put(chunk));
}

/**
 * Joins the staged chunks of an upload into one Blob per file index. The staging rows stay: the
 * caller drops them (dropUpload) once the item that holds the Blobs is stored.
 * Throws when a file's chunks do not add up to `expectedSizes[index]` bytes.
 */
export async function takeUpload(
  db: OutboxDatabase,
  uploadId: string,
  expectedSizes: Record<number, number>,
): Promise<Map<number, Blob>> {
  const chunks = await db.uploads.where('uploadId').equals(uploadId).sortBy('offset');
  const byFile = new Map<number, UploadChunk[]>();
  for (const chunk of chunks) byFile.set(chunk.fileIndex, [...(byFile.get(chunk.fileIndex) ?? []), chunk]);
  const files = new Map<number, Blob>();
  for (const [indexText, size] of Object.entries(expectedSizes)) {
    const index = Number(indexText);
    const parts = byFile.get(index) ?? [];
    let offset = 0;
    for (const part of parts) {
      if (part.offset !== offset)
        throw new Error(`File ${index} of upload ${uploadId} is missing bytes at offset ${offset}`);
      offset += part.blob.size;
    }
    if (offset !== size) throw new Error(`File ${index} of upload ${uploadId} has ${offset} of ${size} bytes`);
    files.set(index, new Blob(parts.map((p) => p.blob)));
  }
  return files;
}

/**
 * Deletes an upload's staged chunks (relaxed durability: rows that survive a crash are removed by
 * pruneStaleUploads at the next start).
 */
export async function dropUpload(db: OutboxDatabase, uploadId: string): Promise<void> {
  // The primary key is [uploadId, fileIndex, offset]: every key of the upload sorts between [uploadId]
  // and [uploadId, []] (arrays sort after numbers).
  await writeUploadsRelaxed(db, (store) => store.delete(IDBKeyRange.bound([uploadId], [uploadId, []])));
}

/** Deletes staged chunks older than `before` (uploads abandoned by a closed tab). */
export async function pruneStaleUploads(db: OutboxDatabase, before: number): Promise<number> {
  return db.uploads.where('createdAt').below(before).delete();
}
