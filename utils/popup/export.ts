/**
 * The queue as a JSON document a person can keep: every item with its fields, and files with their
 * bytes as base64, so that nothing is held hostage by the extension.
 *
 * With encryption on, the export is as sealed as the database: every item's payload stays sealed
 * (an item not sealed yet is sealed for the export with the vault's public key), and the vault's
 * record (its public key and the private key wrapped with the passphrase) travels with it, so that
 * the passphrase, and only the passphrase, opens the file's contents again.
 *
 * Drafts (what was typed before Submit) travel with the items, sealed the same way.
 */
import { blobToBase64, encodeBase64 } from '../core/base64';
import { sealDraft, type DraftRecord } from '../core/draft-record';
import { scrubbedRecords, sealItemParts } from '../core/sealed-item';
import type { SealedPayload, VaultRecord } from '../core/sealing';
import type { OutboxItem } from '../core/types';

export { blobToBase64 } from '../core/base64';

export const EXPORT_FORMAT = 'form-outbox-export/2';

export type ExportedEntry =
  | { name: string; value: string }
  | { name: string; file: { name: string; type: string; size: number; lastModified: number; base64: string } };

/** A sealed payload with its bytes as base64. */
export interface ExportedSealed {
  version: 1;
  ephemeralKey: string;
  iv: string;
  data: string;
  files: Array<{ iv: string; base64: string }>;
}

export interface ExportedItem extends Omit<OutboxItem, 'request' | 'sealed'> {
  request: Omit<OutboxItem['request'], 'entries'> & { entries: ExportedEntry[] };
  sealed?: ExportedSealed;
}

/** The vault record with its bytes as base64: nothing in it opens a payload without the passphrase. */
export interface ExportedVault {
  version: 1;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  publicKey: string;
  wrappedPrivateKey: string;
  iv: string;
  createdAt: number;
}

/** A draft as exported: its sealed payload (encryption on) with bytes as base64. */
export interface ExportedDraft extends Omit<DraftRecord, 'sealed'> {
  sealed?: ExportedSealed;
}

export interface QueueExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  items: ExportedItem[];
  /** What was typed into forms and not yet delivered (docs/drafts.md). */
  drafts: ExportedDraft[];
  /** Present when the items' payloads are sealed (encryption on). */
  vault?: ExportedVault;
}

async function exportedSealed(sealed: SealedPayload): Promise<ExportedSealed> {
  const files: ExportedSealed['files'] = [];
  for (const file of sealed.files) files.push({ iv: encodeBase64(file.iv), base64: await blobToBase64(file.blob) });
  return { version: sealed.version, ephemeralKey: encodeBase64(sealed.ephemeralKey), iv: encodeBase64(sealed.iv), data: encodeBase64(sealed.data), files };
}

function exportedVault(record: VaultRecord): ExportedVault {
  return {
    version: record.version,
    kdf: { ...record.kdf, salt: encodeBase64(record.kdf.salt) },
    publicKey: encodeBase64(record.publicKey),
    wrappedPrivateKey: encodeBase64(record.wrappedPrivateKey),
    iv: encodeBase64(record.iv),
    createdAt: record.createdAt,
  };
}

async function exportedEntries(item: OutboxItem): Promise<ExportedEntry[]> {
  const entries: ExportedEntry[] = [];
  for (const entry of item.request.entries) {
    if ('file' in entry) {
      const { name, type, lastModified, blob } = entry.file;
      entries.push({ name: entry.name, file: { name, type, lastModified, size: blob.size, base64: await blobToBase64(blob) } });
    } else {
      entries.push({ name: entry.name, value: entry.value });
    }
  }
  return entries;
}

/**
 * Builds the export document. `now` is epoch ms. With `vault` (encryption on), payloads are
 * exported sealed, and items stored readable are sealed for the export.
 */
export async function buildQueueExport(items: readonly OutboxItem[], now: number, vault?: VaultRecord, drafts: readonly DraftRecord[] = []): Promise<QueueExport> {
  const exported: ExportedItem[] = [];
  for (const stored of items) {
    let item = stored;
    if (vault && !item.sealed) {
      const parts = await sealItemParts(vault.publicKey, item.request, item.source);
      item = { ...item, ...parts, ...scrubbedRecords(item) };
    }
    const { sealed, ...rest } = item;
    exported.push({
      ...rest,
      request: { ...item.request, entries: await exportedEntries(item) },
      ...(sealed ? { sealed: await exportedSealed(sealed) } : {}),
    });
  }
  const exportedDrafts: ExportedDraft[] = [];
  for (const stored of drafts) {
    const draft = vault && !stored.sealed ? await sealDraft(stored, vault.publicKey) : stored;
    const { sealed, ...rest } = draft;
    exportedDrafts.push({ ...rest, ...(sealed ? { sealed: await exportedSealed(sealed) } : {}) });
  }
  return { format: EXPORT_FORMAT, exportedAt: new Date(now).toISOString(), items: exported, drafts: exportedDrafts, ...(vault ? { vault: exportedVault(vault) } : {}) };
}

/** A file name for an export made at `now`: form-outbox-2026-11-28T0315.json. */
export function exportFileName(now: number): string {
  return `form-outbox-${new Date(now).toISOString().slice(0, 16).replace(':', '')}.json`;
}
