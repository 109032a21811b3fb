/**
 * Sends one queued item over HTTP the way the browser would have: same method, URL, body and
 * Content-Type; the page's Origin and Referer; the cookies the browser's own submission would have
 * carried and no others; and an Idempotency-Key that is the same for every attempt.
 *
 * Cookies (see docs/replay.md and docs/security.md): when the page and the target are on one site
 * (Public Suffix List registrable domain, schemeful), the browser attaches the target's cookies
 * (`credentials: 'include'`), as it does for the native same-site navigation. For a cross-site item
 * the browser attaches none (`credentials: 'omit'`) and the header rule sets a Cookie header built
 * from `cookies.getAll` with only the SameSite values a cross-site navigation carries
 * (cookie-policy.ts): SameSite=None for a POST.
 *
 * Redirects are followed hop by hop (`redirect: 'manual'`, the Location read by redirect-watcher.ts),
 * never off the item's site (core/redirects.ts): a redirect to another site is where the answer
 * pointed, not a request the extension makes with the user's cookies.
 */
import { browser } from 'wxt/browser';
import { getDomain } from 'tldts';
import {
  cookieHeader,
  cookiePlan,
  isLoopbackHttp,
  withSecureCookies,
  type CookieIdentity,
  type CookiePlan,
} from '../core/cookie-policy';
import { encodeBody } from '../core/form-encoding';
import type { SendObservation } from '../core/outcome';
import { decideRedirect, firstHop, type Hop, type RedirectStop } from '../core/redirects';
import { computeOrigin, computeReferrer, isSameSite, siteOf } from '../core/referrer';
import type { OutboxItem } from '../core/types';
import { withRequestRule, type HeaderOverrides } from './header-rules';
import { fetchSeeingRedirect, type RedirectSeen } from './redirect-watcher';

/** A single replay request may not take longer than this (the worker may be cut at 5 min). */
export const REQUEST_TIMEOUT_MS = 4 * 60_000;
/** How much of a reply's text is kept (to read what the page says, and to show it). */
export const MAX_REPLY_BYTES = 256 * 1024;
/** A form page read for fresh tokens: bigger pages are cut (the form is usually near the top). */
const MAX_PAGE_BYTES = 4 * 1024 * 1024;
const PAGE_TIMEOUT_MS = 60_000;
/** What a browser asks for when it navigates (a form submission is a navigation). */
const NAVIGATION_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The registrable domain of a host by the Public Suffix List, private domains included (as browsers use it). */
export function registrableDomain(hostname: string): string | null {
  return getDomain(hostname, { allowPrivateDomains: true });
}

const site = (url: string) => siteOf(url, registrableDomain);

type BrowserCookie = CookieIdentity;

/**
 * The cookies the browser holds for `url` that a request to it may carry, in sending order:
 * unpartitioned ones, then those partitioned under the target's own site (a top-level navigation to
 * the target is in that partition). The cookies API already applies domain, path and Secure (for a
 * loopback http URL, Firefox's applies Secure too strictly: see isLoopbackHttp).
 */
async function cookiesFor(url: string): Promise<BrowserCookie[]> {
  let cookies = (await browser.cookies.getAll({ url })) as BrowserCookie[];
  // Firefox leaves Secure cookies out for http://localhost, though it sends them there.
  if (isLoopbackHttp(url))
    cookies = withSecureCookies(
      cookies,
      (await browser.cookies.getAll({ url: url.replace(/^http:/, 'https:') })) as BrowserCookie[],
    );
  const unpartitioned = cookies.filter((c) => !c.partitionKey);
  let partitioned: BrowserCookie[] = [];
  try {
    const details = { url, partitionKey: { topLevelSite: site(url) } };
    partitioned = ((await browser.cookies.getAll(details as never)) as BrowserCookie[]).filter((c) => c.partitionKey);
  } catch {
    // A browser without partitioned cookies in its API has none to add.
  }
  return [...unpartitioned, ...partitioned];
}

/** The Cookie override for a request under `plan`: undefined leaves cookies to the browser. */
async function cookieOverride(url: string, plan: CookiePlan): Promise<string | null | undefined> {
  if (plan.kind === 'browser') return undefined;
  return cookieHeader(await cookiesFor(url), plan) ?? null;
}

