import { describe, expect, it } from 'vitest';
import { getDomain } from 'tldts';
import { computeOrigin, computeReferrer, isSameSite, siteOf } from '@/utils/core/referrer';

const PAGE = 'https://user:secret@shop.example/cart/view?item=7&q=a%20b#summary';
const FULL = 'https://shop.example/cart/view?item=7&q=a%20b';
const ORIGIN = 'https://shop.example/';
const SAME = 'https://shop.example/checkout';
const CROSS = 'https://pay.example/charge';
const DOWN = 'http://pay.example/charge';

describe('computeReferrer', () => {
  // [policy, same-origin, cross-origin https, downgrade https->http]
  const table: Array<[string, string | undefined, string | undefined, string | undefined]> = [
    ['no-referrer', undefined, undefined, undefined],
    ['no-referrer-when-downgrade', FULL, FULL, undefined],
    ['origin', ORIGIN, ORIGIN, ORIGIN],
    ['origin-when-cross-origin', FULL, ORIGIN, ORIGIN],
    ['same-origin', FULL, undefined, undefined],
    ['strict-origin', ORIGIN, ORIGIN, undefined],
    ['strict-origin-when-cross-origin', FULL, ORIGIN, undefined],
    ['unsafe-url', FULL, FULL, FULL],
    ['', FULL, ORIGIN, undefined],
    ['made-up-policy', FULL, ORIGIN, undefined],
  ];

  it.each(table)('%s', (policy, same, cross, down) => {
    expect(computeReferrer(PAGE, SAME, policy)).toBe(same);
    expect(computeReferrer(PAGE, CROSS, policy)).toBe(cross);
    expect(computeReferrer(PAGE, DOWN, policy)).toBe(down);
  });

  it('strips credentials and the fragment but keeps path and query', () => {
    expect(computeReferrer('http://u:p@a.test:8080/p/q?x=1#h', 'http://a.test:8080/post', 'unsafe-url')).toBe(
      'http://a.test:8080/p/q?x=1',
    );
  });

  it('sends only the origin cross-origin by default, also between http sites', () => {
    expect(computeReferrer('http://a.test/page?secret=1', 'http://b.test/post', '')).toBe('http://a.test/');
    expect(computeReferrer('http://a.test/page?secret=1', 'http://a.test/post', '')).toBe(
      'http://a.test/page?secret=1',
    );
  });

  it('a different port or scheme is cross-origin', () => {
    expect(computeReferrer('https://a.test/page', 'https://a.test:8443/post', '')).toBe('https://a.test/');
    expect(computeReferrer('http://a.test/page', 'https://a.test/post', '')).toBe('http://a.test/');
  });

  it('counts localhost pages as trustworthy: localhost -> remote http is a downgrade', () => {
    expect(
      computeReferrer('http://localhost:3000/form', 'http://api.example/post', 'no-referrer-when-downgrade'),
    ).toBeUndefined();
    expect(
      computeReferrer('https://shop.example/form', 'http://127.0.0.1:8080/post', 'no-referrer-when-downgrade'),
    ).toBe('https://shop.example/form');
  });

  it('reduces a full URL longer than 4096 characters to the origin', () => {
    const long = `https://a.test/p?x=${'y'.repeat(5000)}`;
    expect(computeReferrer(long, 'https://a.test/post', 'unsafe-url')).toBe('https://a.test/');
    const fits = `https://a.test/p?x=${'y'.repeat(4000)}`;
    expect(computeReferrer(fits, 'https://a.test/post', 'unsafe-url')).toBe(fits);
  });

  it('sends nothing from a page that is not http(s)', () => {
    expect(computeReferrer('about:blank', 'https://a.test/post', 'unsafe-url')).toBeUndefined();
    expect(computeReferrer('file:///home/me/form.html', 'https://a.test/post', 'unsafe-url')).toBeUndefined();
  });
});

