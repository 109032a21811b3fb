/**
 * Sends one queued item over HTTP the way the browser would have: same method, URL, body and
 * Content-Type; the page's Origin and Referer; the target's cookies only when the page was on the
 * same site (a cross-site form never gets more cookies than... none, until the faithful-replay work
 * adds SameSite=None ones); and an Idempotency-Key that is the same for every attempt.
 */
import { encodeBody } from '../core/form-encoding';
import type { SendObservation } from '../core/outcome';
import { computeOrigin, computeReferrer, isSameSite } from '../core/referrer';
import type { OutboxItem } from '../core/types';
import { withHeaderOverrides } from './header-rules';

/** A single replay request may not take longer than this (the worker may be cut at 5 min). */
export const REQUEST_TIMEOUT_MS = 4 * 60_000;

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
  const overrides = {
    origin: computeOrigin(source.pageUrl, request.url, source.referrerPolicy, request.method),
    referer: computeReferrer(source.pageUrl, request.url, source.referrerPolicy),
  };
  try {
    const response = await withHeaderOverrides(request.url, request.method, overrides, () =>
      fetch(request.url, {
        method: request.method,
        headers,
        body,
        credentials: isSameSite(source.pageUrl, request.url) ? 'include' : 'omit',
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
