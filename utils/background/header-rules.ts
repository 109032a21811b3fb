/**
 * Sets the Origin, Referer and (for cross-site items) Cookie headers of the extension's own replay
 * requests with declarativeNetRequest session rules (a worker's fetch would otherwise send
 * `Origin: chrome-extension://...` and no Referer). A rule matches requests from no tab (the
 * extension's worker), to the target origin, with the request's method. Replays of one origin are
 * sequential, so the rule covers exactly the request being sent; consecutive requests that need the
 * same headers keep the same rule (a rule update costs milliseconds, per item), and every rule is
 * removed when the replay pass ends (releaseHeaderRules), so none outlives its requests.
 */
import { browser } from 'wxt/browser';

let nextRuleId = 1;
/** The rule in force for each target origin and method during a replay pass, with the headers it sets. */
const active = new Map<string, { id: number; key: string }>();

export interface HeaderOverrides {
  /** Set to this value; removed when undefined. */
  origin?: string;
  /** Set to this value; removed when undefined. */
  referer?: string;
  /** A string: set as the Cookie header; null: removed; undefined: left to the browser. */
  cookie?: string | null;
}

/** Removes rules left over by a previous worker (session rules survive worker restarts). */
export async function clearHeaderRules(): Promise<void> {
  const existing = await browser.declarativeNetRequest.getSessionRules();
  if (existing.length) await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: existing.map((r) => r.id) });
  nextRuleId = existing.reduce((max, r) => Math.max(max, r.id), 0) + 1;
  active.clear();
}

/** Removes the rules of the replay pass that just ended. */
export async function releaseHeaderRules(): Promise<void> {
  const ids = [...active.values()].map((rule) => rule.id);
  active.clear();
  if (ids.length) await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: ids });
}

/** Runs `send` with a rule that sets (or removes) Origin, Referer and Cookie on its request. */
export async function withHeaderOverrides<T>(targetUrl: string, method: string, overrides: HeaderOverrides, send: () => Promise<T>): Promise<T> {
  const target = new URL(targetUrl);
  type HeaderInfo = { header: string; operation: 'set' | 'remove'; value?: string };
  const requestHeaders: HeaderInfo[] = [
    overrides.origin ? { header: 'origin', operation: 'set', value: overrides.origin } : { header: 'origin', operation: 'remove' },
    overrides.referer ? { header: 'referer', operation: 'set', value: overrides.referer } : { header: 'referer', operation: 'remove' },
  ];
  if (typeof overrides.cookie === 'string') requestHeaders.push({ header: 'cookie', operation: 'set', value: overrides.cookie });
  else if (overrides.cookie === null) requestHeaders.push({ header: 'cookie', operation: 'remove' });
  const key = JSON.stringify(requestHeaders);
  // Per origin and method: a lane's POSTs and another lane's token-refresh GET to the same origin
  // never replace each other's rule.
  const lane = `${method.toLowerCase()} ${target.origin}`;
  const current = active.get(lane);
  if (current?.key !== key) {
    const id = nextRuleId++;
    // Forget the old rule first: if the update fails, the next request builds a fresh one.
    active.delete(lane);
    await browser.declarativeNetRequest.updateSessionRules({
      removeRuleIds: current ? [current.id] : [],
      addRules: [
        {
          id,
          priority: 1,
          action: { type: 'modifyHeaders', requestHeaders } as never,
          condition: {
            urlFilter: `|${target.origin}/`,
            tabIds: [-1],
            requestMethods: [method.toLowerCase()] as never,
          },
        },
      ],
    });
    active.set(lane, { id, key });
  }
  return send();
}
