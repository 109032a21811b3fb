/**
 * The popup's search across drafts and queued items (pure). Every word of the query must occur in
 * what is searched (the page's title and address, the form's target, the typed values), ignoring
 * case and accents. Sealed records that could not be opened are searched by what is readable (site
 * and path).
 */
import { fieldName, type DraftField } from '../core/draft-form';
import type { DraftRecord } from '../core/draft-record';
import type { OutboxItem } from '../core/types';

/** Lower case, accents removed: "Ångström" matches "angstrom". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** The words of a query, folded. */
export function queryTerms(query: string): string[] {
  return fold(query).split(/\s+/).filter(Boolean);
}

function fieldText(field: DraftField): string {
  const name = `${fieldName(field.key)} ${field.label ?? ''}`;
  switch (field.kind) {
    case 'text':
      return `${name} ${field.value}`;
    case 'editable':
      return `${name} ${field.text}`;
    case 'check':
      return field.checked ? `${name} ${field.value}` : '';
    case 'select':
      return `${name} ${field.selected.join(' ')}`;
  }
}

function matches(haystack: string, terms: readonly string[]): boolean {
  const folded = fold(haystack);
  return terms.every((term) => folded.includes(term));
}

/** Whether a draft (opened if possible) matches every term. */
export function draftMatches(draft: DraftRecord, terms: readonly string[]): boolean {
  if (!terms.length) return false;
  const content = draft.content;
  const text = [
    draft.pageKey,
    content?.pageUrl ?? '',
    content?.pageTitle ?? '',
    ...(content?.fields ?? []).map(fieldText),
  ].join('\n');
  return matches(text, terms);
}

/** Whether a queued item (opened if possible) matches every term. */
export function itemMatches(item: OutboxItem, terms: readonly string[]): boolean {
  if (!terms.length) return false;
  const values = item.request.entries.map((entry) =>
    'file' in entry ? `${entry.name} ${entry.file.name}` : `${entry.name} ${entry.value}`,
  );
  // The labels the person saw ("Delivery date") find an item as well as the raw names do.
  const labels = (item.source.fieldLabels ?? []).map((field) => field.label);
  return matches(
    [item.source.pageUrl, item.source.pageTitle, item.request.url, ...values, ...labels].join('\n'),
    terms,
  );
}
