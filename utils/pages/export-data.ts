/**
 * The export as an extension page starts it (the popup's button, the settings page's "Your data"):
 * whether the vault lets it be read, the file built a part at a time (utils/popup/export.ts), and
 * the download. The refusal while locked is given in the catalogue's words.
 */
import type { OutboxDatabase } from '../db/database';
import { t } from '../i18n';
import { readSessionOpener, readVaultRecord } from '../platform/vault-session';
import { buildExport, exportFileName, ExportLockedError } from '../popup/export';
import { downloadBlob } from './download';

/** Exports everything in `db` as a file download. Resolves with how many items and drafts it holds. */
export async function exportToFile(db: OutboxDatabase): Promise<{ items: number; drafts: number }> {
  const sealed = (await readVaultRecord(db)) !== undefined;
  const open = sealed ? await readSessionOpener() : undefined;
  const now = Date.now();
  try {
    const built = await buildExport(db, now, { sealed, open });
    downloadBlob(built.blob, exportFileName(now));
    return { items: built.items, drafts: built.drafts };
  } catch (error) {
    if (error instanceof ExportLockedError) throw new Error(t('exportLocked'), { cause: error });
    throw error;
  }
}
