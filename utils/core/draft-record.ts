/**
 * A stored draft, what pages send to save one, and how a draft is sealed at rest (pure).
 *
 * Readable in a stored draft: its page's origin and path, its form's key (action origin and path,
 * field names, position), its state and times: what the popup lists and the background matches
 * pages with while the vault is locked. Sealed when encryption is on: the page's full address and
 * title and every value typed (the fields with their labels).
 */
import { failure, type Failure } from './failure';
import { sealPayload, type PayloadOpener, type SealedPayload } from './sealing';
import type { DraftField, FormKey } from './draft-form';
import { nextDraftState, type DraftState } from './draft-state';

/** What a draft holds of what was typed (sealed as a whole when encryption is on). */
export interface DraftContent {
  /** The page's full address, as the browser reported the sender. */
  pageUrl: string;
  pageTitle: string;
  fields: DraftField[];
}

export interface DraftRecord {
  id: string;
  /** The page's origin and path (pageKeyOf of the sender's address). */
  pageKey: string;
  /** The page's origin, as the browser reported the sender: only a document of it is given the values. */
  origin: string;
  form: FormKey;
  state: DraftState;
  /** When `state` was entered (epoch ms). */
  stateSince: number;
  /** The outbox item made from it (state `queued`). */
  itemId?: string;
  /**
   * Which document and form writes it: "<tab>:<frame>|<documentId>|<doc>|<slot>" (the document's
   * random token and the form's number in it). A later save from that form updates this draft.
   */
  writer: string;
  createdAt: number;
  /** When it was last typed in (the time shown, and what expiry counts from). */
  updatedAt: number;
  /** Absent when sealed. */
  content?: DraftContent;
  sealed?: SealedPayload;
}

/** One form of a page's save message. */
export interface DraftSaveForm {
  /** The form's number in the document (stable while the document lives). */
  slot: number;
  form: FormKey;
  fields: DraftField[];
  /** True when the form shows nothing typed any more (cleared by the person or the page). */
  cleared: boolean;
}

/** page -> background: the forms of this document that changed since the last save. */
export interface DraftSave {
  /** A random token of the document (with the browser's tab, frame and document id, it names the writer). */
  doc: string;
  title: string;
  forms: DraftSaveForm[];
}

/** The record with its sealed content opened (or as it is, when not sealed). */
export async function openDraft(record: DraftRecord, open: PayloadOpener): Promise<DraftRecord> {
  if (!record.sealed) return record;
  const { json } = await open(record.sealed);
  const { sealed: _sealed, ...rest } = record;
  return { ...rest, content: JSON.parse(json) as DraftContent };
}

/** The record with its content sealed for the vault's public key. */
export async function sealDraft(record: DraftRecord, vaultPublicKey: Uint8Array<ArrayBuffer>): Promise<DraftRecord> {
  if (!record.content) return record;
  const { content, ...rest } = record;
  return { ...rest, sealed: await sealPayload(vaultPublicKey, JSON.stringify(content), []) };
}

const MAX_DOC = 100;
const MAX_TITLE = 1_000;
const MAX_FORMS = 50;
const MAX_FIELDS = 2_000;
const MAX_KEY = 300;
const MAX_LABEL = 200;
/** Characters of typed text in one save (a long article is a few hundred thousand). */
export const MAX_DRAFT_CHARS = 4_000_000;

function isFormKey(form: unknown): form is FormKey {
  const f = form as FormKey;
  return (
    !!f &&
    typeof f === 'object' &&
    (f.kind === 'form' || f.kind === 'page') &&
    typeof f.action === 'string' &&
    f.action.length <= 2_048 &&
    Array.isArray(f.names) &&
    f.names.length <= MAX_FIELDS &&
    f.names.every((n) => typeof n === 'string' && n.length <= MAX_KEY) &&
    Number.isInteger(f.index) &&
    f.index >= 0 &&
    f.index < 10_000
  );
}

function fieldChars(field: unknown): number | undefined {
  const f = field as DraftField;
  if (!f || typeof f !== 'object' || typeof f.key !== 'string' || !f.key || f.key.length > MAX_KEY) return undefined;
  if (f.label !== undefined && (typeof f.label !== 'string' || f.label.length > MAX_LABEL)) return undefined;
  switch (f.kind) {
    case 'text':
      return typeof f.value === 'string' ? f.value.length : undefined;
    case 'editable':
      return typeof f.text === 'string' ? f.text.length : undefined;
    case 'check':
      return typeof f.value === 'string' && typeof f.checked === 'boolean' ? f.value.length : undefined;
    case 'select':
      return Array.isArray(f.selected) && f.selected.length <= 1_000 && f.selected.every((s) => typeof s === 'string')
        ? f.selected.reduce((sum, s) => sum + s.length, 0)
        : undefined;
    default:
      return undefined;
  }
}

/** True when `data` is a well-formed save within the bounds, else why not (`malformed`, `draftTooLarge`). Nothing in it is trusted beyond its shape. */
export function validateDraftSave(data: unknown): true | Failure {
  const malformed = failure('malformed', undefined, 'draft');
  const save = data as DraftSave;
  if (!save || typeof save !== 'object') return malformed;
  if (
    typeof save.doc !== 'string' ||
    !save.doc ||
    save.doc.length > MAX_DOC ||
    typeof save.title !== 'string' ||
    save.title.length > MAX_TITLE
  )
    return malformed;
  if (!Array.isArray(save.forms) || save.forms.length > MAX_FORMS) return malformed;
  let chars = 0;
  for (const form of save.forms) {
    if (
      !form ||
      typeof form !== 'object' ||
      !Number.isInteger(form.slot) ||
      form.slot < 0 ||
      form.slot > 100_000 ||
      typeof form.cleared !== 'boolean'
    )
      return malformed;
    if (!isFormKey(form.form) || !Array.isArray(form.fields) || form.fields.length > MAX_FIELDS) return malformed;
    for (const field of form.fields) {
      const n = fieldChars(field);
      if (n === undefined) return malformed;
      chars += n;
    }
  }
  if (chars > MAX_DRAFT_CHARS) return failure('draftTooLarge');
  return true;
}

/** What a page is told about a draft it may restore: never the values (those come only when the person asks). */
export interface DraftOffer {
  id: string;
  /** When it was last typed in (epoch ms). */
  at: number;
  form: FormKey;
  /** A short preview of the typed text; absent while the vault is locked. */
  preview?: string;
  /** Sealed, and the vault is locked: the passphrase is needed to restore it. */
  locked: boolean;
}

/** The draft, now waiting for outbox item `itemId` (state `queued`): its submission was queued. */
export function queuedFor(draft: DraftRecord, itemId: string, now: number): DraftRecord {
  return { ...draft, state: nextDraftState(draft.state, 'queued') as DraftState, stateSince: now, itemId };
}