/** How an item's request carries cookies: by the browser (same-site) or by header (cross-site). */
export function cookiePlanFor(item: OutboxItem): CookiePlan {
  return cookiePlan(isSameSite(item.source.pageUrl, item.request.url, registrableDomain), item.request.method);
}

/** A hop after the first of a cross-site item is a resend to the target's origin (307/308): SameSite=None only. */
const CROSS_SITE_RESEND: CookiePlan = { kind: 'header', allowed: ['no_restriction'] };

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The charset of a Content-Type, if it names one the decoder knows; UTF-8 otherwise. */
function decoderFor(contentType: string): TextDecoder {
  const label = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(label ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}

/** Whether a reply's body is worth reading as text (an HTML page or plain text, not a download). */
function isTextual(contentType: string): boolean {
  return contentType === '' || /^(text\/|application\/(xhtml\+xml|xml|json))/i.test(contentType);
}

/** Reads at most `maxBytes` of a response body as text, then lets go of the rest. */
export async function readTextPrefix(response: Response, maxBytes: number): Promise<string | undefined> {
  const contentType = response.headers.get('content-type') ?? '';
  if (!response.body || !isTextual(contentType)) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const reader = response.body.getReader();
  const decoder = decoderFor(contentType);
  let text = '';
  let bytes = 0;
  try {
    while (bytes < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      const part = value.byteLength > maxBytes - bytes ? value.subarray(0, maxBytes - bytes) : value;
      bytes += part.byteLength;
      text += decoder.decode(part, { stream: true });
    }
    text += decoder.decode();
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

interface HopRequest {
  hop: Hop;
  headers: Record<string, string>;
  body?: Blob | string;
  credentials: RequestCredentials;
  overrides: HeaderOverrides;
  timeoutMs: number;
}

/** One request of a chain under its own header rule. Throws on network errors. */
function fetchHop(request: HopRequest): Promise<{ response: Response; redirect?: RedirectSeen }> {
  const { hop } = request;
  return withRequestRule(hop.url, hop.method, request.overrides, () =>
    fetchSeeingRedirect(hop.method, hop.url, () =>
      fetch(hop.url, {
        method: hop.method,
        headers: request.headers,
        body: hop.withBody ? request.body : undefined,
        credentials: request.credentials,
        redirect: 'manual',
        cache: 'no-store',
        signal: AbortSignal.timeout(request.timeoutMs),
      }),
    ),
  );
}

type Unfollowed = { reason: RedirectStop | 'unseen' | 'hop-failed'; location?: string };

/** The observation of an answer that is a redirect the replay did not follow. */
function unfollowedRedirect(
  redirect: RedirectSeen | undefined,
  at: string,
  followed: number,
  unfollowed: Unfollowed,
): SendObservation {
  return {
    kind: 'response',
    status: redirect?.status ?? 302,
    statusText: redirect?.statusText ?? '',
    finalUrl: unfollowed.location ?? at,
    redirected: followed > 0 || unfollowed.location !== undefined,
    unfollowed,
  };
}

/** Performs the item's request and follows its redirects within the rules above; never throws. */
export async function sendOverHttp(item: OutboxItem): Promise<SendObservation> {
  const { request, source } = item;
  const sameSiteItem = isSameSite(source.pageUrl, request.url, registrableDomain);
  let encoded: { contentType: string; body: Blob | string } | undefined;
  try {
    if (request.method === 'POST')
      encoded = encodeBody(request.enctype, request.entries, undefined, request.bodyFormat);
  } catch (error) {
    return { kind: 'network-error', message: describeError(error) };
  }
  let hop = firstHop(request.url, request.method);
  let followed = 0;
  const deadline = Date.now() + REQUEST_TIMEOUT_MS;
  for (;;) {
    const plan =
      followed === 0 ? cookiePlanFor(item) : sameSiteItem ? ({ kind: 'browser' } as const) : CROSS_SITE_RESEND;
    const headers: Record<string, string> = { Accept: NAVIGATION_ACCEPT };
    if (hop.withBody) {
      headers['Idempotency-Key'] = `"${item.idempotencyKey}"`;
      headers['Content-Type'] = encoded!.contentType;
    } else if (followed === 0) {
      headers['Idempotency-Key'] = `"${item.idempotencyKey}"`;
    }
    let answer: { response: Response; redirect?: RedirectSeen };
    try {
      answer = await fetchHop({
        hop,
        headers,
        body: encoded?.body,
        credentials: plan.kind === 'browser' ? 'include' : 'omit',
        overrides: {
          origin:
            hop.method === 'GET'
              ? undefined
              : hop.taintedOrigin
                ? 'null'
                : computeOrigin(source.pageUrl, hop.url, source.referrerPolicy, hop.method),
          referer: computeReferrer(source.pageUrl, hop.url, source.referrerPolicy),
          cookie: await cookieOverride(hop.url, plan),
        },
        timeoutMs: Math.max(1_000, deadline - Date.now()),
      });
    } catch (error) {
      if (followed === 0) return { kind: 'network-error', message: describeError(error) };
      // The form itself was answered (with a redirect); only reading where it pointed failed.
      return unfollowedRedirect(undefined, hop.url, followed, { reason: 'hop-failed', location: hop.url });
    }
    const { response, redirect } = answer;
    if (response.type === 'opaqueredirect') {
      if (!redirect) return unfollowedRedirect(undefined, hop.url, followed, { reason: 'unseen' });
      const decision = decideRedirect(hop, redirect.status, redirect.location, {
        pageUrl: source.pageUrl,
        requestUrl: request.url,
        sameSiteItem,
        siteOf: site,
        followed,
      });
      if (decision.kind === 'stop')
        return unfollowedRedirect(redirect, hop.url, followed, {
          reason: decision.reason,
          location: decision.location,
        });
      hop = decision.hop;
      followed++;
      continue;
    }
    const body = await readTextPrefix(response, MAX_REPLY_BYTES).catch(() => undefined);
    return {
      kind: 'response',
      status: response.status,
      statusText: response.statusText,
      finalUrl: hop.url,
      redirected: followed > 0,
      retryAfter: response.headers.get('retry-after'),
      contentType: response.headers.get('content-type') ?? '',
      ...(body !== undefined ? { body } : {}),
    };
  }
}

/** A page read back for fresh tokens. */
export type FetchedPage =
  | { kind: 'page'; status: number; finalUrl: string; redirected: boolean; html: string }
  /** A redirect that leaves the page's origin: not followed (its content is never a source of values). */
  | { kind: 'elsewhere'; status: number; location: string }
  | { kind: 'error'; message: string };

/**
 * GETs the page a form was on, as the user reloading it would: the page's own cookies (a load of the
 * page is same-site to itself), no Origin, no Referer. Redirects are followed only within the page's
 * origin: a re-read that would end on another origin stops there. Never throws.
 */
export async function fetchFormPage(pageUrl: string): Promise<FetchedPage> {
  const origin = new URL(pageUrl).origin;
  let url = pageUrl;
  const deadline = Date.now() + PAGE_TIMEOUT_MS;
  try {
    for (let followed = 0; ; followed++) {
      const hop: Hop = { url, method: 'GET', withBody: false, taintedOrigin: false };
      const { response, redirect } = await fetchHop({
        hop,
        headers: { Accept: NAVIGATION_ACCEPT },
        credentials: 'include',
        overrides: {},
        timeoutMs: Math.max(1_000, deadline - Date.now()),
      });
      if (response.type !== 'opaqueredirect') {
        const html = (await readTextPrefix(response, MAX_PAGE_BYTES)) ?? '';
        return { kind: 'page', status: response.status, finalUrl: url, redirected: followed > 0, html };
      }
      if (!redirect?.location) return { kind: 'error', message: 'the page redirected, and where to could not be seen' };
      const decision = decideRedirect(hop, redirect.status, redirect.location, {
        pageUrl,
        requestUrl: pageUrl,
        sameSiteItem: true,
        siteOf: site,
        followed,
      });
      if (decision.kind === 'stop' || new URL(decision.hop.url).origin !== origin) {
        return {
          kind: 'elsewhere',
          status: redirect.status,
          location: decision.kind === 'stop' ? (decision.location ?? redirect.location) : decision.hop.url,
        };
      }
      url = decision.hop.url;
    }
  } catch (error) {
    return { kind: 'error', message: describeError(error) };
  }
}
