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
    expect(cookieHeader(JAR, { kind: 'header', allowed: ['no_restriction', 'lax', 'unspecified'] })).toBe('lax=L; none=N; legacy=U; none2=N2');
  });
  it('undefined when no cookie may go', () => {
    expect(cookieHeader(JAR.slice(0, 2), { kind: 'header', allowed: ['no_restriction'] })).toBeUndefined();
    expect(cookieHeader([], { kind: 'header', allowed: ['no_restriction'] })).toBeUndefined();
  });
  it('a cookie with an empty name is sent as its value alone, as browsers do', () => {
    expect(cookieHeader([{ name: '', value: 'bare', sameSite: 'no_restriction' }], { kind: 'header', allowed: ['no_restriction'] })).toBe('bare');
  });
});
