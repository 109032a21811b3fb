/**
 * Seeds the extension's queue directly, for popup states that would take many captured submissions
 * to reach (a long list, several failures). Writes v2-schema records (utils/db/database.ts) through
 * an extension page, as readQueue reads them. Seed before opening the popup: its live query is not
 * told about writes made outside Dexie.
 */
import type { BrowserContext } from '@playwright/test';

export interface SeedItem {
  id: string;
  idempotencyKey: string;
  seq: number;
  origin: string;
  status: 'pending' | 'failed' | 'sent';
  request: {
    method: 'POST';
    url: string;
    enctype: 'application/x-www-form-urlencoded';
    entries: Array<{ name: string; value: string }>;
  };
  source: { pageUrl: string; pageTitle: string; referrerPolicy: string };
  fingerprint: string;
  capturedAt: number;
  updatedAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError?: { kind: string; message?: string; detail?: string; status?: number; statusText?: string; at: number };
  result?: { status: number; finalUrl: string; redirected: boolean; sentAt: number };
}

/**
 * One item posting `value` to `${origin}${path}`. Failed items carry a 422 error; pending ones are
 * due in an hour (nothing sends them unless asked); sent ones have a result.
 */
export function seedItem(
  origin: string,
  n: number,
  status: SeedItem['status'],
  path = '/submit/seeded',
  title = `Seeded ${n}`,
): SeedItem {
  const now = Date.now();
  const url = `${origin}${path}`;
  return {
    id: `seed-${status}-${n}`,
    idempotencyKey: `seed-key-${status}-${n}`,
    seq: n,
    origin,
    status,
    request: {
      method: 'POST',
      url,
      enctype: 'application/x-www-form-urlencoded',
      entries: [{ name: 'n', value: String(n) }],
    },
    source: { pageUrl: `${origin}/form/seeded`, pageTitle: title, referrerPolicy: 'strict-origin-when-cross-origin' },
    fingerprint: `seed-fp-${status}-${n}`,
    capturedAt: now - 60_000 - n,
    updatedAt: now - n,
    attempts: status === 'pending' ? 0 : 1,
    nextAttemptAt: status === 'pending' ? now + 3_600_000 : now,
    ...(status === 'failed'
      ? { lastError: { kind: 'http', status: 422, detail: `HTTP 422 Unprocessable Entity from ${url}`, at: now } }
      : {}),
    ...(status === 'sent'
      ? { result: { status: 200, finalUrl: `${origin}/thanks`, redirected: true, sentAt: now - n } }
      : {}),
  };
}

/** Writes `items` into the extension's database (waiting for the worker to have created it). */
export async function seedQueue(context: BrowserContext, extensionId: string, items: SeedItem[]): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await page.evaluate(
      (items) =>
        new Promise<void>((resolve, reject) => {
          const attempt = (left: number) => {
            const open = indexedDB.open('form-outbox');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('items')) {
                db.close();
                if (left <= 0) return reject(new Error('the extension never created its database'));
                return setTimeout(() => attempt(left - 1), 200);
              }
              const tx = db.transaction(['items', 'meta'], 'readwrite');
              for (const item of items) tx.objectStore('items').put(item);
              // The counts the extension keeps (utils/db/status-counts.ts), walked again as it does itself
              // when it finds them wrong: the badge and the popup read them.
              const counts: Record<string, number> = { pending: 0, sending: 0, failed: 0, sent: 0 };
              const cursor = tx.objectStore('items').index('status').openKeyCursor();
              cursor.onsuccess = () => {
                const c = cursor.result;
                if (!c) return tx.objectStore('meta').put({ key: 'statusCounts', value: counts });
                counts[c.key as string] += 1;
                c.continue();
              };
              tx.oncomplete = () => {
                db.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          };
          attempt(50);
        }),
      items,
    );
  } finally {
    await page.close();
  }
}

/**
 * Items in every state the popup, the rescued page and the reply viewer show, posting to `origin`:
 * waiting, waiting after an interruption (maybe sent), sent with a stored reply, and failed for each
 * kind of reason (refused, signed out, gave up, the form again with the site's words, a conflict, a
 * redirect elsewhere, another account). `seed-pending-1`, `seed-failed-2` and `seed-sent-3` are the
 * ones the rescued page and reply viewer open.
 */
export function seedEveryState(origin: string): SeedItem[] {
  const now = Date.now();
  const base = (n: number, status: SeedItem['status'], path: string) => seedItem(origin, n, status, path, `Order ${n}`);
  const failed = (n: number, lastError: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ({
      ...base(n, 'failed', `/submit/f${n}`),
      attempts: 2,
      lastError: { at: now, detail: `HTTP 422 from ${origin}/submit/f${n}`, ...lastError },
      ...extra,
    }) as unknown as SeedItem;
  return [
    base(1, 'pending', '/submit/order'),
    failed(2, { kind: 'http', status: 422 }, { hasReply: true }),
    { ...base(3, 'sent', '/submit/sent'), hasReply: true } as unknown as SeedItem,
    {
      ...base(4, 'pending', '/submit/maybe'),
      attempts: 1,
      maybeSent: true,
      lastError: { kind: 'interrupted', interruption: 'restart', at: now },
    } as unknown as SeedItem,
    failed(5, { kind: 'auth', status: 401 }),
    failed(6, { kind: 'expired', status: 503, attempts: 9, retryWindowMs: 3 * 86_400_000 }),
    failed(7, { kind: 'form-again', status: 200, siteMessage: 'Enter a valid email address.' }),
    failed(8, { kind: 'conflict', status: 409 }),
    failed(9, { kind: 'redirected', status: 307, redirectedTo: 'elsewhere.example' }),
    failed(10, { kind: 'auth', status: 401 }, { accountMismatch: { captured: 'ana', shown: 'ben' } }),
    failed(11, { kind: 'network' }),
    failed(12, { kind: 'invalid' }),
  ];
}

/** Stores a server answer for each item id (the replies table), as the replay keeps them. */
export async function seedReplies(
  context: BrowserContext,
  extensionId: string,
  replies: Array<{ itemId: string; body: string; finalUrl: string; status: number }>,
): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await page.evaluate(
      (replies) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('form-outbox');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('replies', 'readwrite');
            for (const r of replies) {
              tx.objectStore('replies').put({
                itemId: r.itemId,
                at: Date.now(),
                reply: {
                  status: r.status,
                  statusText: '',
                  finalUrl: r.finalUrl,
                  redirected: false,
                  contentType: 'text/html',
                  body: r.body,
                },
              });
            }
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      replies,
    );
  } finally {
    await page.close();
  }
}
