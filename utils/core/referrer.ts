/**
 * The Referer and site relation a native form submission from `pageUrl` to `targetUrl` would have.
 * Implements the Referrer Policy spec's "determine request's referrer" for the policies a page can set.
 */

function stripForReferrer(url: URL, originOnly: boolean): string {
  if (originOnly) return `${url.origin}/`;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  return copy.href;
}

function isPotentiallyTrustworthy(url: URL): boolean {
  return (
    url.protocol === 'https:' ||
    url.hostname === 'localhost' ||
    url.hostname === '127.0.0.1' ||
    url.hostname === '[::1]'
  );
}

/** The Referer header value, or undefined when the policy sends none. */
export function computeReferrer(pageUrl: string, targetUrl: string, policy: string): string | undefined {
  const page = new URL(pageUrl);
  const target = new URL(targetUrl);
  if (page.protocol !== 'http:' && page.protocol !== 'https:') return undefined;
  const sameOrigin = page.origin === target.origin;
  const downgrade = isPotentiallyTrustworthy(page) && !isPotentiallyTrustworthy(target);
  const full = stripForReferrer(page, false);
  const origin = stripForReferrer(page, true);
  // A full URL longer than 4096 bytes is reduced to the origin, as browsers do.
  const fullOrOrigin = full.length > 4096 ? origin : full;
  switch (policy) {
    case 'no-referrer':
      return undefined;
    case 'no-referrer-when-downgrade':
      return downgrade ? undefined : fullOrOrigin;
    case 'origin':
      return origin;
    case 'origin-when-cross-origin':
      return sameOrigin ? fullOrOrigin : origin;
    case 'same-origin':
      return sameOrigin ? fullOrOrigin : undefined;
    case 'strict-origin':
      return downgrade ? undefined : origin;
    case 'unsafe-url':
      return fullOrOrigin;
    default: // strict-origin-when-cross-origin, the default, also for unknown values
      if (sameOrigin) return fullOrOrigin;
      return downgrade ? undefined : origin;
  }
}

/** The registrable domain ("eTLD+1") of a host name, or null/undefined when it has none (IP addresses, "localhost"). */
export type RegistrableDomainOf = (hostname: string) => string | null | undefined;

/**
 * The site of a URL as browsers define it for SameSite cookies ("schemeful site"): the scheme plus the
 * registrable domain of the host per the Public Suffix List, or the host itself when it has none
 * (IP addresses, single-label hosts such as localhost). Ports never count.
 * Without `registrableDomain` the host itself is used: a conservative site (a subdomain counts as
 * another site, so in doubt fewer cookies are sent).
 */
export function siteOf(url: string, registrableDomain?: RegistrableDomainOf): string {
  const { protocol, hostname } = new URL(url);
  const host = hostname.toLowerCase();
  return `${protocol}//${registrableDomain?.(host) || host}`;
}

/**
 * Whether a request from `pageUrl` to `targetUrl` is same-site (schemeful: http and https of one
 * domain are two sites). Pass the Public Suffix List's `registrableDomain` for the browser's answer;
 * without it the check is conservative (same scheme and the same host).
 */
export function isSameSite(pageUrl: string, targetUrl: string, registrableDomain?: RegistrableDomainOf): boolean {
  return siteOf(pageUrl, registrableDomain) === siteOf(targetUrl, registrableDomain);
}

/**
 * The Origin header a native form submission would carry (Fetch: "append a request Origin header"):
 * none for GET navigations; for POST the page's origin, or "null" where the referrer policy hides it.
 */
export function computeOrigin(pageUrl: string, targetUrl: string, policy: string, method: string): string | undefined {
  if (method === 'GET' || method === 'HEAD') return undefined;
  const page = new URL(pageUrl);
  const target = new URL(targetUrl);
  // Fetch compares schemes here (not "potentially trustworthy", as the Referer does).
  const downgrade = page.protocol === 'https:' && target.protocol !== 'https:';
  switch (policy) {
    case 'no-referrer':
      return 'null';
    case 'same-origin':
      return page.origin === target.origin ? page.origin : 'null';
    case 'origin':
    case 'origin-when-cross-origin':
    case 'unsafe-url':
      return page.origin;
    default:
      return downgrade ? 'null' : page.origin;
  }
}
