import { describe, expect, it } from 'vitest';
import { fingerprintSubmission, hashText } from '@/utils/core/fingerprint';
import type { SubmissionRequest } from '@/utils/core/types';

const PAGE = 'https://shop.example/form';

function request(overrides: Partial<SubmissionRequest> = {}): SubmissionRequest {
  return {
    method: 'POST',
    url: 'https://shop.example/submit',
    enctype: 'multipart/form-data',
    entries: [
      { name: 'name', value: 'Ada' },
      {
        name: 'cv',
        file: {
          name: 'cv.pdf',
          type: 'application/pdf',
          lastModified: 1_700_000_000_000,
          blob: new Blob(['%PDF-1.7']),
        },
      },
    ],
    ...overrides,
  };
}

describe('hashText', () => {
  it('is 14 lower-case hex digits and deterministic', () => {
    const h = hashText('hello');
    expect(h).toMatch(/^[0-9a-f]{14}$/);
    expect(hashText('hello')).toBe(h);
  });

  it('is cyrb53 (published reference values), so stored fingerprints stay valid across versions', () => {
    expect(parseInt(hashText('a'), 16)).toBe(7929297801672961);
    expect(parseInt(hashText('b'), 16)).toBe(8684336938537663);
    expect(parseInt(hashText('revenge'), 16)).toBe(4051478007546757);
    expect(parseInt(hashText('revenue'), 16)).toBe(8309097637345594);
    expect(hashText('revenge')).toBe('0e64cc3b748385');
  });

  it('changes with one code unit, with the seed, and distinguishes surrogate halves', () => {
    const values = new Set([
      hashText('hello'),
      hashText('hellp'),
      hashText('hello', 1),
      hashText('\uD83D\uDE00'),
      hashText('\uD83D\uDE01'),
      hashText('Hello'),
    ]);
    expect(values.size).toBe(6);
  });
});

describe('fingerprintSubmission', () => {
  it('is the same for an identical submission (double Submit)', () => {
    expect(fingerprintSubmission(request(), PAGE)).toBe(fingerprintSubmission(request(), PAGE));
  });

  it('ignores file bytes of the same size (files count by name, type, size and time)', () => {
    const other = request();
    other.entries[1] = {
      name: 'cv',
      file: { name: 'cv.pdf', type: 'application/pdf', lastModified: 1_700_000_000_000, blob: new Blob(['%PDF-2.0']) },
    };
    expect(fingerprintSubmission(other, PAGE)).toBe(fingerprintSubmission(request(), PAGE));
  });

  it('differs when anything that is sent differs', () => {
    const base = fingerprintSubmission(request(), PAGE);
    const file = (patch: object) => ({
      name: 'cv',
      file: {
        name: 'cv.pdf',
        type: 'application/pdf',
        lastModified: 1_700_000_000_000,
        blob: new Blob(['%PDF-1.7']),
        ...patch,
      },
    });
    const variants = [
      fingerprintSubmission(request({ method: 'GET' }), PAGE),
      fingerprintSubmission(request({ url: 'https://shop.example/submit?x' }), PAGE),
      fingerprintSubmission(request({ enctype: 'application/x-www-form-urlencoded' }), PAGE),
      fingerprintSubmission(request(), `${PAGE}?step=2`),
      fingerprintSubmission(request({ entries: [{ name: 'name', value: 'Ada ' }, request().entries[1]] }), PAGE),
      fingerprintSubmission(request({ entries: [request().entries[1], request().entries[0]] }), PAGE),
      fingerprintSubmission(request({ entries: [request().entries[0], file({ name: 'cv2.pdf' })] }), PAGE),
      fingerprintSubmission(request({ entries: [request().entries[0], file({ type: 'text/plain' })] }), PAGE),
      fingerprintSubmission(request({ entries: [request().entries[0], file({ lastModified: 1 })] }), PAGE),
      fingerprintSubmission(
        request({ entries: [request().entries[0], file({ blob: new Blob(['%PDF-1.7!']) })] }),
        PAGE,
      ),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('does not confuse field boundaries (a,b=c vs a=b,c)', () => {
    const one = fingerprintSubmission(request({ entries: [{ name: 'a', value: 'b","c' }] }), PAGE);
    const two = fingerprintSubmission(
      request({
        entries: [
          { name: 'a', value: 'b' },
          { name: 'c', value: '' },
        ],
      }),
      PAGE,
    );
    expect(one).not.toBe(two);
  });

  it('tells a text field from a file field with the same name', () => {
    const text = fingerprintSubmission(request({ entries: [{ name: 'f', value: 'a.txt' }] }), PAGE);
    const file = fingerprintSubmission(
      request({ entries: [{ name: 'f', file: { name: 'a.txt', type: '', lastModified: 0, blob: new Blob([]) } }] }),
      PAGE,
    );
    expect(text).not.toBe(file);
  });
});
