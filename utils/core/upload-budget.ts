/**
 * Bounds on the file bytes a page may stage before its submission arrives. A content script sends a
 * file's bytes as chunks under an upload id of its own choosing; without bounds a page (or a
 * compromised renderer) could stage without end, or add chunks to another tab's upload. So:
 *   - an upload belongs to the tab that sent its first chunk: no other tab may add to it or use it;
 *   - one upload holds at most MAX_FILE_BYTES (the limit of one submission), each (file, offset) once;
 *   - a tab has at most MAX_UPLOADS_PER_TAB uploads open, and all open uploads together at most
 *     MAX_STAGED_BYTES;
 *   - an upload nobody finished is forgotten after UPLOAD_TTL_MS.
 * Plain bookkeeping, in memory: the staged bytes themselves are stored by the caller.
 */
import type { FailureCode } from './failure';
import { MAX_FILE_BYTES } from './limits';

export const MAX_UPLOADS_PER_TAB = 4;
export const MAX_STAGED_BYTES = 2 * MAX_FILE_BYTES;
export const UPLOAD_TTL_MS = 60 * 60_000;

interface Upload {
  tabId: number;
  bytes: number;
  at: number;
  parts: Set<string>;
}

export function createUploadBudget() {
  const uploads = new Map<string, Upload>();

  function expire(now: number) {
    for (const [id, upload] of uploads) if (now - upload.at > UPLOAD_TTL_MS) uploads.delete(id);
  }

  return {
    /**
     * Counts a chunk of `size` bytes at `offset` of file `fileIndex` of upload `id`, sent by `tabId`.
     * True when accepted; otherwise a sentence saying why not (nothing is counted then).
     */
    admit(id: string, tabId: number, fileIndex: number, offset: number, size: number, now: number): true | FailureCode {
      expire(now);
      let upload = uploads.get(id);
      if (upload && upload.tabId !== tabId) return 'uploadForeign';
      if (!upload) {
        const open = [...uploads.values()].filter((u) => u.tabId === tabId).length;
        if (open >= MAX_UPLOADS_PER_TAB) return 'tooManyUploads';
        upload = { tabId, bytes: 0, at: now, parts: new Set() };
      }
      const part = `${fileIndex}:${offset}`;
      if (upload.parts.has(part)) return 'malformed';
      if (upload.bytes + size > MAX_FILE_BYTES) return 'uploadTooLarge';
      let staged = 0;
      for (const u of uploads.values()) staged += u.bytes;
      if (staged + size > MAX_STAGED_BYTES) return 'stagingFull';
      upload.parts.add(part);
      upload.bytes += size;
      upload.at = now;
      uploads.set(id, upload);
      return true;
    },
    /** True when `id` is an upload of `tabId` (or nothing was staged under it: a submission without bytes). */
    owns(id: string, tabId: number): boolean {
      const upload = uploads.get(id);
      return !upload || upload.tabId === tabId;
    },
    /** True when bytes are counted under `id` (by any tab), until it is released or expires. */
    has(id: string, now: number): boolean {
      expire(now);
      return uploads.has(id);
    },
    /** Forgets an upload (its submission arrived, or the page gave it up). */
    release(id: string): void {
      uploads.delete(id);
    },
  };
}
