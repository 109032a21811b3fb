/**
 * How the popup names a field: by the label the person saw on the page (kept at submit time, see
 * capture/field-labels.ts), with the raw field name as secondary text; by the name alone for items
 * captured before labels were kept, or fields the page gave no label.
 */
import type { OutboxItem } from '../core/types';
import { isSensitiveField } from './mask';

/** A field as the popup names it. `label` is undefined when the name is all there is. */
export interface FieldName {
  name: string;
  label?: string;
}

/** A lookup of the item's field labels by field name (a Map: a page's field may be called "__proto__"). */
export function fieldLabelLookup(item: Pick<OutboxItem, 'source'>): (name: string) => FieldName {
  const labels = new Map<string, string>();
  for (const { name, label } of item.source.fieldLabels ?? []) if (label && label !== name) labels.set(name, label);
  return (name) => {
    const label = labels.get(name);
    return label === undefined ? { name } : { name, label };
  };
}

/**
 * Whether the value of this field should be hidden: by its name, or by the label the person saw
 * (a field called "f7" labelled "PIN" is a PIN). Only ever hides more than the name alone would.
 */
export function isSensitive(field: FieldName): boolean {
  return isSensitiveField(field.name) || (field.label !== undefined && isSensitiveField(field.label));
}
