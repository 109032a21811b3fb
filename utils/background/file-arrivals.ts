/**
 * Files that reached the worker whole, as Blobs, through the fast file channel (Firefox: runtime
 * messaging, which clones Blobs; Chromium: the extension's file frame, see file-frame.ts). They wait
 * here, in memory, for the submission that carries them: its enqueue writes them into the item in
 * one strict commit (the first and only write of their bytes), or its hold hands them to the
 * flaky-link rescue. Nothing here is durable, and need not be: nothing is acknowledged to the page
 * before the item's strict commit, and a worker restart only makes that enqueue fail in words.
 * State: uploadId -> (fileIndex -> Blob, arrival time); an entry leaves when taken, dropped, or
 * ARRIVAL_TTL_MS after it came (a page that never sent its submission).
 */

export const ARRIVAL_TTL_MS = 10 * 60_000;

export function createFileArrivals(now: () => number, onExpired: (uploadId: string) => void) {
  const arrivals = new Map<string, { at: number; files: Map<number, Blob> }>();

  function expire() {
    const cutoff = now() - ARRIVAL_TTL_MS;
    for (const [id, arrival] of arrivals) {
      if (arrival.at >= cutoff) continue;
      arrivals.delete(id);
      onExpired(id);
    }
  }

  return {
    /** Keeps the whole files of `uploadId` (by file index). */
    put(uploadId: string, files: Map<number, Blob>): void {
      expire();
      arrivals.set(uploadId, { at: now(), files });
    },
    /** Whether files of `uploadId` came through the fast channel. */
    has(uploadId: string): boolean {
      expire();
      return arrivals.has(uploadId);
    },
    /**
     * The files of `uploadId`, checked against the sizes the submission states (index -> bytes).
     * They stay until dropped. Throws when a file is missing, extra or of another size.
     */
    take(uploadId: string, expectedSizes: Record<number, number>): Map<number, Blob> {
      const files = arrivals.get(uploadId)?.files ?? new Map<number, Blob>();
      const expected = Object.entries(expectedSizes);
      if (expected.length !== files.size)
        throw new Error(`Upload ${uploadId} brought ${files.size} files; its submission has ${expected.length}`);
      for (const [index, size] of expected) {
        const blob = files.get(Number(index));
        if (!blob || blob.size !== size)
          throw new Error(`File ${index} of upload ${uploadId} has ${blob?.size ?? 0} of ${size} bytes`);
      }
      return files;
    },
    drop(uploadId: string): void {
      arrivals.delete(uploadId);
    },
  };
}
