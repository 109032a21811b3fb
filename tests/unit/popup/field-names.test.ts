import { describe, expect, it } from 'vitest';
import { fieldLabelLookup, isSensitive } from '@/utils/popup/field-labels';

describe('fieldLabelLookup', () => {
  it('names a field by its label, keeping the raw name', () => {
    const lookup = fieldLabelLookup({
      source: {
        pageUrl: '',
        pageTitle: '',
        referrerPolicy: '',
        fieldLabels: [{ name: 'fld_1', label: 'Email address' }],
      },
    });
    expect(lookup('fld_1')).toEqual({ name: 'fld_1', label: 'Email address' });
    expect(lookup('other')).toEqual({ name: 'other' });
  });

  it('works for items captured before labels were kept, and for names like "__proto__"', () => {
    expect(fieldLabelLookup({ source: { pageUrl: '', pageTitle: '', referrerPolicy: '' } })('constructor')).toEqual({
      name: 'constructor',
    });
    const lookup = fieldLabelLookup({
      source: {
        pageUrl: '',
        pageTitle: '',
        referrerPolicy: '',
        fieldLabels: [{ name: '__proto__', label: 'Prototype' }],
      },
    });
    expect(lookup('__proto__')).toEqual({ name: '__proto__', label: 'Prototype' });
    expect(lookup('toString')).toEqual({ name: 'toString' });
  });
});

describe('isSensitive', () => {
  it('hides by name, or by the label the person saw', () => {
    expect(isSensitive({ name: 'password' })).toBe(true);
    expect(isSensitive({ name: 'f7', label: 'PIN' })).toBe(true);
    expect(isSensitive({ name: 'f7', label: 'Access token' })).toBe(true);
    // Control: an ordinary label does not hide anything.
    expect(isSensitive({ name: 'f7', label: 'Shipping address' })).toBe(false);
    // A harmless label never un-hides a sensitive name.
    expect(isSensitive({ name: 'password', label: 'Favourite colour' })).toBe(true);
  });
});
