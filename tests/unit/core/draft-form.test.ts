import { describe, expect, it } from 'vitest';
import {
  draftPreview,
  draftText,
  fieldName,
  formMatchScore,
  namesOf,
  pageKeyOf,
  recognizeForm,
  type DraftField,
  type FormKey,
} from '@/utils/core/draft-form';

const form = (names: string[], action = 'https://shop.example/order', index = 0): FormKey => ({
  kind: 'form',
  action,
  names: [...names].sort(),
  index,
});

describe('pageKeyOf', () => {
  it('is the origin and path: query and fragment do not count, other schemes have none', () => {
    expect(pageKeyOf('https://Shop.example:443/a/b?x=1#top')).toBe('https://shop.example/a/b');
    expect(pageKeyOf('http://127.0.0.1:8080/form')).toBe('http://127.0.0.1:8080/form');
    expect(pageKeyOf('file:///etc/passwd')).toBeUndefined();
    expect(pageKeyOf('not a url')).toBeUndefined();
  });
});

describe('field keys and names', () => {
  it('takes the name part of a repeated key, and lists names sorted once', () => {
    expect(fieldName('phone~2')).toBe('phone');
    expect(fieldName('~weird')).toBe('~weird');
    expect(namesOf([{ key: 'b' }, { key: 'a~2' }, { key: 'a' }])).toEqual(['a', 'b']);
  });
});

describe("recognizeForm: the draft's form on a later visit", () => {
  const target = form(['email', 'message', 'subject']);

  it('finds the form with the same action and field names, wherever it is now', () => {
    const candidates = [
      form(['q'], 'https://shop.example/search', 0),
      form(['email', 'message', 'subject'], 'https://shop.example/order', 1),
    ];
    expect(recognizeForm(target, candidates)).toBe(1);
  });

  it('still finds it when the page added a field or the action changed, if most names are shared', () => {
    expect(
      recognizeForm(target, [form(['email', 'message', 'subject', 'phone'], 'https://shop.example/v2/order', 3)]),
    ).toBe(0);
    // Same action, one name in common: the action tells.
    expect(recognizeForm(target, [form(['email', 'name', 'company', 'vat'], 'https://shop.example/order')])).toBe(0);
  });

  it('does not take a different form (controls: names mostly different, another kind)', () => {
    expect(recognizeForm(target, [form(['q'], 'https://shop.example/search')])).toBe(-1);
    expect(recognizeForm(target, [form(['email', 'name', 'company', 'vat'], 'https://other.example/x')])).toBe(-1);
    expect(recognizeForm(target, [{ ...target, kind: 'page' }])).toBe(-1);
    expect(recognizeForm({ ...target, names: [] }, [{ ...target, names: [] }])).toBe(-1);
  });

  it('between two identical forms, prefers the one at the same position', () => {
    const twins = [
      form(['email', 'message', 'subject'], 'https://shop.example/order', 0),
      form(['email', 'message', 'subject'], 'https://shop.example/order', 1),
    ];
    expect(recognizeForm({ ...target, index: 1 }, twins)).toBe(1);
    expect(recognizeForm({ ...target, index: 0 }, twins)).toBe(0);
    expect(formMatchScore(target, twins[0])).toBeGreaterThan(formMatchScore(target, twins[1]));
  });
});

const fields: DraftField[] = [
  { key: 'subject', kind: 'text', value: 'Printer', label: 'Subject' },
  { key: 'message', kind: 'text', value: 'Line one\n\n  line   two', label: 'Message' },
  { key: 'urgent', kind: 'check', value: 'yes', checked: true },
  { key: 'topic', kind: 'select', selected: ['billing'] },
  { key: '#editor', kind: 'editable', text: '' },
];

describe('previews and text', () => {
  it('previews the typed text with whitespace collapsed, and cuts long text with an ellipsis', () => {
    expect(draftPreview(fields)).toBe('Printer · Line one line two');
    const long = draftPreview([{ key: 'a', kind: 'text', value: 'ü'.repeat(200) }], 10);
    expect([...long]).toHaveLength(10);
    expect(long.endsWith('\u2026')).toBe(true);
  });

  it('previews boxes and choices when nothing was typed', () => {
    expect(draftPreview(fields.slice(2))).toBe('yes, billing');
  });

  it("copies one field's text as it is, several as labelled paragraphs", () => {
    expect(draftText([fields[1]])).toBe('Line one\n\n  line   two');
    expect(draftText(fields)).toBe('Subject: Printer\n\nMessage: Line one\n\n  line   two');
  });
});
