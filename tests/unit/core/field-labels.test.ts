import { describe, expect, it } from 'vitest';
import { checkFieldLabels, cleanLabel, MAX_LABEL_CHARS } from '@/utils/core/field-labels';

describe('cleanLabel', () => {
  it('collapses whitespace and trims', () => {
    expect(cleanLabel('  Email\n\t address  ')).toBe('Email address');
    expect(cleanLabel(' \n ')).toBe('');
  });

  it('drops controls, bidi overrides, zero widths and line separators', () => {
    expect(cleanLabel('Na\u202Eme\u200B\u0007x\u2028y')).toBe('Na me x y');
  });

  it('caps the length at a code point boundary, marking the cut', () => {
    const cut = cleanLabel('\u{1F600}'.repeat(500));
    expect(Array.from(cut)).toHaveLength(MAX_LABEL_CHARS);
    expect(cut.endsWith('\u2026')).toBe(true);
    expect(cleanLabel('x'.repeat(MAX_LABEL_CHARS))).toBe('x'.repeat(MAX_LABEL_CHARS));
  });

  it('is stable: a clean label cleans to itself (what the checks rely on)', () => {
    for (const text of ['Email', 'x'.repeat(1000), ' a  b ', 'Na\u202Eme'])
      expect(cleanLabel(cleanLabel(text))).toBe(cleanLabel(text));
  });
});

describe('checkFieldLabels', () => {
  const names = new Set(['a', 'b']);
  it('accepts clean labels for names it has', () => {
    expect(
      checkFieldLabels(
        [
          { name: 'a', label: 'Amount' },
          { name: 'b', label: 'Bank' },
        ],
        names,
      ),
    ).toBe(true);
    expect(checkFieldLabels([], names)).toBe(true);
  });

  it('refuses what the capture code would never send', () => {
    expect(checkFieldLabels('x', names)).not.toBe(true);
    expect(checkFieldLabels([{ name: 'c', label: 'C' }], names)).not.toBe(true);
    expect(checkFieldLabels([{ name: 'a', label: ' padded ' }], names)).not.toBe(true);
    expect(checkFieldLabels([{ name: 'a' }], names)).not.toBe(true);
    expect(
      checkFieldLabels(
        [
          { name: 'a', label: 'A' },
          { name: 'a', label: 'A' },
        ],
        names,
      ),
    ).not.toBe(true);
    expect(checkFieldLabels([{ name: 'a', label: 'x'.repeat(MAX_LABEL_CHARS + 1) }], names)).not.toBe(true);
    expect(
      checkFieldLabels(
        [
          { name: 'a', label: 'A' },
          { name: 'b', label: 'B' },
          { name: 'a', label: 'A' },
        ],
        names,
      ),
    ).not.toBe(true);
  });
});
