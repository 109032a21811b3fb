import { describe, expect, it } from 'vitest';
import { readImportedItem } from '@/utils/core/import-reading';
import { buildItem } from '../item-builder';

const NOW = 1_800_000_000_000;

/** An item as an export file holds it (text entries only). */
function exported(source: Record<string, unknown>) {
  const item = buildItem({ id: 'imp-1' }, { origin: 'https://shop.example', at: NOW - 1000 });
  return {
    ...item,
    request: { ...item.request, entries: [{ name: 'email', value: 'ana@example.com' }] },
    source: { ...item.source, ...source },
  };
}

describe('readImportedItem and the labels a person saw', () => {
  it('keeps the field labels of an exported item', () => {
    const read = readImportedItem(exported({ fieldLabels: [{ name: 'email', label: 'Your e-mail' }] }), NOW);
    expect(typeof read).toBe('object');
    expect((read as { source: { fieldLabels?: unknown } }).source.fieldLabels).toEqual([
      { name: 'email', label: 'Your e-mail' },
    ]);
  });

  it('refuses labels that a page could not have sent (control: the same item without them imports)', () => {
    expect(typeof readImportedItem(exported({}), NOW)).toBe('object');
    expect(typeof readImportedItem(exported({ fieldLabels: [{ name: 'email', label: 42 }] }), NOW)).toBe('string');
  });
});
