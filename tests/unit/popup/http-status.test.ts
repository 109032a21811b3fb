import { describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import type { ItemError } from '@/utils/core/types';
import { statusLine, statusWords, statusWordsAlone, statusWordsKey } from '@/utils/popup/http-status';
import { technicalDetail } from '@/utils/popup/reason';

const COMMON = [400, 401, 403, 404, 405, 408, 409, 410, 412, 413, 415, 419, 422, 425, 429, 500, 501, 502, 503, 504];

describe('statusWords', () => {
  it('has words of its own, in the catalogue, for every common 4xx and 5xx', () => {
    const keys = COMMON.map(statusWordsKey);
    expect(new Set(keys).size).toBe(COMMON.length);
    for (const key of keys) {
      expect(key.startsWith('statusClass')).toBe(false);
      expect(english).toHaveProperty(key);
    }
  });

  it('says the common ones plainly', () => {
    expect(statusWords(429)).toBe('too many requests (the site asked to wait)');
    expect(statusWords(404)).toBe('not found');
    expect(statusWords(500)).toBe('server error');
    expect(statusWordsAlone(404)).toBe('Not found');
    expect(statusWordsAlone(500)).toBe('Server error');
  });

  it.each<[number, string]>([
    [418, 'statusClassClient'],
    [451, 'statusClassClient'],
    [507, 'statusClassServer'],
    [599, 'statusClassServer'],
    [302, 'statusClassRedirect'],
    [204, 'statusClassSuccess'],
    [0, 'statusClassUnknown'],
    [600, 'statusClassUnknown'],
    [-1, 'statusClassUnknown'],
  ])('falls back to the class of %i', (status, key) => {
    expect(statusWordsKey(status)).toBe(key);
    expect(english).toHaveProperty(key);
  });

  it('never carries the number (it belongs to the technical detail)', () => {
    for (const status of [...COMMON, 418, 507]) expect(statusWords(status)).not.toMatch(/\d/);
  });
});

describe('statusLine and technicalDetail', () => {
  const at = 0;
  it("names the status by number and standard text, else the server's", () => {
    expect(statusLine(503)).toBe('HTTP 503 Service Unavailable');
    expect(statusLine(418, "I'm a teapot")).toBe("HTTP 418 I'm a teapot");
    expect(statusLine(599)).toBe('HTTP 599');
  });

  it('keeps a detail that already names the status', () => {
    const error: ItemError = {
      kind: 'http',
      status: 503,
      message: 'x',
      detail: 'HTTP 503 Service Unavailable from https://a.example/',
      at,
    };
    expect(technicalDetail(error)).toBe('HTTP 503 Service Unavailable from https://a.example/');
  });

  it('puts the status line first for a record whose detail does not name it, or that has none', () => {
    expect(technicalDetail({ kind: 'http', status: 429, message: 'x', detail: 'slow down', at })).toBe(
      'HTTP 429 Too Many Requests\nslow down',
    );
    expect(technicalDetail({ kind: 'http', status: 429, message: 'x', at })).toBe('HTTP 429 Too Many Requests');
    // "429" inside an address is not the status line.
    expect(
      technicalDetail({ kind: 'http', status: 429, message: 'x', detail: 'from https://a.example:429/', at }),
    ).toBe('HTTP 429 Too Many Requests\nfrom https://a.example:429/');
  });

  it('is the stored detail, or nothing, without a status', () => {
    expect(technicalDetail({ kind: 'network', message: 'x', detail: 'net::ERR_CONNECTION_REFUSED', at })).toBe(
      'net::ERR_CONNECTION_REFUSED',
    );
    expect(technicalDetail({ kind: 'network', message: 'x', at })).toBeUndefined();
    expect(technicalDetail({ kind: 'network', message: 'x', detail: '  ', at })).toBeUndefined();
  });
});
