import { describe, expect, it } from 'vitest';
import { isHttpUrl, isWellFormedItem } from '@/utils/core/item-validation';
import type { OutboxItem } from '@/utils/core/types';
import { buildItem } from '../item-builder';

function good(): OutboxItem {
  return buildItem(
    {
      id: 'id-1',
      fingerprint: 'fp',
      request: {
        method: 'POST',
        url: 'https://a.test/post',
        enctype: 'multipart/form-data',
        entries: [
          { name: 'a', value: '1' },
          { name: 'f', file: { name: 'x.bin', type: '', lastModified: 0, blob: new Blob(['x']) } },
        ],
      },
      source: { pageUrl: 'https://a.test/', pageTitle: '', referrerPolicy: '' },
    },
    { origin: 'https://a.test', at: 1 },
  );
}

/** A copy of the good item with `mutate` applied, as unknown data. */
function broken(mutate: (row: any) => void): unknown {
  const row: any = good();
  row.request = { ...row.request, entries: row.request.entries.map((e: object) => ({ ...e })) };
  mutate(row);
  return row;
}

describe('isHttpUrl', () => {
  it('accepts http and https URLs only', () => {
    expect(isHttpUrl('http://a.test/')).toBe(true);
    expect(isHttpUrl('HTTPS://A.TEST/x')).toBe(true);
    for (const bad of [
      'ftp://a.test/',
      'javascript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      '/relative',
      '',
      'http//missing-colon',
    ]) {
      expect(isHttpUrl(bad), bad).toBe(false);
    }
    expect(isHttpUrl(42)).toBe(false);
    expect(isHttpUrl(undefined)).toBe(false);
  });
});

describe('isWellFormedItem', () => {
  it('accepts a good item in every status', () => {
    for (const status of ['pending', 'sending', 'sent', 'failed'])
      expect(
        isWellFormedItem(
          broken((r) => {
            r.status = status;
          }),
        ),
      ).toBe(true);
  });

  it.each<[string, (row: any) => void, string]>([
    [
      'no id',
      (r) => {
        delete r.id;
      },
      'no id',
    ],
    [
      'empty id',
      (r) => {
        r.id = '';
      },
      'no id',
    ],
    [
      'seq as text',
      (r) => {
        r.seq = '1';
      },
      'no sequence number',
    ],
    [
      'unknown status',
      (r) => {
        r.status = 'queued';
      },
      'unknown status queued',
    ],
    [
      'no request',
      (r) => {
        r.request = null;
      },
      'no request',
    ],
    [
      'PUT',
      (r) => {
        r.request.method = 'PUT';
      },
      'unsupported method PUT',
    ],
    [
      'javascript: target',
      (r) => {
        r.request.url = 'javascript:alert(1)';
      },
      'target is not an http(s) URL',
    ],
    [
      'unknown enctype',
      (r) => {
        r.request.enctype = 'application/json';
      },
      'unknown enctype application/json',
    ],
    [
      'entries not a list',
      (r) => {
        r.request.entries = {};
      },
      'no entries',
    ],
    [
      'entry without name',
      (r) => {
        r.request.entries[0] = { value: 'x' };
      },
      'an entry has no name',
    ],
    [
      'null entry',
      (r) => {
        r.request.entries[0] = null;
      },
      'an entry has no name',
    ],
    [
      'text entry without value',
      (r) => {
        r.request.entries[0] = { name: 'a' };
      },
      'entry a has no value',
    ],
    [
      'file entry without blob',
      (r) => {
        r.request.entries[1].file = { name: 'x.bin', type: '' };
      },
      'file entry f has no bytes',
    ],
    [
      'file entry with bytes as array',
      (r) => {
        r.request.entries[1].file = { name: 'x.bin', type: '', blob: [1, 2] };
      },
      'file entry f has no bytes',
    ],
    [
      'file entry null',
      (r) => {
        r.request.entries[1].file = null;
      },
      'file entry f has no bytes',
    ],
    [
      'no nextAttemptAt',
      (r) => {
        delete r.nextAttemptAt;
      },
      'no schedule',
    ],
    [
      'no attempts',
      (r) => {
        delete r.attempts;
      },
      'no schedule',
    ],
  ])('refuses %s', (_label, mutate, why) => {
    expect(isWellFormedItem(broken(mutate))).toBe(why);
  });

  it('refuses non-objects', () => {
    expect(isWellFormedItem(null)).toBe('not an object');
    expect(isWellFormedItem('item')).toBe('not an object');
    expect(isWellFormedItem(undefined)).toBe('not an object');
  });

  it('accepts an item with clean field labels, and one without (written before labels were kept)', () => {
    const labelled = good();
    labelled.source.fieldLabels = [{ name: 'a', label: 'Amount' }];
    expect(isWellFormedItem(labelled)).toBe(true);
    expect(isWellFormedItem(good())).toBe(true);
  });

  it.each<[string, unknown]>([
    ['not a list', 'Amount'],
    ['for a field the item does not have', [{ name: 'zzz', label: 'Amount' }]],
    ['too long', [{ name: 'a', label: 'x'.repeat(1000) }]],
    ['with a line break', [{ name: 'a', label: 'A\nB' }]],
  ])('finds field labels %s damaged', (_, fieldLabels) => {
    expect(
      isWellFormedItem(
        broken((row) => {
          row.source = { ...row.source, fieldLabels };
        }),
      ),
    ).toBe('damaged field labels');
  });
});
