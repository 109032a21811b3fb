import { describe, expect, it } from 'vitest';
import { middleTruncate, shortAddress, shortAddressText, shortSite } from '@/utils/popup/address';

describe('shortAddress', () => {
  it('shows an https site without scheme or www, then the path', () => {
    expect(shortAddressText('https://www.example.com/orders/new')).toBe('example.com \u203a /orders/new');
    expect(shortAddress('https://www.example.com/orders/new')).toEqual({
      site: 'example.com',
      path: '/orders/new',
      full: 'https://www.example.com/orders/new',
    });
  });

  it('keeps http:// visible (the less safe scheme) and www with it', () => {
    expect(shortAddressText('http://www.example.com/a')).toBe('http://www.example.com \u203a /a');
  });

  it('keeps the port', () => {
    expect(shortAddressText('https://shop.example:8443/orders')).toBe('shop.example:8443 \u203a /orders');
    expect(shortAddressText('http://127.0.0.1:5173/submit')).toBe('http://127.0.0.1:5173 \u203a /submit');
  });

  it('shows only the site at the root', () => {
    expect(shortAddressText('https://example.com/')).toBe('example.com');
    expect(shortAddress('https://example.com').path).toBe('');
  });

  it('hides the query and fragment, marking that there is one', () => {
    expect(shortAddressText('https://example.com/search?q=secret+words&page=2')).toBe(
      'example.com \u203a /search?\u2026',
    );
    expect(shortAddressText('https://example.com/?q=x')).toBe('example.com \u203a /?\u2026');
    expect(shortAddressText('https://example.com/a#frag')).toBe('example.com \u203a /a?\u2026');
    expect(shortAddressText('https://example.com/a?')).toBe('example.com \u203a /a');
    expect(shortAddressText('https://example.com/search?q=secret')).not.toContain('secret');
  });

  it('cuts a long path in the middle, keeping its start and its end', () => {
    const url = 'https://example.com/accounts/42/projects/alpha-centauri/reports/2026/quarterly/final-summary';
    const { path } = shortAddress(url);
    expect(Array.from(path)).toHaveLength(36);
    expect(path.startsWith('/accounts/42/')).toBe(true);
    expect(path.endsWith('/final-summary')).toBe(true);
    expect(path).toContain('\u2026');
  });

  it('counts the query mark in the path limit', () => {
    const { path } = shortAddress(`https://example.com/${'a'.repeat(80)}?x=1`, 20);
    expect(Array.from(path)).toHaveLength(20);
    expect(path.endsWith('?\u2026')).toBe(true);
  });

  it('keeps an internationalised host in its ASCII form (no lookalike host passes for the real one)', () => {
    expect(shortAddress('https://bücher.example/katalog').site).toBe('xn--bcher-kva.example');
    expect(shortAddress('https://www.аpple.com/').site).toBe('xn--pple-43d.com');
  });

  it('decodes the path where that is harmless', () => {
    expect(shortAddress('https://example.com/caf%C3%A9/men%C3%BC').path).toBe('/café/menü');
    // A reserved character stays escaped: "%2F" is not a path separator.
    expect(shortAddress('https://example.com/a%2Fb').path).toBe('/a%2Fb');
  });

  it('leaves escapes that would disguise the path (bidi overrides, controls, bad escapes)', () => {
    expect(shortAddress('https://example.com/%E2%80%AEfdp.exe').path).toBe('/%E2%80%AEfdp.exe');
    expect(shortAddress('https://example.com/a%0Ab').path).toBe('/a%0Ab');
    expect(shortAddress('https://example.com/%E0%A4%A').path).toBe('/%E0%A4%A');
  });

  it('shows an address that does not parse, or is not http(s), as it is (cut when long), with no site', () => {
    expect(shortAddress('')).toEqual({ site: '', path: '', full: '' });
    expect(shortAddressText('not a url')).toBe('not a url');
    expect(shortAddress('mailto:ana@example.com').site).toBe('');
    const data = `data:text/plain,${'x'.repeat(200)}`;
    expect(Array.from(shortAddressText(data))).toHaveLength(36);
    expect(shortAddress(data).full).toBe(data);
  });
});

describe('shortSite', () => {
  it('is the site part, or the (cut) address when it does not parse', () => {
    expect(shortSite('https://www.example.com/x?y')).toBe('example.com');
    expect(shortSite('http://example.com/x')).toBe('http://example.com');
    expect(shortSite('garbage')).toBe('garbage');
  });
});

describe('middleTruncate', () => {
  it('never splits a surrogate pair and keeps short text as it is', () => {
    expect(middleTruncate('short', 10)).toBe('short');
    const emoji = '\u{1F600}'.repeat(30);
    const cut = middleTruncate(emoji, 9);
    expect(Array.from(cut)).toHaveLength(9);
    expect(cut).toBe(`${'\u{1F600}'.repeat(4)}\u2026${'\u{1F600}'.repeat(4)}`);
    expect(middleTruncate('abcdef', 1)).toBe('\u2026');
  });
});