describe('computeOrigin', () => {
  it('no Origin header for GET and HEAD', () => {
    expect(computeOrigin(PAGE, CROSS, '', 'GET')).toBeUndefined();
    expect(computeOrigin(PAGE, CROSS, 'unsafe-url', 'HEAD')).toBeUndefined();
  });

  it('POST carries the page origin, same-origin and cross-origin', () => {
    expect(computeOrigin(PAGE, SAME, '', 'POST')).toBe('https://shop.example');
    expect(computeOrigin(PAGE, CROSS, 'strict-origin-when-cross-origin', 'POST')).toBe('https://shop.example');
  });

  it('"null" for no-referrer', () => {
    expect(computeOrigin(PAGE, SAME, 'no-referrer', 'POST')).toBe('null');
  });

  it('same-origin policy: the origin same-origin, "null" cross-origin', () => {
    expect(computeOrigin(PAGE, SAME, 'same-origin', 'POST')).toBe('https://shop.example');
    expect(computeOrigin(PAGE, CROSS, 'same-origin', 'POST')).toBe('null');
  });

  it.each(['', 'strict-origin-when-cross-origin', 'strict-origin', 'no-referrer-when-downgrade'])(
    '%s: "null" from https to a non-https URL',
    (policy) => {
      expect(computeOrigin(PAGE, DOWN, policy, 'POST')).toBe('null');
      expect(computeOrigin(PAGE, 'http://127.0.0.1:8080/post', policy, 'POST')).toBe('null');
      expect(computeOrigin('http://a.test/form', 'http://b.test/post', policy, 'POST')).toBe('http://a.test');
    },
  );

  it.each(['origin', 'origin-when-cross-origin', 'unsafe-url'])('%s: the origin even on a downgrade', (policy) => {
    expect(computeOrigin(PAGE, DOWN, policy, 'POST')).toBe('https://shop.example');
  });

  it('keeps a non-default port in the origin', () => {
    expect(computeOrigin('http://127.0.0.1:5173/form', 'http://127.0.0.1:5173/post', '', 'POST')).toBe(
      'http://127.0.0.1:5173',
    );
  });
});

describe('isSameSite', () => {
  it('same scheme and host is same-site, whatever the ports and paths', () => {
    expect(isSameSite('https://a.example/x', 'https://a.example/y?z')).toBe(true);
    expect(isSameSite('https://a.example/x', 'https://a.example:8443/y')).toBe(true);
  });

  it('another scheme is another site', () => {
    expect(isSameSite('http://a.example/', 'https://a.example/')).toBe(false);
  });

  it('is conservative: other hosts, subdomains included, are other sites', () => {
    expect(isSameSite('https://a.example/', 'https://b.example/')).toBe(false);
    expect(isSameSite('https://www.a.example/', 'https://a.example/')).toBe(false);
    expect(isSameSite('https://one.github.io/', 'https://two.github.io/')).toBe(false);
  });
});

describe('siteOf and isSameSite with the Public Suffix List', () => {
  const psl = (host: string) => getDomain(host, { allowPrivateDomains: true });
  it('the site is the scheme and the registrable domain; ports never count', () => {
    expect(siteOf('https://www.shop.example.co.uk:8443/a', psl)).toBe('https://example.co.uk');
    expect(siteOf('http://127.0.0.1:5173/x', psl)).toBe('http://127.0.0.1');
    expect(siteOf('http://localhost:3000/', psl)).toBe('http://localhost');
    expect(siteOf('http://[::1]:80/', psl)).toBe('http://[::1]');
  });
  it('subdomains of one registrable domain are one site (the browser sends them Lax and Strict cookies)', () => {
    expect(isSameSite('https://www.a.example.com/form', 'https://accounts.a.example.com/post', psl)).toBe(true);
    expect(isSameSite('https://shop.example.co.uk/', 'https://pay.example.co.uk/', psl)).toBe(true);
  });
  it('private suffixes (github.io) split sites; schemes split sites; IPs and localhost are their own sites', () => {
    expect(isSameSite('https://one.github.io/', 'https://two.github.io/', psl)).toBe(false);
    expect(isSameSite('http://example.com/', 'https://example.com/', psl)).toBe(false);
    expect(isSameSite('http://127.0.0.1:1/', 'http://localhost:1/', psl)).toBe(false);
    expect(isSameSite('http://127.0.0.1:1/', 'http://127.0.0.1:2/', psl)).toBe(true);
    expect(isSameSite('https://co.uk/', 'https://example.co.uk/', psl)).toBe(false);
  });
});
