/**
 * Which redirects a replay follows, and what the next request of the chain looks like.
 *
 * A replay follows redirects itself, hop by hop (the transport fetches with `redirect: 'manual'`),
 * so that no hop carries more authority than the browser's own navigation through the same chain
 * would, and none leaves the item's site with the user's cookies:
 *   same-site item (page and target on one site): a hop is followed while it stays on that site;
 *     the browser sends the same cookies there as on the first request.
 *   cross-site item: only a 307/308 to the target's own origin is followed (the POST resent, with
 *     the cross-site cookie plan); any other redirect is the answer to the form (it was received).
 * A redirect that would leave is not followed: where it pointed is recorded instead.
 * Method and Origin follow the Fetch standard's "HTTP-redirect fetch".
 */
import type { HttpMethod } from './types';

/** Browsers give up after 20 redirects (Fetch). */
export const MAX_REDIRECTS = 20;

/** One request of a redirect chain. */
export interface Hop {
  url: string;
  method: HttpMethod;
  /** The form's body is sent (POST, and a POST kept by 307/308). */
  withBody: boolean;
  /**
   * Fetch's "tainted origin": the chain went through another origin while the page's origin was not
   * the current URL's, so the Origin header of a POST is "null" from here on.
   */
  taintedOrigin: boolean;
}

/** Why a redirect was not followed. */
export type RedirectStop =
  /** It points to another site (or, for a cross-site item, anywhere but a 307/308 to the target). */
  | 'other-site'
  /** Not an http(s) URL, or no usable Location. */
  | 'not-http'
  /** More than MAX_REDIRECTS. */
  | 'too-many';

export type RedirectDecision = { kind: 'follow'; hop: Hop } | { kind: 'stop'; reason: RedirectStop; location?: string };

export interface RedirectScope {
  /** The page the form was on. */
  pageUrl: string;
  /** The item's own request URL (the first hop). */
  requestUrl: string;
  /** True when the page and the request are on one site (the browser-cookies plan). */
  sameSiteItem: boolean;
  /** The schemeful site of a URL (see referrer.ts siteOf). */
  siteOf(url: string): string;
  /** Redirects already followed. */
  followed: number;
}

const originOf = (url: string) => new URL(url).origin;

/** The first request of an item's chain. */
export function firstHop(url: string, method: HttpMethod): Hop {
  return { url, method, withBody: method === 'POST', taintedOrigin: false };
}

/** What to do with a redirect answer (`status`, `location` as sent) to `from`. */
export function decideRedirect(
  from: Hop,
  status: number,
  location: string | undefined,
  scope: RedirectScope,
): RedirectDecision {
  let next: URL;
  try {
    if (!location) return { kind: 'stop', reason: 'not-http' };
    next = new URL(location, from.url);
  } catch {
    return { kind: 'stop', reason: 'not-http', location };
  }
  next.hash = ''; // never sent
  const href = next.href;
  if (next.protocol !== 'http:' && next.protocol !== 'https:')
    return { kind: 'stop', reason: 'not-http', location: href };
  if (scope.followed >= MAX_REDIRECTS) return { kind: 'stop', reason: 'too-many', location: href };

  const keepsMethod = status === 307 || status === 308;
  if (scope.sameSiteItem) {
    if (scope.siteOf(href) !== scope.siteOf(scope.pageUrl))
      return { kind: 'stop', reason: 'other-site', location: href };
  } else if (!keepsMethod || next.origin !== originOf(scope.requestUrl)) {
    return { kind: 'stop', reason: 'other-site', location: href };
  }

  // 301/302 turn a POST into a GET, 303 turns anything but HEAD into a GET; 307/308 keep both.
  const toGet = !keepsMethod && (status === 303 || from.method === 'POST');
  const method: HttpMethod = toGet ? 'GET' : from.method;
  const crossOriginHop = next.origin !== originOf(from.url);
  const tainted = from.taintedOrigin || (crossOriginHop && originOf(scope.pageUrl) !== originOf(from.url));
  return { kind: 'follow', hop: { url: href, method, withBody: from.withBody && !toGet, taintedOrigin: tainted } };
}

/** True for the statuses that redirect (with a Location). */
export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
