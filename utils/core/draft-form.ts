/**
 * Drafts: what a person typed into a form before submitting it, as plain data, and how a form is
 * recognised again on a later visit. Pure: the DOM side (reading and filling fields) is
 * utils/capture/draft-fields.ts.
 *
 * A form is known by its key: its kind (a <form>, or the page's controls and editors outside any
 * form), its action (origin and path only), the names of its fields and its position among the
 * page's forms. A later visit's form is the same form when enough of that matches (recognizeForm).
 */

/** One field of a draft. `key` is unique within the form (see the DOM reader for how it is made). */
export type DraftField =
  | { key: string; kind: 'text'; value: string; label?: string }
  | { key: string; kind: 'check'; value: string; checked: boolean; label?: string }
  | { key: string; kind: 'select'; selected: string[]; label?: string }
  | { key: string; kind: 'editable'; text: string; label?: string };

/** How a form is recognised on a later visit. */
export interface FormKey {
  /** `form`: a <form> element; `page`: the controls and editors of the page outside any form. */
  kind: 'form' | 'page';
  /** The form's action, origin and path only ('' for `page`). */
  action: string;
  /** The names of its fields (the part of each field key before any `~n`), sorted, unique. */
  names: string[];
  /** Its position among the page's forms (0 for `page`). */
  index: number;
}

/** `url`'s origin and path (no query, no fragment): the page a draft belongs to. Undefined unless http(s). */
export function pageKeyOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

/** The name part of a field key: `comment~2` -> `comment`. */
export function fieldName(key: string): string {
  const at = key.lastIndexOf('~');
  return at > 0 ? key.slice(0, at) : key;
}

/** Sorted unique names of `fields`. */
export function namesOf(fields: readonly { key: string }[]): string[] {
  return [...new Set(fields.map((field) => fieldName(field.key)))].sort();
}

function overlap(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const set = new Set(a);
  const common = b.filter((name) => set.has(name)).length;
  return common / (a.length + b.length - common);
}

/**
 * How well `candidate` matches the draft's form `target`, or 0 when it is not the same form. Same
 * kind, and either most of the field names in common (at least half of all names of both) or the
 * same action with some names in common; the action and the position break ties.
 */
export function formMatchScore(target: FormKey, candidate: FormKey): number {
  if (target.kind !== candidate.kind) return 0;
  const names = overlap(target.names, candidate.names);
  const sameAction = target.action === candidate.action;
  if (names < 0.5 && !(sameAction && names > 0)) return 0;
  return names * 10 + (sameAction ? 5 : 0) + (target.index === candidate.index ? 1 : 0);
}

/** The index in `candidates` of the form that is the draft's form `target`, or -1. */
export function recognizeForm(target: FormKey, candidates: readonly FormKey[]): number {
  let best = -1;
  let bestScore = 0;
  candidates.forEach((candidate, index) => {
    const score = formMatchScore(target, candidate);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

/** Whether a field holds something a person put there (text, a checked box, a choice). */
export function hasContent(field: DraftField): boolean {
  switch (field.kind) {
    case 'text':
      return field.value.trim() !== '';
    case 'editable':
      return field.text.trim() !== '';
    case 'check':
      return field.checked;
    case 'select':
      return field.selected.length > 0;
  }
}

/** The typed text of a field, or undefined for boxes and choices. */
function typed(field: DraftField): string | undefined {
  if (field.kind === 'text') return field.value;
  if (field.kind === 'editable') return field.text;
  return undefined;
}

/** A one-line preview of what was typed: the text fields' words, whitespace collapsed, at most `max` characters. */
export function draftPreview(fields: readonly DraftField[], max = 120): string {
  const words = fields
    .map(typed)
    .filter((text): text is string => !!text && text.trim() !== '')
    .map((text) => text.replace(/\s+/g, ' ').trim())
    .join(' · ');
  const text =
    words ||
    fields
      .filter((f) => f.kind !== 'text' && f.kind !== 'editable' && hasContent(f))
      .map((f) => (f.kind === 'select' ? f.selected.join(', ') : f.kind === 'check' ? f.value : ''))
      .join(', ');
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}\u2026` : text;
}

/**
 * The draft's text for the clipboard: one field's text as it is (line breaks kept); several fields
 * as "label: text" paragraphs.
 */
export function draftText(fields: readonly DraftField[]): string {
  const texts = fields
    .map((field) => ({ field, text: typed(field) }))
    .filter((f): f is { field: DraftField; text: string } => !!f.text && f.text.trim() !== '');
  if (texts.length === 1) return texts[0].text;
  return texts.map(({ field, text }) => `${field.label || fieldName(field.key)}: ${text}`).join('\n\n');
}
