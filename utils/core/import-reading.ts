/**
 * Reading an export file back (docs/data.md). A file is hostile input: anyone can write one, and it
 * can name any site. So the whole document is checked before anything is stored, and every item is
 * checked as the worker checks a page's submission (wire-validation.ts) and a stored record
 * (item-validation.ts). What comes out can never be sent on its own: an item that was not sent
 * arrives as failed, of kind `imported` ("check it, then retry"), for a person to press Retry; a
 * sent item stays in the history. Only what a person's data is made of is taken from the file (the
 * request, the page, times); everything that steers the extension (the target's origin, tabs and
 * documents to tell, the fingerprint that folds a double Submit, replies, accounts) is made anew or
 * left out.
 */
import { decodeBase64 } from './base64';
import { validateDraftSave, type DraftRecord } from './draft-record';
import { pageKeyOf, type FormKey } from './draft-form';
import type { DraftField } from './draft-form';
import { EXPORT_FORMAT, EXPORT_VERSION, LEGACY_EXPORT_FORMAT_V2 } from './export-format';
import { fingerprintSubmission } from './fingerprint';
import { isHttpUrl, isWellFormedItem } from './item-validation';
import type { Enctype, FieldLabel, FormEntry, ItemError, OutboxItem, SendResult, SubmissionRequest } from './types';
import type { WireEntry } from './wire';
import { validateWireSubmission } from './wire-validation';
import type { Failure } from './failure';

/** Why a file is refused as a whole (the options page has words for each). */
export type ImportRefusalCode =
  'not-json' | 'foreign' | 'newer-version' | 'sealed' | 'bad-item' | 'bad-draft' | 'too-large' | 'incomplete';

export interface ImportRefusal {
  code: ImportRefusalCode;
  /** Technical detail: which item and what is wrong with it. */
  detail?: string;
}

/** Most items (and, separately, drafts) one file may bring. */
export const MAX_IMPORT_RECORDS = 100_000;
const MAX_ID = 200;

export type ImportReading =
  { ok: true; items: OutboxItem[]; drafts: DraftRecord[] } | { ok: false; refusal: ImportRefusal };

const refuse = (code: ImportRefusalCode, detail?: string): { ok: false; refusal: ImportRefusal } => ({
  ok: false,
  refusal: { code, ...(detail ? { detail } : {}) },
});

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A time from the file, never later than `now` (a future time would bend expiry and duplicate folding). */
function pastTime(value: unknown, now: number): number {
  return isTime(value) ? Math.min(value, now) : now;
}

/** The file's entries as the wire's (for the page-submission checks) and as stored entries (files as Blobs). */
function readEntries(raw: unknown): { wire: WireEntry[]; entries: FormEntry[] } | string {
  if (!Array.isArray(raw)) return 'no list of fields';
  const wire: WireEntry[] = [];
  const entries: FormEntry[] = [];
  for (const [index, entry] of raw.entries()) {
    if (!isObject(entry) || typeof entry.name !== 'string') return `field ${index + 1} has no name`;
    if (!('file' in entry)) {
      if (typeof entry.value !== 'string') return `field ${entry.name} has no text value`;
      wire.push({ name: entry.name, value: entry.value });
      entries.push({ name: entry.name, value: entry.value });
      continue;
    }
    const file = entry.file;
    if (
      !isObject(file) ||
      typeof file.name !== 'string' ||
      typeof file.type !== 'string' ||
      typeof file.base64 !== 'string' ||
      !Number.isInteger(file.size) ||
      typeof file.lastModified !== 'number'
    )
      return `file field ${entry.name} is malformed`;
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = decodeBase64(file.base64);
    } catch {
      return `file ${file.name} is not base64`;
    }
    if (bytes.length !== file.size)
      return `file ${file.name} has ${bytes.length} bytes, the file says ${String(file.size)}`;
    wire.push({
      name: entry.name,
      file: {
        index: wire.length,
        name: file.name,
        type: file.type,
        size: bytes.length,
        lastModified: file.lastModified,
      },
    });
    entries.push({
      name: entry.name,
      file: {
        name: file.name,
        type: file.type,
        lastModified: file.lastModified,
        blob: new Blob([bytes], { type: file.type }),
      },
    });
  }
  return { wire, entries };
}

