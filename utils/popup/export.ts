/**
 * The queue as a JSON document a person can keep: every item with its fields, and files with their
 * bytes as base64, so that nothing is held hostage by the extension.
 */
import type { OutboxItem } from '../core/types';

export const EXPORT_FORMAT = 'form-outbox-export/1';

export type ExportedEntry =
  | { name: string; value: string }
  | { name: string; file: { name: string; type: string; size: number; lastModified: number; base64: string } };

export interface ExportedItem extends Omit<OutboxItem, 'request'> {
  request: Omit<OutboxItem['request'], 'entries'> & { entries: ExportedEntry[] };
}

export interface QueueExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  items: ExportedItem[];
}

/** Base64 of a Blob's bytes. */
export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** Builds the export document. `now` is epoch ms. */
export async function buildQueueExport(items: readonly OutboxItem[], now: number): Promise<QueueExport> {
  const exported: ExportedItem[] = [];
  for (const item of items) {
    const entries: ExportedEntry[] = [];
    for (const entry of item.request.entries) {
      if ('file' in entry) {
        const { name, type, lastModified, blob } = entry.file;
        entries.push({ name: entry.name, file: { name, type, lastModified, size: blob.size, base64: await blobToBase64(blob) } });
      } else {
        entries.push({ name: entry.name, value: entry.value });
      }
    }
    exported.push({ ...item, request: { ...item.request, entries } });
  }
  return { format: EXPORT_FORMAT, exportedAt: new Date(now).toISOString(), items: exported };
}

/** A file name for an export made at `now`: form-outbox-2026-11-28T0315.json. */
export function exportFileName(now: number): string {
  return `form-outbox-${new Date(now).toISOString().slice(0, 16).replace(':', '')}.json`;
}
