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
  return url.protocol === 'https:' || url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
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

/**
 * Whether a request from `pageUrl` to `targetUrl` is same-site. Conservative without a public suffix
 * list: same scheme and the same host (ports aside). A subdomain counts as another site, so in doubt
 * it answers false and fewer cookies are sent.
 */
export function isSameSite(pageUrl: string, targetUrl: string): boolean {
  const page = new URL(pageUrl);
  const target = new URL(targetUrl);
  if (page.protocol !== target.protocol) return false;
  return page.hostname === target.hostname;
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