function readResult(raw: unknown, now: number): SendResult | undefined {
  if (
    !isObject(raw) ||
    !Number.isInteger(raw.status) ||
    typeof raw.finalUrl !== 'string' ||
    typeof raw.redirected !== 'boolean'
  )
    return undefined;
  return {
    status: raw.status as number,
    finalUrl: raw.finalUrl,
    redirected: raw.redirected,
    sentAt: pastTime(raw.sentAt, now),
    ...(raw.notFollowed === true ? { notFollowed: true } : {}),
  };
}

/** One item of the file as it will be stored (seq 0: the database gives it its place), or why not. */
/** A refusal code with its details, as the technical text of an import refusal. */
function failureText(refused: Failure): string {
  return [refused.code, ...(refused.args ?? []), refused.detail].filter((part) => part !== undefined).join(': ');
}

export function readImportedItem(raw: unknown, now: number): OutboxItem | string {
  if (!isObject(raw)) return 'not an object';
  if (raw.sealed !== undefined) return 'it is encrypted';
  if (!isId(raw.id)) return 'no id';
  const request = raw.request;
  const source = raw.source;
  if (!isObject(request)) return 'no request';
  if (!isObject(source) || !isHttpUrl(source.pageUrl)) return 'no page it came from';
  const read = readEntries(request.entries);
  if (typeof read === 'string') return read;
  const pageTitle = typeof source.pageTitle === 'string' ? source.pageTitle : '';
  const referrerPolicy = typeof source.referrerPolicy === 'string' ? source.referrerPolicy : '';
  // The same checks as a page's submission: method, http(s) target, encoding, sizes, the page.
  const wireCheck = validateWireSubmission({
    method: request.method,
    url: request.url,
    enctype: request.enctype,
    bodyFormat: request.bodyFormat,
    entries: read.wire,
    page: { url: source.pageUrl, title: pageTitle, referrerPolicy },
    uploadId: 'import',
    ...(source.fieldLabels !== undefined ? { fieldLabels: source.fieldLabels as FieldLabel[] } : {}),
  });
  if (wireCheck !== true) return failureText(wireCheck);
  const submission: SubmissionRequest = {
    method: request.method as SubmissionRequest['method'],
    url: request.url as string,
    enctype: request.enctype as Enctype,
    ...(request.bodyFormat !== undefined ? { bodyFormat: request.bodyFormat as Enctype } : {}),
    entries: read.entries,
  };
  const sent = raw.status === 'sent';
  const result = sent ? readResult(raw.result, now) : undefined;
  if (sent && !result) return 'sent, but without its result';
  // What went wrong before the export, as technical detail: an older version's sentence, else the error's own detail.
  const before = isObject(raw.lastError)
    ? [raw.lastError.message, raw.lastError.detail].find((text) => typeof text === 'string')
    : undefined;
  const earlier = typeof before === 'string' ? before.slice(0, 2_000) : undefined;
  const lastError: ItemError = { kind: 'imported', at: now, ...(earlier ? { detail: earlier } : {}) };
  const item: OutboxItem = {
    id: raw.id,
    idempotencyKey: isId(raw.idempotencyKey) ? raw.idempotencyKey : raw.id,
    seq: 0,
    origin: new URL(submission.url).origin,
    status: sent ? 'sent' : 'failed',
    request: submission,
    // The labels the person saw, checked above as a page's would be.
    source: {
      pageUrl: source.pageUrl,
      pageTitle,
      referrerPolicy,
      ...(source.fieldLabels !== undefined ? { fieldLabels: source.fieldLabels as FieldLabel[] } : {}),
    },
    fingerprint: fingerprintSubmission(submission, source.pageUrl),
    capturedAt: pastTime(raw.capturedAt, now),
    updatedAt: now,
    attempts: Number.isInteger(raw.attempts) && (raw.attempts as number) >= 0 ? (raw.attempts as number) : 0,
    nextAttemptAt: now,
    ...(sent ? { result } : { lastError }),
    ...(raw.maybeSent === true ? { maybeSent: true } : {}),
  };
  const wellFormed = isWellFormedItem(item);
  return wellFormed === true ? item : wellFormed;
}

