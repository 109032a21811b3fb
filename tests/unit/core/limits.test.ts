import { t } from '@/utils/i18n';
import { failureWords } from '@/utils/platform/words';
import type { Failure } from '@/utils/core/failure';
import { describe, expect, it } from 'vitest';
import { formatBytes } from '@/utils/core/format-bytes';
import { checkLimits, MAX_ENTRIES, MAX_FILE_BYTES, MAX_TEXT_CHARS } from '@/utils/core/limits';

const MB = 1000 * 1000;

const words = (failure: Failure | undefined) => failure && failureWords(failure, t);

describe('constants', () => {
  it('are the documented values', () => {
    expect(MAX_FILE_BYTES).toBe(200 * MB);
    expect(MAX_TEXT_CHARS).toBe(16 * MB);
    expect(MAX_ENTRIES).toBe(20_000);
  });
});

describe('formatBytes', () => {
  // Decimal units, as disks are sold and as the settings page shows storage.
  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1000, '1 kB'],
    [1536, '1.5 kB'],
    [10_000, '10 kB'],
    [999_999, '1,000 kB'],
    [1_000_000, '1 MB'],
    [12_340_000, '12.3 MB'],
    [MAX_FILE_BYTES, '200 MB'],
    [5_000_000_000, '5 GB'],
    [2_048_000_000_000, '2 TB'],
  ])('%d -> %s', (bytes, text) => {
    expect(formatBytes(bytes, 'en')).toBe(text);
  });
});

describe('checkLimits', () => {
  it('accepts an empty form and one right at every limit', () => {
    expect(words(checkLimits([]))).toBeUndefined();
    expect(words(checkLimits([{ name: 'f', size: MAX_FILE_BYTES }]))).toBeUndefined();
    expect(words(checkLimits([{ name: 'ab', value: 'x'.repeat(MAX_TEXT_CHARS - 2) }]))).toBeUndefined();
    expect(words(checkLimits(Array.from({ length: MAX_ENTRIES }, () => ({ name: 'a', value: '' }))))).toBeUndefined();
  });

  it('refuses too many fields', () => {
    expect(words(checkLimits(Array.from({ length: MAX_ENTRIES + 1 }, () => ({ name: 'a', value: '' }))))).toBe(
      'This form has 20001 fields; Form Outbox saves at most 20000.',
    );
  });

  it('refuses files that add up to more than the limit', () => {
    expect(
      words(
        checkLimits([
          { name: 'a', size: 150 * MB },
          { name: 'b', size: 100 * MB },
          { name: 't', value: 'x' },
        ]),
      ),
    ).toBe('The files in this form add up to 250 MB; Form Outbox saves at most 200 MB per submission.');
    expect(words(checkLimits([{ name: 'f', size: MAX_FILE_BYTES + 1 }]))).toBe(
      'The files in this form add up to 200 MB; Form Outbox saves at most 200 MB per submission.',
    );
  });

  it('refuses too much text, counting names and values', () => {
    expect(words(checkLimits([{ name: 'ab', value: 'x'.repeat(MAX_TEXT_CHARS - 1) }]))).toBe(
      'This form holds more text than Form Outbox can save (32 MB).',
    );
    expect(
      words(checkLimits([{ name: 'x'.repeat(MAX_TEXT_CHARS / 2) }, { name: 'y'.repeat(MAX_TEXT_CHARS / 2 + 1) }])),
    ).toBe('This form holds more text than Form Outbox can save (32 MB).');
  });
});
