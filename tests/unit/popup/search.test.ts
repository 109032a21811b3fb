import { describe, expect, it } from 'vitest';
import type { DraftRecord } from '@/utils/core/draft-record';
import { draftMatches, fold, itemMatches, queryTerms } from '@/utils/popup/search';
import { makeItem } from './fixtures';

const draft: DraftRecord = {
  id: 'd',
  pageKey: 'https://shop.example/order',
  origin: 'https://shop.example',
  form: { kind: 'form', action: '', names: [], index: 0 },
  state: 'editing',
  stateSince: 0,
  writer: 'w',
  createdAt: 0,
  updatedAt: 0,
  content: {
    pageUrl: 'https://shop.example/order',
    pageTitle: 'Bestellung',
    fields: [
      { key: 'notes', kind: 'text', value: 'Zoë Ångström', label: 'Notes' },
      { key: 'urgent', kind: 'check', value: 'yes', checked: false },
    ],
  },
};

describe('search', () => {
  it('folds case and accents', () => {
    expect(fold('Zoë ÅNGSTRÖM')).toBe('zoe angstrom');
    expect(queryTerms('  Zoe   angstrom ')).toEqual(['zoe', 'angstrom']);
  });

  it('matches a draft when every word is in its page, title or values', () => {
    expect(draftMatches(draft, queryTerms('zoe bestellung'))).toBe(true);
    expect(draftMatches(draft, queryTerms('shop.example angstrom'))).toBe(true);
    expect(draftMatches(draft, queryTerms('zoe missing'))).toBe(false);
    // An unchecked box's value is not something typed.
    expect(draftMatches(draft, queryTerms('yes'))).toBe(false);
    expect(draftMatches(draft, [])).toBe(false);
  });

  it('matches a sealed draft by what stays readable (its page)', () => {
    const { content: _c, ...sealed } = draft;
    expect(draftMatches(sealed as DraftRecord, queryTerms('order'))).toBe(true);
    expect(draftMatches(sealed as DraftRecord, queryTerms('zoe'))).toBe(false);
  });

  it('matches a queued item by its page, target, values and file names', () => {
    const item = makeItem();
    expect(itemMatches(item, queryTerms('widget'))).toBe(true);
    expect(itemMatches(item, queryTerms('valve.jpg'))).toBe(true);
    expect(itemMatches(item, queryTerms('new order'))).toBe(true);
    expect(itemMatches(item, queryTerms('gizmo'))).toBe(false);
  });

  it('matches a queued item by the labels its fields had on the page', () => {
    const item = makeItem();
    expect(itemMatches(item, queryTerms('delivery date'))).toBe(false);
    item.source.fieldLabels = [{ name: 'item', label: 'Delivery date' }];
    expect(itemMatches(item, queryTerms('delivery date'))).toBe(true);
  });
});
