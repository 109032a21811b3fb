/**
 * Structural checks for data that crosses a trust boundary: records read back from the database
 * (which another version or a bug may have written) and submissions sent by content scripts.
 */
import { checkFieldLabels } from './field-labels';
import type { OutboxItem } from './types';

const STATUSES = new Set(['pending', 'sending', 'sent', 'failed']);
const ENCTYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** True when `url` parses and is http(s). */
export function isHttpUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** `true`, or a sentence saying what is wrong with the record. */
export function isWellFormedItem(row: unknown): true | string {
  if (!row || typeof row !== 'object') return 'not an object';
  const item = row as Partial<OutboxItem>;
  if (typeof item.id !== 'string' || !item.id) return 'no id';
  if (typeof item.seq !== 'number') return 'no sequence number';
  if (!STATUSES.has(item.status as string)) return `unknown status ${String(item.status)}`;
  const request = item.request;
  if (!request || typeof request !== 'object') return 'no request';
  if (request.method !== 'GET' && request.method !== 'POST') return `unsupported method ${String(request.method)}`;
  if (!isHttpUrl(request.url)) return 'target is not an http(s) URL';
  if (!ENCTYPES.has(request.enctype)) return `unknown enctype ${String(request.enctype)}`;
  if (!Array.isArray(request.entries)) return 'no entries';
  for (const entry of request.entries) {
    if (!entry || typeof entry.name !== 'string') return 'an entry has no name';
    if ('file' in entry) {
      if (!entry.file || typeof entry.file.name !== 'string' || !(entry.file.blob instanceof Blob))
        return `file entry ${entry.name} has no bytes`;
    } else if (typeof (entry as { value?: unknown }).value !== 'string') return `entry ${entry.name} has no value`;
  }
  if (typeof item.nextAttemptAt !== 'number' || typeof item.attempts !== 'number') return 'no schedule';
  // Optional (older items have none); a sealed item keeps them inside its sealed payload, not here.
  const labels = (item.source as { fieldLabels?: unknown } | undefined)?.fieldLabels;
  if (labels !== undefined && checkFieldLabels(labels, new Set(request.entries.map((e) => e.name))) !== true)
    return 'damaged field labels';
  if (item.sealed !== undefined) {
    const { sealed } = item;
    const bytes = (value: unknown) => value instanceof Uint8Array;
    if (
      !sealed ||
      !bytes(sealed.ephemeralKey) ||
      !bytes(sealed.iv) ||
      !bytes(sealed.data) ||
      !Array.isArray(sealed.files)
    )
      return 'damaged encrypted payload';
    if (!sealed.files.every((f) => f && bytes(f.iv) && f.blob instanceof Blob)) return 'damaged encrypted file';
  }
  return true;
}
