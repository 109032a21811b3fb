/**
 * Sets the Origin, Referer and (for cross-site items) Cookie headers of the extension's own replay
 * requests with declarativeNetRequest session rules: a worker's fetch would otherwise send
 * `Origin: chrome-extension://...` and no Referer.
 *
 * A rule must never apply to anybody else's request, nor to another request of the extension's:
 * - it matches only requests made by the extension itself (`initiatorDomains`: the extension's host;
 *   a web page's service worker, another extension or a page never match), from no tab, fetch
 *   requests only, to exactly the one URL with the one method it was made for;
 * - every request of the extension to an origin goes through `withRequestRule`, one at a time per
 *   origin, so at most one rule per origin exists, covering the request in flight: a redirect hop or
 *   a page re-read gets its own rule (or none) and never another request's;
 * - it is removed LINGER_MS after its request ends, unless the next request of the same lane is the
 *   same (same URL, method and headers), which then reuses it (a rule update costs a few ms).
 * Session rules survive a worker restart: clearHeaderRules removes leftovers at start-up.
 */
import { browser } from 'wxt/browser';
import { logFailure } from '../core/log';

export interface HeaderOverrides {
  /** Set to this value; removed when undefined. */
  origin?: string;
  /** Set to this value; removed when undefined. */
  referer?: string;
  /** A string: set as the Cookie header; null: removed; undefined: left to the browser. */
  cookie?: string | null;
}

/** How long an unused rule stays, so that a lane's next identical request can reuse it. */
const LINGER_MS = 50;
/** DNR patterns are kept short: a longer URL is matched by its prefix (still one request per origin). */
const MAX_PATTERN_CHARS = 2000;

interface ActiveRule {
  id: number;
  key: string;
  inUse: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

let nextRuleId = 1;
const rules = new Map<string, ActiveRule>();
const lanes = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier call for `origin` has settled. */
function serialized<T>(origin: string, work: () => Promise<T>): Promise<T> {
  const before = lanes.get(origin) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(work);
  const tail = run.catch(() => undefined);
  lanes.set(origin, tail);
  void tail.then(() => {
    if (lanes.get(origin) === tail) lanes.delete(origin);
  });
  return run;
}

/** The urlFilter that matches `url` exactly (`|` anchors; `*` and `^` in a URL only widen it slightly). */
export function exactUrlFilter(url: string): string {
  const pattern = url.replace(/\|/g, '*');
  return pattern.length > MAX_PATTERN_CHARS ? `|${pattern.slice(0, MAX_PATTERN_CHARS)}*` : `|${pattern}|`;
}

function requestHeaderActions(overrides: HeaderOverrides) {
  type HeaderInfo = { header: string; operation: 'set' | 'remove'; value?: string };
  const actions: HeaderInfo[] = [
    overrides.origin
      ? { header: 'origin', operation: 'set', value: overrides.origin }
      : { header: 'origin', operation: 'remove' },
    overrides.referer
      ? { header: 'referer', operation: 'set', value: overrides.referer }
      : { header: 'referer', operation: 'remove' },
  ];
  if (typeof overrides.cookie === 'string')
    actions.push({ header: 'cookie', operation: 'set', value: overrides.cookie });
  else if (overrides.cookie === null) actions.push({ header: 'cookie', operation: 'remove' });
  return actions;
}

function extensionHost(): string {
  return new URL(browser.runtime.getURL('/')).host;
}

/** Removes rules left over by a previous worker (session rules survive worker restarts). */
export async function clearHeaderRules(): Promise<void> {
  const existing = await browser.declarativeNetRequest.getSessionRules();
  if (existing.length)
    await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: existing.map((r) => r.id) });
  nextRuleId = existing.reduce((max, r) => Math.max(max, r.id), 0) + 1;
  for (const rule of rules.values()) clearTimeout(rule.timer);
  rules.clear();
}

/** Removes every rule not serving a request right now (the end of a replay pass). */
export async function releaseHeaderRules(): Promise<void> {
  await Promise.all([...rules.keys()].map((origin) => removeIdle(origin)));
}

function removeIdle(origin: string): Promise<void> {
  return serialized(origin, async () => {
    const rule = rules.get(origin);
    if (!rule || rule.inUse) return;
    clearTimeout(rule.timer);
    rules.delete(origin);
    await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: [rule.id] });
  });
}

/**
 * Runs `send` (which must make exactly one fetch of `method` to `url`) under a rule that sets (or
 * removes) Origin, Referer and Cookie on that request alone.
 */
export function withRequestRule<T>(
  url: string,
  method: string,
  overrides: HeaderOverrides,
  send: () => Promise<T>,
): Promise<T> {
  const origin = new URL(url).origin;
  const requestHeaders = requestHeaderActions(overrides);
  const key = JSON.stringify([url, method, requestHeaders]);
  return serialized(origin, async () => {
    const current = rules.get(origin);
    if (current) clearTimeout(current.timer);
    let rule = current;
    if (current?.key !== key) {
      const id = nextRuleId++;
      // Forget the old rule first: if the update fails, the next request starts from a clean slate.
      rules.delete(origin);
      await browser.declarativeNetRequest.updateSessionRules({
        removeRuleIds: current ? [current.id] : [],
        addRules: [
          {
            id,
            priority: 1,
            action: { type: 'modifyHeaders', requestHeaders } as never,
            condition: {
              urlFilter: exactUrlFilter(url),
              initiatorDomains: [extensionHost()],
              tabIds: [-1],
              resourceTypes: ['xmlhttprequest'] as never,
              requestMethods: [method.toLowerCase()] as never,
            },
          },
        ],
      });
      rule = { id, key, inUse: false };
      rules.set(origin, rule);
    }
    rule!.inUse = true;
    try {
      return await send();
    } finally {
      rule!.inUse = false;
      rule!.timer = setTimeout(() => void removeIdle(origin).catch(logFailure('header rules')), LINGER_MS);
    }
  });
}
