/**
 * The export file, built as a Blob from parts (docs/data.md): the queue and the drafts are read a
 * page at a time (db/export-pages.ts), each item written as JSON pieces with its files' bytes as
 * base64 a slice at a time (core/export-format.ts), and the pieces handed to the browser as Blobs a
 * megabyte or so at a time. The page thus holds one page of records and one slice of a file at
 * once, never the whole queue; the browser keeps the Blob's bytes (on disk when large).
 *
 * Sealed data: the export holds what the person can read. With encryption on it is made only while
 * the vault is unlocked (items and drafts are opened with this session's key); locked, it is refused
 * (ExportLockedError) rather than written sealed: a sealed file could only be read back with this
 * vault, which "delete everything" or a new profile no longer has.
 */
import { openDraft } from '../core/draft-record';
import {
  draftJson,
  EXPORT_CLOSING,
  EXPORT_MIDDLE,
  EXPORT_SEPARATOR,
  exportOpening,
  itemPieces,
} from '../core/export-format';
import { openItem } from '../core/sealed-item';
import type { PayloadOpener } from '../core/sealing';
import type { OutboxDatabase } from '../db/database';
import { draftPagesForExport, itemPages } from '../db/export-pages';

export { exportFileName } from '../core/export-format';

/** Characters gathered before they are handed to the browser as one Blob part. */
const PART_CHARS = 1024 * 1024;

/** Encryption is on and the vault is locked: nothing can be exported readable. */
export class ExportLockedError extends Error {
  constructor() {
    super('Unlock Form Outbox to export: the file holds your submissions as you can read them.');
    this.name = 'ExportLockedError';
  }
}

export interface ExportAccess {
  /** Encryption is on (a vault record exists). */
  sealed: boolean;
  /** This session's key, when the vault is unlocked. */
  open?: PayloadOpener;
}

export interface BuiltExport {
  blob: Blob;
  items: number;
  drafts: number;
}

/** Gathers text and turns it into Blob parts as it grows. */
function createPartWriter() {
  const parts: Blob[] = [];
  let pending: string[] = [];
  let chars = 0;
  const flush = () => {
    if (!pending.length) return;
    parts.push(new Blob(pending));
    pending = [];
    chars = 0;
  };
  return {
    write(text: string) {
      pending.push(text);
      chars += text.length;
      if (chars >= PART_CHARS) flush();
    },
    finish(): Blob {
      flush();
      return new Blob(parts, { type: 'application/json' });
    },
  };
}

/**
 * Builds the export of everything in `db` at `now` (epoch ms). Throws ExportLockedError when
 * encryption is on and `access.open` is missing; an item or draft that cannot be opened fails the
 * export (no file that silently lacks something).
 */
export async function buildExport(db: OutboxDatabase, now: number, access: ExportAccess): Promise<BuiltExport> {
  if (access.sealed && !access.open) throw new ExportLockedError();
  const readable = access.open;
  const out = createPartWriter();
  let items = 0;
  let drafts = 0;
  out.write(exportOpening(now));
  for await (const page of itemPages(db)) {
    for (const stored of page) {
      if (stored.sealed && !readable) throw new ExportLockedError();
      const item = stored.sealed && readable ? await openItem(stored, readable) : stored;
      if (items++) out.write(EXPORT_SEPARATOR);
      for await (const piece of itemPieces(item)) out.write(piece);
    }
  }
  out.write(EXPORT_MIDDLE);
  for await (const page of draftPagesForExport(db)) {
    for (const stored of page) {
      if (stored.sealed && !readable) throw new ExportLockedError();
      const draft = stored.sealed && readable ? await openDraft(stored, readable) : stored;
      if (drafts++) out.write(EXPORT_SEPARATOR);
      out.write(draftJson(draft));
    }
  }
  out.write(EXPORT_CLOSING);
  return { blob: out.finish(), items, drafts };
}
