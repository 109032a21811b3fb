/**
 * Sends one queued item over HTTP the way the browser would have: same method, URL, body and
 * Content-Type; the page's Origin and Referer; the cookies the browser's own submission would have
 * carried and no others; and an Idempotency-Key that is the same for every attempt.
 *
 * Cookies (see docs/replay.md): when the page and the target are on one site (Public Suffix List
 * registrable domain, schemeful), the browser attaches the target's cookies (`credentials: 'include'`),
 * as it does for the native same-site navigation. For a cross-site item the browser attaches none
 * (`credentials: 'omit'`) and the header rule sets a Cookie header built from `cookies.getAll` with
 * only the SameSite values a cross-site navigation carries (cookie-policy.ts): SameSite=None for a
 * POST. The extension's own request would otherwise count as same-site and carry Lax and Strict
 * cookies: authority the user never gave.
 */
import { browser } from 'wxt/browser';
import { getDomain } from 'tldts';
import { cookieHeader, cookiePlan, isLoopbackHttp, withSecureCookies, type CookieIdentity, type CookiePlan } from '../core/cookie-policy';
import { encodeBody } from '../core/form-encoding';
import type { SendObservation } from '../core/outcome';
import { computeOrigin, computeReferrer, isSameSite, siteOf } from '../core/referrer';
import type { OutboxItem } from '../core/types';
import { withHeaderOverrides } from './header-rules';

/** A single replay request may not take longer than this (the worker may be cut at 5 min). */
export const REQUEST_TIMEOUT_MS = 4 * 60_000;
/** A form page read for fresh tokens: bigger pages are cut (the form is usually near the top). */
const MAX_PAGE_CHARS = 4 * 1024 * 1024;
const PAGE_TIMEOUT_MS = 60_000;

/** The registrable domain of a host by the Public Suffix List, private domains included (as browsers use it). */
export function registrableDomain(hostname: string): string | null {
  return getDomain(hostname, { allowPrivateDomains: true });
}

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
  if (isLoopbackHttp(url)) cookies = withSecureCookies(cookies, (await browser.cookies.getAll({ url: url.replace(/^http:/, 'https:') })) as BrowserCookie[]);
  const unpartitioned = cookies.filter((c) => !c.partitionKey);
  let partitioned: BrowserCookie[] = [];
  try {
    const details = { url, partitionKey: { topLevelSite: siteOf(url, registrableDomain) } };
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

/** Performs the request; never throws. */
export async function sendOverHttp(item: OutboxItem): Promise<SendObservation> {
  const { request, source } = item;
  const headers: Record<string, string> = { 'Idempotency-Key': `"${item.idempotencyKey}"` };
  let body: Blob | string | undefined;
  if (request.method === 'POST') {
    const encoded = encodeBody(request.enctype, request.entries, undefined, request.bodyFormat);
    headers['Content-Type'] = encoded.contentType;
    body = encoded.body;
  }
  try {
    const plan = cookiePlanFor(item);
    const overrides = {
      origin: computeOrigin(source.pageUrl, request.url, source.referrerPolicy, request.method),
      referer: computeReferrer(source.pageUrl, request.url, source.referrerPolicy),
      cookie: await cookieOverride(request.url, plan),
    };
    const response = await withHeaderOverrides(request.url, request.method, overrides, () =>
      fetch(request.url, {
        method: request.method,
        headers,
        body,
        credentials: plan.kind === 'browser' ? 'include' : 'omit',
        redirect: 'follow',
        cache: 'no-store',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      }),
    );
    await response.body?.cancel().catch(() => undefined);
    return {
      kind: 'response',
      status: response.status,
      statusText: response.statusText,
      finalUrl: response.url || request.url,
      redirected: response.redirected,
      retryAfter: response.headers.get('retry-after'),
    };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { kind: 'network-error', message };
  }
}

/** A page read back for fresh tokens. */
export type FetchedPage =
  | { kind: 'page'; status: number; finalUrl: string; redirected: boolean; html: string }
  | { kind: 'error'; message: string };

/**
 * GETs the page a form was on, as the user reloading it would: the page's own cookies (a load of
 * the page is same-site to itself), no Origin, no Referer. Never throws.
 */
export async function fetchFormPage(pageUrl: string): Promise<FetchedPage> {
  try {
    const response = await withHeaderOverrides(pageUrl, 'GET', {}, () =>
      fetch(pageUrl, {
        method: 'GET',
        headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
        credentials: 'include',
        redirect: 'follow',
        cache: 'no-store',
        signal: AbortSignal.timeout(PAGE_TIMEOUT_MS),
      }),
    );
    const text = await response.text();
    return { kind: 'page', status: response.status, finalUrl: response.url || pageUrl, redirected: response.redirected, html: text.slice(0, MAX_PAGE_CHARS) };
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
