import { describe, expect, it } from 'vitest';
import { MAX_ENTRIES } from '@/utils/core/limits';
import { validateWireSubmission } from '@/utils/core/wire-validation';
import type { WireSubmission } from '@/utils/messaging';

function good(): WireSubmission {
  return {
    method: 'POST',
    url: 'https://shop.example/submit',
    enctype: 'multipart/form-data',
    entries: [
      { name: 'name', value: 'Ada' },
      {
        name: 'cv',
        file: { index: 0, name: 'cv.pdf', type: 'application/pdf', size: 1234, lastModified: 1_700_000_000_000 },
      },
      { name: 'photo', file: { index: 1, name: '', type: '', size: 0, lastModified: 0 } },
    ],
    page: { url: 'https://shop.example/form', title: 'Apply', referrerPolicy: 'strict-origin-when-cross-origin' },
    uploadId: 'upload-1',
  };
}

function withChange(mutate: (s: any) => void): unknown {
  const s: any = structuredClone(good());
  mutate(s);
  return s;
}

const NOT_HTTP = { code: 'notHttp' };

describe('validateWireSubmission', () => {
  it('accepts clean field labels for fields it has, and none (older capture code)', () => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.fieldLabels = [
            { name: 'name', label: 'Your name' },
            { name: 'cv', label: 'CV (PDF)' },
          ];
        }),
      ),
    ).toBe(true);
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.fieldLabels = [];
        }),
      ),
    ).toBe(true);
  });

  it.each<[string, unknown]>([
    ['not a list', { name: 'name', label: 'x' }],
    ['a label for a field it does not have', [{ name: 'other', label: 'x' }]],
    [
      'two labels for one field',
      [
        { name: 'name', label: 'x' },
        { name: 'name', label: 'y' },
      ],
    ],
    ['an empty label', [{ name: 'name', label: '' }]],
    ['a label with markup-free but unclean text (line break)', [{ name: 'name', label: 'a\nb' }]],
    ['a label with a bidi override', [{ name: 'name', label: 'a\u202Eb' }]],
    ['a label past the length limit', [{ name: 'name', label: 'x'.repeat(500) }]],
    ['a label that is not text', [{ name: 'name', label: 42 }]],
    ['more labels than fields', Array.from({ length: 4 }, (_, i) => ({ name: `n${i}`, label: 'x' }))],
    ['a null in the list', [null]],
  ])('refuses field labels that are %s', (_, fieldLabels) => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.fieldLabels = fieldLabels;
        }),
      ),
    ).toMatchObject({ code: 'malformed', detail: expect.stringMatching(/label/) });
  });

  it('accepts a good submission, with and without files', () => {
    expect(validateWireSubmission(good())).toBe(true);
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.entries = [{ name: 'q', value: '' }];
          delete s.uploadId;
          s.method = 'GET';
        }),
      ),
    ).toBe(true);
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.entries = [];
          s.enctype = 'text/plain';
          s.url = 'http://127.0.0.1:8080/x';
        }),
      ),
    ).toBe(true);
  });

  it.each([
    'javascript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'mailto:someone@example.com',
    'chrome-extension://abcdefghijklmnop/page.html',
    'file:///etc/passwd',
    'ftp://files.example/upload',
    '/relative/path',
    'not a url',
  ])('refuses target %s', (url) => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.url = url;
        }),
      ),
    ).toEqual(NOT_HTTP);
  });

  it('refuses non-objects', () => {
    for (const value of [null, undefined, 'x', 42])
      expect(validateWireSubmission(value)).toMatchObject({ code: 'malformed' });
  });

  it('refuses other methods', () => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.method = 'PUT';
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.method = 'post';
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
  });

  it('refuses an unknown enctype', () => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.enctype = 'application/json';
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
  });

  it('accepts a known body format and refuses an unknown one', () => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.enctype = 'text/plain';
          s.bodyFormat = 'application/x-www-form-urlencoded';
        }),
      ),
    ).toBe(true);
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.bodyFormat = 'application/json';
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
  });

  it.each<[string, (s: any) => void]>([
    [
      'no page',
      (s) => {
        delete s.page;
      },
    ],
    [
      'a javascript: page',
      (s) => {
        s.page.url = 'javascript:void 0';
      },
    ],
    [
      'a chrome-extension: page',
      (s) => {
        s.page.url = 'chrome-extension://abc/popup.html';
      },
    ],
    [
      'a title that is not text',
      (s) => {
        s.page.title = 5;
      },
    ],
    [
      'an oversized title',
      (s) => {
        s.page.title = 'x'.repeat(10_001);
      },
    ],
    [
      'an oversized referrer policy',
      (s) => {
        s.page.referrerPolicy = 'x'.repeat(101);
      },
    ],
    [
      'no referrer policy',
      (s) => {
        delete s.page.referrerPolicy;
      },
    ],
  ])('refuses %s', (_label, mutate) => {
    expect(validateWireSubmission(withChange(mutate))).toMatchObject({ code: 'malformed' });
  });

  it('refuses a missing or oversized field list', () => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.entries = 'a=1';
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.entries = Array.from({ length: MAX_ENTRIES + 1 }, () => ({ name: 'a', value: '' }));
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
  });

  it('refuses fields without a name or text value', () => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.entries[0] = { value: 'x' };
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.entries[0] = null;
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.entries[0].value = 7;
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
  });

  it.each<[string, (f: any) => void]>([
    [
      'no file object',
      (f) => {
        for (const k of Object.keys(f)) delete f[k];
        f.broken = true;
      },
    ],
    [
      'a negative index',
      (f) => {
        f.index = -1;
      },
    ],
    [
      'a fractional index',
      (f) => {
        f.index = 0.5;
      },
    ],
    [
      'a duplicate index',
      (f) => {
        f.index = 0;
      },
    ],
    [
      'a name that is not text',
      (f) => {
        f.name = null;
      },
    ],
    [
      'an oversized name',
      (f) => {
        f.name = 'x'.repeat(4097);
      },
    ],
    [
      'an oversized type',
      (f) => {
        f.type = 'x'.repeat(513);
      },
    ],
    [
      'a negative size',
      (f) => {
        f.size = -1;
      },
    ],
    [
      'a fractional size',
      (f) => {
        f.size = 1.5;
      },
    ],
    [
      'a size as text',
      (f) => {
        f.size = '10';
      },
    ],
    [
      'no lastModified',
      (f) => {
        delete f.lastModified;
      },
    ],
  ])('refuses a file with %s', (_label, mutate) => {
    expect(validateWireSubmission(withChange((s) => mutate(s.entries[2].file)))).toMatchObject({ code: 'malformed' });
  });

  it('refuses a file entry whose file is null', () => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.entries[2].file = null;
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
  });

  it('refuses files without an upload id (or with an oversized one)', () => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          delete s.uploadId;
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.uploadId = 'u'.repeat(101);
        }),
      ),
    ).toMatchObject({ code: 'malformed' });
  });

  it('refuses files that add up to more than 200 MB', () => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.entries[1].file.size = 150_000_000;
          s.entries[2].file.size = 60_000_000;
        }),
      ),
    ).toEqual({ code: 'filesTooLarge', args: ['210 MB', '200 MB'] });
  });

  it('refuses too much text', () => {
    expect(
      validateWireSubmission(
        withChange((s) => {
          s.entries[0].value = 'x'.repeat(16_000_000);
        }),
      ),
    ).toEqual({ code: 'textTooLarge', args: ['32 MB'] });
  });
});
