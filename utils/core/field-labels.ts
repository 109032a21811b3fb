/**
 * Field labels as Form Outbox keeps them: plain text, one line, short. The capture code cleans what
 * it reads from the page with `cleanLabel`; the worker (wire-validation.ts) and the record check
 * (item-validation.ts) accept only labels that are already clean, since a page controls the text.
 */
import type { FieldLabel } from './types';

/** Longest label kept, in characters (code points); longer ones are cut with an ellipsis. */
export const MAX_LABEL_CHARS = 120;
/** Longest field name a label is kept for (a longer name is shown as it is). */
export const MAX_LABELLED_NAME_CHARS = 1000;

/** Controls, format characters (bidi overrides, zero widths), separators and private use: never kept. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/gu;

/** `text` as a label: unsafe characters out, whitespace collapsed, trimmed, cut to MAX_LABEL_CHARS; '' when nothing is left. */
export function cleanLabel(text: string): string {
  const clean = text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(clean);
  return chars.length <= MAX_LABEL_CHARS
    ? clean
    : `${chars
        .slice(0, MAX_LABEL_CHARS - 1)
        .join('')
        .trimEnd()}\u2026`;
}

/**
 * `true`, or why `labels` is not a well-formed list of field labels for a submission with the
 * entry names `names`: at most one label per name, each for a name the submission has, each label
 * already clean and non-empty.
 */
export function checkFieldLabels(labels: unknown, names: ReadonlySet<string>): true | string {
  if (!Array.isArray(labels)) return 'The field labels are not a list.';
  if (labels.length > names.size) return 'There are more field labels than fields.';
  const seen = new Set<string>();
  for (const entry of labels as unknown[]) {
    const { name, label } = (entry ?? {}) as Partial<FieldLabel>;
    if (typeof name !== 'string' || name.length > MAX_LABELLED_NAME_CHARS || !names.has(name) || seen.has(name)) {
      return 'A field label names no field of the submission.';
    }
    if (typeof label !== 'string' || label === '' || cleanLabel(label) !== label)
      return `The label of the field ${name} is not plain short text.`;
    seen.add(name);
  }
  return true;
}
