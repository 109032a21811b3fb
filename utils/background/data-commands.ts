/**
 * The background's handlers for the person's own data (docs/data.md): importing an export file and
 * deleting everything Form Outbox keeps. Only extension pages may send them (MESSAGE_SENDERS,
 * checked by the message gate).
 *
 * Import: the settings page sends the file's text in pieces (`stageImportChunk`: one runtime message
 * is capped, and Chrome's carries JSON only), kept here in memory, then `importData`: the whole text
 * is parsed and every record checked (core/import-reading.ts) before anything is stored, then stored
 * in one transaction (db/import-records.ts). Nothing imported is sent on its own, and no replay is
 * started. A worker stopped between pieces loses them: the import then answers `incomplete`, with
 * nothing changed.
 */
import { browser } from 'wxt/browser';
import type { DraftRecord } from '../core/draft-record';
import { sealDraft } from '../core/draft-record';
import { readExportDocument, type ImportOutcome, type ImportRefusal } from '../core/import-reading';
import { scrubbedRecords } from '../core/sealed-item';
import type { OutboxItem } from '../core/types';
import type { OutboxDatabase } from '../db/database';
import { deleteEverything } from '../db/delete-everything';
import { importRecords } from '../db/import-records';
import type { MessageHandlers } from './message-gate';
import type { Vault } from './vault';
import { failure } from '../core/failure';

type DataMessage = 'stageImportChunk' | 'importData' | 'deleteEverything';
export type DataHandlers = Pick<MessageHandlers, DataMessage>;

/** Characters of file text one import may stage (an engine's longest string is a little over 500 M). */
export const MAX_IMPORT_CHARS = 400 * 1024 * 1024;
/** Pieces not imported within this time are dropped (the page was closed mid-way). */
const STAGED_KEEP_MS = 10 * 60_000;
/** The retry alarm of the replay scheduler (outbox-service.ts): nothing is left to retry. */
import { RETRY_ALARM } from './replay-wiring';

export interface DataCommandDeps {
  vault: Pick<Vault, 'prepare' | 'sealingKey' | 'forgetMemory'>;
  /** The drafts service's memory of the table (undo, page index). */
  forgetDrafts(): void;
  refreshBadge(): Promise<void>;
  /** Resolves once the worker's start-up (recovery, counts) is done. */
  started(): Promise<void>;
  now(): number;
}

interface Staged {
  chunks: string[];
  chars: number;
  touchedAt: number;
}

function isImportId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= 100;
}

const refused = (refusal: ImportRefusal) => ({
  ok: true as const,
  outcome: { kind: 'refused', refusal } satisfies ImportOutcome,
});

export function createDataCommands(db: OutboxDatabase, deps: DataCommandDeps): DataHandlers {
  const staged = new Map<string, Staged>();

  function dropStale(now: number) {
    for (const [id, entry] of staged) if (now - entry.touchedAt > STAGED_KEEP_MS) staged.delete(id);
  }

  /** The records sealed for the vault when encryption is on (as a captured submission or a typed draft would be). */
  async function sealed(
    items: OutboxItem[],
    drafts: DraftRecord[],
  ): Promise<{ items: OutboxItem[]; drafts: DraftRecord[] }> {
    const key = await deps.vault.sealingKey();
    if (!key) return { items, drafts };
    const sealedItems: OutboxItem[] = [];
    for (const item of items) {
      const parts = await deps.vault.prepare(item.request, item.source, item.fingerprint);
      sealedItems.push({ ...item, ...parts, ...scrubbedRecords(item) });
    }
    const sealedDrafts: DraftRecord[] = [];
    for (const draft of drafts) sealedDrafts.push(await sealDraft(draft, key));
    return { items: sealedItems, drafts: sealedDrafts };
  }

  return {
    async stageImportChunk(data) {
      const now = deps.now();
      dropStale(now);
      if (
        !isImportId(data?.importId) ||
        !Number.isInteger(data.index) ||
        data.index < 0 ||
        data.index > 100_000 ||
        typeof data.text !== 'string'
      ) {
        return { ok: false, ...failure('malformed', undefined, 'import') };
      }
      const entry = staged.get(data.importId) ?? { chunks: [], chars: 0, touchedAt: now };
      entry.chars += data.text.length - (entry.chunks[data.index]?.length ?? 0);
      entry.chunks[data.index] = data.text;
      entry.touchedAt = now;
      staged.set(data.importId, entry);
      if (entry.chars > MAX_IMPORT_CHARS) {
        // Kept as a marker so that importData can say why; its text goes now.
        staged.set(data.importId, { chunks: [], chars: Number.POSITIVE_INFINITY, touchedAt: now });
      }
      return { ok: true };
    },

    async importData(data) {
      if (!isImportId(data?.importId) || !Number.isInteger(data.chunks) || data.chunks < 0)
        return { ok: false, ...failure('malformed', undefined, 'import') };
      const entry = staged.get(data.importId);
      staged.delete(data.importId);
      if (entry && !Number.isFinite(entry.chars)) return refused({ code: 'too-large' });
      if (
        !entry ||
        entry.chunks.length !== data.chunks ||
        Array.from({ length: data.chunks }, (_, i) => i).some((i) => typeof entry.chunks[i] !== 'string')
      ) {
        return refused({ code: 'incomplete' });
      }
      let doc: unknown;
      try {
        doc = JSON.parse(entry.chunks.join(''));
      } catch (error) {
        return refused({ code: 'not-json', detail: error instanceof Error ? error.message.slice(0, 300) : undefined });
      }
      await deps.started();
      const reading = readExportDocument(doc, deps.now());
      if (!reading.ok) return refused(reading.refusal);
      const records = await sealed(reading.items, reading.drafts);
      const report = await importRecords(db, records.items, records.drafts);
      deps.forgetDrafts();
      await deps.refreshBadge();
      return { ok: true, outcome: { kind: 'imported', report } };
    },

    async deleteEverything() {
      staged.clear();
      await deps.started();
      // The database first, in one transaction: the rest is memory and settings around it.
      const deleted = await deleteEverything(db);
      await deps.vault.forgetMemory();
      deps.forgetDrafts();
      await browser.storage.session.clear();
      // The settings go back to their defaults (storage.local holds nothing else).
      await browser.storage.local.clear();
      await browser.permissions.remove({ permissions: ['notifications'] }).catch(() => false);
      await browser.alarms.clear(RETRY_ALARM);
      await deps.refreshBadge();
      return { ok: true, ...deleted };
    },
  };
}
