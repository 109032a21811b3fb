/**
 * Where a redirect of the extension's own request pointed. A fetch with `redirect: 'manual'` gets an
 * opaque answer (no status, no Location), so the background reads them from webRequest's
 * onHeadersReceived, for requests the extension itself made (from no tab, its own initiator), and
 * only while such a request is waiting (the listener is attached while needed).
 *
 * Requests are told apart by method and URL: the header rules (header-rules.ts) already allow one
 * request of the extension per origin at a time, and every replay request goes through them.
 */
import { browser } from 'wxt/browser';

export interface RedirectSeen {
  status: number;
  statusText: string;
  location?: string;
}

interface HeadersReceived {
  url: string;
  method: string;
  statusCode: number;
  statusLine?: string;
  tabId: number;
  initiator?: string;
  originUrl?: string;
  responseHeaders?: Array<{ name: string; value?: string }>;
}

/** How long to wait for the event after fetch has answered (they travel separately). */
const EVENT_WAIT_MS = 5_000;
/** Seen answers are kept this long for a waiter that is a little late. */
const KEEP_MS = 30_000;

const seen = new Map<string, RedirectSeen & { at: number }>();
const waiters = new Map<string, (redirect: RedirectSeen) => void>();
let expecting = 0;
let listening = false;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const IDLE_MS = 2_000;

const keyOf = (method: string, url: string) => `${method.toUpperCase()} ${url}`;

function fromExtension(details: HeadersReceived): boolean {
  const own = browser.runtime.getURL('/').replace(/\/$/, '');
  const initiator = details.initiator ?? details.originUrl ?? '';
  return details.tabId === -1 && (initiator === own || initiator.startsWith(`${own}/`));
}

function onHeadersReceived(details: HeadersReceived): void {
  if (details.statusCode < 300 || details.statusCode >= 400 || !fromExtension(details)) return;
  const location = details.responseHeaders?.find((h) => h.name.toLowerCase() === 'location')?.value;
  const statusText = details.statusLine?.replace(/^HTTP\/\S+\s+\d+\s*/, '') ?? '';
  const redirect: RedirectSeen = {
    status: details.statusCode,
    statusText,
    ...(location !== undefined ? { location } : {}),
  };
  const key = keyOf(details.method, details.url);
  const waiter = waiters.get(key);
  if (waiter) {
    waiters.delete(key);
    waiter(redirect);
    return;
  }
  const now = Date.now();
  for (const [k, v] of seen) if (now - v.at > KEEP_MS) seen.delete(k);
  seen.set(key, { ...redirect, at: now });
}

function listen(): void {
  clearTimeout(idleTimer);
  if (listening) return;
  listening = true;
  browser.webRequest.onHeadersReceived.addListener(
    onHeadersReceived as never,
    { urls: ['http://*/*', 'https://*/*'], types: ['xmlhttprequest'], tabId: -1 },
    ['responseHeaders'],
  );
}

/** Detaches the listener once no request has needed it for a while (a replay pass needs it per request). */
function stopListeningSoon(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (!listening || expecting > 0) return;
    listening = false;
    browser.webRequest.onHeadersReceived.removeListener(onHeadersReceived as never);
    seen.clear();
  }, IDLE_MS);
}

function waitFor(key: string): Promise<RedirectSeen | undefined> {
  const early = seen.get(key);
  if (early) {
    seen.delete(key);
    return Promise.resolve(early);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiters.delete(key);
      resolve(undefined);
    }, EVENT_WAIT_MS);
    waiters.set(key, (found) => {
      clearTimeout(timer);
      resolve(found);
    });
  });
}

/**
 * Runs `doFetch` (one fetch of `method` to `url` with `redirect: 'manual'`). When its answer is an
 * opaque redirect, `redirect` is the status and Location the server sent (undefined if the browser
 * never reported them).
 */
export async function fetchSeeingRedirect(
  method: string,
  url: string,
  doFetch: () => Promise<Response>,
): Promise<{ response: Response; redirect?: RedirectSeen }> {
  const key = keyOf(method, url);
  expecting++;
  listen();
  seen.delete(key);
  try {
    const response = await doFetch();
    if (response.type !== 'opaqueredirect') return { response };
    return { response, redirect: await waitFor(key) };
  } finally {
    expecting--;
    stopListeningSoon();
  }
}
