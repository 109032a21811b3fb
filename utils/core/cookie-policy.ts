/**
 * Which cookies a replay may carry: never more than the browser's own form submission would have.
 *
 * A form submission is a top-level navigation. The browser sends the target's cookies by SameSite:
 *   same-site (page and target on one site):  every cookie (Strict, Lax, None, unspecified)
 *   cross-site GET (a "safe" top-level nav):  None, Lax and unspecified (Chrome treats those as Lax)
 *   cross-site POST:                          None only
 * Chrome also sends unspecified-SameSite cookies on a cross-site POST when they are younger than two
 * minutes ("Lax allowing unsafe"); the cookies API does not tell a cookie's age, so they are left
 * out: a replay may carry fewer cookies than the original, never more.
 */

/** SameSite as the extension cookies API reports it. */
export type CookieSameSite = 'no_restriction' | 'lax' | 'strict' | 'unspecified';

/** The part of a browser cookie that decides whether and how it is sent. */
export interface CookieLike {
  name: string;
  value: string;
  sameSite: CookieSameSite;
}

/** How the replay request carries cookies. */
export type CookiePlan =
  /** Let the browser attach the target's cookies (same-site: the native request has them all). */
  | { kind: 'browser' }
  /** The browser attaches none (`credentials: 'omit'`); only cookies with these SameSite values go, in a Cookie header. */
  | { kind: 'header'; allowed: readonly CookieSameSite[] };

/** The cookie plan for a submission of `method` from a page that is (or is not) on the target's site. */
export function cookiePlan(sameSite: boolean, method: string): CookiePlan {
  if (sameSite) return { kind: 'browser' };
  return method.toUpperCase() === 'GET'
    ? { kind: 'header', allowed: ['no_restriction', 'lax', 'unspecified'] }
    : { kind: 'header', allowed: ['no_restriction'] };
}

/**
 * The Cookie header value for `cookies` under `plan` (a 'header' plan), keeping their order (the
 * cookies API returns them in the browser's sending order: longest path first, then oldest).
 * Undefined when no cookie may go.
 */
export function cookieHeader(
  cookies: readonly CookieLike[],
  plan: Extract<CookiePlan, { kind: 'header' }>,
): string | undefined {
  const allowed = new Set(plan.allowed);
  const pairs = cookies.filter((c) => allowed.has(c.sameSite)).map((c) => (c.name ? `${c.name}=${c.value}` : c.value));
  return pairs.length ? pairs.join('; ') : undefined;
}

/**
 * Whether `url` is plain http to a loopback host (localhost, *.localhost, 127.0.0.0/8, [::1]).
 * Browsers treat those origins as potentially trustworthy and send them Secure cookies, but Firefox's
 * cookies API leaves Secure cookies out of `getAll({ url })` for any http URL (Chromium includes
 * them): such a URL's cookies must also be read under https.
 */
export function isLoopbackHttp(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

/** A cookie as the cookies API returns it: enough to tell one cookie from another. */
export interface CookieIdentity extends CookieLike {
  domain?: string;
  path?: string;
  secure?: boolean;
  partitionKey?: unknown;
}

/**
 * The cookies of `first`, then the Secure ones of `extra` that `first` lacks (same name, domain, path
 * and partition), keeping each list's order. For a loopback http URL: `first` from the http URL,
 * `extra` from the same URL under https.
 */
export function withSecureCookies<T extends CookieIdentity>(first: readonly T[], extra: readonly T[]): T[] {
  const id = (c: T) => JSON.stringify([c.name, c.domain ?? '', c.path ?? '', c.partitionKey ?? null]);
  const seen = new Set(first.map(id));
  return [...first, ...extra.filter((c) => c.secure && !seen.has(id(c)))];
}
