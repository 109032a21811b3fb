/**
 * Sets the Origin, Referer and (for cross-site items) Cookie headers of the extension's own replay
 * requests with declarativeNetRequest session rules (a worker's fetch would otherwise send
 * `Origin: chrome-extension://...` and no Referer). A rule lives only for one request: it matches
 * requests from no tab (the extension's worker), to the target origin, with the request's method;
 * replays of one origin are sequential, so the rule covers exactly the request being sent.
 */
import { browser } from 'wxt/browser';

let nextRuleId = 1;

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
}

/** Runs `send` with a rule that sets (or removes) Origin, Referer and Cookie on its request. */
export async function withHeaderOverrides<T>(targetUrl: string, method: string, overrides: HeaderOverrides, send: () => Promise<T>): Promise<T> {
  const id = nextRuleId++;
  const target = new URL(targetUrl);
  type HeaderInfo = { header: string; operation: 'set' | 'remove'; value?: string };
  const requestHeaders: HeaderInfo[] = [
    overrides.origin ? { header: 'origin', operation: 'set', value: overrides.origin } : { header: 'origin', operation: 'remove' },
    overrides.referer ? { header: 'referer', operation: 'set', value: overrides.referer } : { header: 'referer', operation: 'remove' },
  ];
  if (typeof overrides.cookie === 'string') requestHeaders.push({ header: 'cookie', operation: 'set', value: overrides.cookie });
  else if (overrides.cookie === null) requestHeaders.push({ header: 'cookie', operation: 'remove' });
  await browser.declarativeNetRequest.updateSessionRules({
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
  try {
    return await send();
  } finally {
    await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: [id] }).catch((error: unknown) => {
      console.error('Form Outbox: could not remove a header rule', error);
    });
  }
}
