import { describe, expect, it } from 'vitest';
import { cookieHeader, cookiePlan, type CookieLike } from '@/utils/core/cookie-policy';

const JAR: CookieLike[] = [
  { name: 'strict', value: 'S', sameSite: 'strict' },
  { name: 'lax', value: 'L', sameSite: 'lax' },
  { name: 'none', value: 'N', sameSite: 'no_restriction' },
  { name: 'legacy', value: 'U', sameSite: 'unspecified' },
  { name: 'none2', value: 'N2', sameSite: 'no_restriction' },
];

describe('cookiePlan', () => {
  it('same-site: the browser attaches every cookie, as for the native navigation', () => {
    expect(cookiePlan(true, 'POST')).toEqual({ kind: 'browser' });
    expect(cookiePlan(true, 'GET')).toEqual({ kind: 'browser' });
  });
  it('cross-site POST: SameSite=None only', () => {
    expect(cookiePlan(false, 'POST')).toEqual({ kind: 'header', allowed: ['no_restriction'] });
  });
  it('cross-site GET (a safe top-level navigation): None, Lax and unspecified (treated as Lax), never Strict', () => {
    expect(cookiePlan(false, 'get')).toEqual({ kind: 'header', allowed: ['no_restriction', 'lax', 'unspecified'] });
  });
});

describe('cookieHeader', () => {
  it('keeps only the allowed cookies, in the given order', () => {
    expect(cookieHeader(JAR, { kind: 'header', allowed: ['no_restriction'] })).toBe('none=N; none2=N2');
    expect(cookieHeader(JAR, { kind: 'header', allowed: ['no_restriction', 'lax', 'unspecified'] })).toBe(
      'lax=L; none=N; legacy=U; none2=N2',
    );
  });
  it('undefined when no cookie may go', () => {
    expect(cookieHeader(JAR.slice(0, 2), { kind: 'header', allowed: ['no_restriction'] })).toBeUndefined();
    expect(cookieHeader([], { kind: 'header', allowed: ['no_restriction'] })).toBeUndefined();
  });
  it('a cookie with an empty name is sent as its value alone, as browsers do', () => {
    expect(
      cookieHeader([{ name: '', value: 'bare', sameSite: 'no_restriction' }], {
        kind: 'header',
        allowed: ['no_restriction'],
      }),
    ).toBe('bare');
  });
});

describe('Secure cookies of loopback http URLs (Firefox leaves them out of cookies.getAll)', () => {
  it('recognises loopback http URLs only', async () => {
    const { isLoopbackHttp } = await import('@/utils/core/cookie-policy');
    for (const url of [
      'http://localhost:3000/x',
      'http://app.localhost/',
      'http://127.0.0.1:8080/',
      'http://127.1.2.3/',
      'http://[::1]:9/',
    ])
      expect(isLoopbackHttp(url), url).toBe(true);
    for (const url of [
      'https://localhost/',
      'http://example.com/',
      'http://localhost.example.com/',
      'http://128.0.0.1/',
      'not a url',
    ])
      expect(isLoopbackHttp(url), url).toBe(false);
  });
  it('adds the Secure cookies read under https that the http read lacked, once, after the others', async () => {
    const { withSecureCookies } = await import('@/utils/core/cookie-policy');
    const lax = { name: 'lax', value: 'L', sameSite: 'lax' as const, domain: 'localhost', path: '/', secure: false };
    const none = {
      name: 'none',
      value: 'N',
      sameSite: 'no_restriction' as const,
      domain: 'localhost',
      path: '/',
      secure: true,
    };
    // Firefox: the http read lacks the Secure cookie; the https read has both.
    expect(withSecureCookies([lax], [lax, none])).toEqual([lax, none]);
    // Chromium: the http read already has it; nothing is doubled.
    expect(withSecureCookies([lax, none], [lax, none])).toEqual([lax, none]);
    // A cookie of another path or partition is another cookie.
    const other = { ...none, path: '/app' };
    expect(withSecureCookies([lax, none], [other])).toEqual([lax, none, other]);
  });
});
