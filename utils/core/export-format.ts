/**
 * The export file (docs/data.md): one JSON document, written piece by piece so that no one holds the
 * whole queue in memory. Its shape, version 3:
 *
 *   {"format":"form-outbox-export","version":3,"exportedAt":"<ISO time>","items":[
 *   <item>,
 *   <item>
 *   ],"drafts":[
 *   <draft>
 *   ]}
 *
 * One item or draft per line (JSON escapes line breaks inside strings). An item is the stored
 * OutboxItem as the person can read it (never sealed: the export is made only while the vault is
 * open, see utils/popup/export.ts), its files' bytes as base64 in `file.base64`, written slice by
 * slice. Version 2 files (the popup's earlier export, one JSON object) have the same item shape.
 */
import { encodeBase64 } from './base64';
import type { DraftRecord } from './draft-record';
import type { OutboxItem } from './types';

/** The format marker of every export file. */
export const EXPORT_FORMAT = 'form-outbox-export';
/** The version this code writes. */
export const EXPORT_VERSION = 3;
/** The marker of version 2 files, which carried the version in the marker. */
export const LEGACY_EXPORT_FORMAT_V2 = 'form-outbox-export/2';

/** Bytes of a file read and encoded at a time: a multiple of 3, so that the base64 slices join into one. */
export const FILE_SLICE_BYTES = 3 * 1024 * 1024;

export type ExportedEntry =
  | { name: string; value: string }
  | { name: string; file: { name: string; type: string; size: number; lastModified: number; base64: string } };

/** An item as it is in the file. */
export interface ExportedItem extends Omit<OutboxItem, 'request' | 'sealed' | 'accountSealed'> {
  request: Omit<OutboxItem['request'], 'entries'> & { entries: ExportedEntry[] };
}

/** A draft as it is in the file: always readable. */
export type ExportedDraft = Omit<DraftRecord, 'sealed'>;

/** The start of the file, up to the opening of the items' list. `now` is epoch ms. */
export function exportOpening(now: number): string {
  return `{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},"exportedAt":${JSON.stringify(new Date(now).toISOString())},"items":[\n`;
}

/** Between the items and the drafts. */
export const EXPORT_MIDDLE = '\n],"drafts":[\n';
/** The end of the file. */
export const EXPORT_CLOSING = '\n]}\n';
/** Between two items or two drafts. */
export const EXPORT_SEPARATOR = ',\n';

/** `JSON.stringify(value)` without its closing brace, to append more members to. */
function openObject(value: object): string {
  return JSON.stringify(value).slice(0, -1);
}

/**
 * One item as JSON text, in pieces: the fields, then each file's bytes as base64, FILE_SLICE_BYTES at
 * a time (a file of tens of MB is never one string). Joined, the pieces are one JSON object. Throws
 * for a sealed item: the caller opens it first.
 */
export async function* itemPieces(item: OutboxItem): AsyncGenerator<string> {
  if (item.sealed) throw new Error('A sealed item must be opened before it is exported.');
  const { request, sealed: _sealed, accountSealed: _accountSealed, ...rest } = item;
  const { entries, ...requestRest } = request;
  yield `${openObject(rest)},"request":${openObject(requestRest)},"entries":[`;
  for (const [index, entry] of entries.entries()) {
    const comma = index ? ',' : '';
    if (!('file' in entry)) {
      yield comma + JSON.stringify({ name: entry.name, value: entry.value });
      continue;
    }
    const { name, type, lastModified, blob } = entry.file;
    yield `${comma}{"name":${JSON.stringify(entry.name)},"file":${openObject({ name, type, size: blob.size, lastModified })},"base64":"`;
    for (let offset = 0; offset < blob.size; offset += FILE_SLICE_BYTES) {
      yield encodeBase64(new Uint8Array(await blob.slice(offset, offset + FILE_SLICE_BYTES).arrayBuffer()));
    }
    yield '"}}';
  }
  yield ']}}';
}

/** One draft as JSON text. Throws for a sealed draft: the caller opens it first. */
export function draftJson(draft: DraftRecord): string {
  if (draft.sealed) throw new Error('A sealed draft must be opened before it is exported.');
  const { sealed: _sealed, ...rest } = draft;
  return JSON.stringify(rest satisfies ExportedDraft);
}

/** A file name for an export made at `now`: form-outbox-2026-11-28T0315.json. */
export function exportFileName(now: number): string {
  return `form-outbox-${new Date(now).toISOString().slice(0, 16).replace(':', '')}.json`;
}