/** One draft of the file as it will be stored, or why not. It is a draft being edited, offered again on its page. */
export function readImportedDraft(raw: unknown, now: number): DraftRecord | string {
  if (!isObject(raw)) return 'not an object';
  if (raw.sealed !== undefined) return 'it is encrypted';
  if (!isId(raw.id)) return 'no id';
  const content = raw.content;
  if (!isObject(content) || !isHttpUrl(content.pageUrl) || typeof content.pageTitle !== 'string')
    return 'no page it was typed on';
  const pageKey = pageKeyOf(content.pageUrl);
  if (!pageKey) return 'no page it was typed on';
  const form = raw.form as FormKey;
  const fields = content.fields as DraftField[];
  // The same checks as a page's save: the form's key, every field, the sizes.
  const valid = validateDraftSave({
    doc: 'import',
    title: content.pageTitle,
    forms: [{ slot: 0, form, fields, cleared: false }],
  });
  if (valid !== true) return failureText(valid);
  const createdAt = pastTime(raw.createdAt, now);
  return {
    id: raw.id,
    pageKey,
    origin: new URL(content.pageUrl).origin,
    form,
    state: 'editing',
    stateSince: now,
    // No document writes it: a page's save never matches this writer.
    writer: `import|${raw.id}`,
    createdAt,
    updatedAt: Math.max(createdAt, pastTime(raw.updatedAt, now)),
    content: { pageUrl: content.pageUrl, pageTitle: content.pageTitle, fields },
  };
}

/** The version of an export document, or the refusal. */
function versionOf(doc: Record<string, unknown>): number | ImportRefusal {
  if (doc.format === LEGACY_EXPORT_FORMAT_V2) return 2;
  if (doc.format !== EXPORT_FORMAT || !Number.isInteger(doc.version)) return { code: 'foreign' };
  if ((doc.version as number) > EXPORT_VERSION)
    return { code: 'newer-version', detail: `version ${String(doc.version)}` };
  if ((doc.version as number) < 3) return { code: 'foreign' };
  return doc.version as number;
}

/**
 * Reads a whole export document (already parsed JSON). `now` is epoch ms. All or nothing: the first
 * record that is not acceptable refuses the whole file, with which one and why.
 */
export function readExportDocument(doc: unknown, now: number): ImportReading {
  if (!isObject(doc)) return refuse('foreign');
  const version = versionOf(doc);
  if (typeof version !== 'number') return { ok: false, refusal: version };
  if (doc.vault !== undefined) return refuse('sealed');
  if (!Array.isArray(doc.items)) return refuse('foreign', 'no list of items');
  const rawDrafts = doc.drafts ?? [];
  if (!Array.isArray(rawDrafts)) return refuse('foreign', 'no list of drafts');
  if (doc.items.length > MAX_IMPORT_RECORDS || rawDrafts.length > MAX_IMPORT_RECORDS)
    return refuse('too-large', `more than ${MAX_IMPORT_RECORDS} records`);
  const items: OutboxItem[] = [];
  for (const [index, raw] of doc.items.entries()) {
    if (isObject(raw) && raw.sealed !== undefined) return refuse('sealed');
    const item = readImportedItem(raw, now);
    if (typeof item === 'string') return refuse('bad-item', `item ${index + 1}: ${item}`);
    items.push(item);
  }
  const drafts: DraftRecord[] = [];
  for (const [index, raw] of rawDrafts.entries()) {
    if (isObject(raw) && raw.sealed !== undefined) return refuse('sealed');
    const draft = readImportedDraft(raw, now);
    if (typeof draft === 'string') return refuse('bad-draft', `draft ${index + 1}: ${draft}`);
    drafts.push(draft);
  }
  return { ok: true, items, drafts };
}

/** What an import did: how many records it added, and the ids it skipped because they were there already. */
export interface ImportReport {
  items: number;
  drafts: number;
  skippedItems: string[];
  skippedDrafts: string[];
}

/** The answer to an import: done (with its report), or refused as a whole (nothing changed). */
export type ImportOutcome = { kind: 'imported'; report: ImportReport } | { kind: 'refused'; refusal: ImportRefusal };
