// Shared helpers for the benchmarks: browsers, loopback servers, seeding the queue, statistics.
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Every resource a benchmark opens, closed in reverse order by cleanup(). */
const resources = [];
export function track(close) {
  resources.push(close);
  return close;
}
export async function cleanup() {
  while (resources.length) {
    const close = resources.pop();
    try {
      await close();
    } catch (error) {
      console.error('cleanup:', error?.message ?? error);
    }
  }
}

/** `promise`, or a rejection naming `what` after `ms` (so that a stuck step fails the run instead of stalling it). */
export function bounded(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Ids of the processes whose command line names `dir` (the browsers this script launched with that profile). */
function processesUsing(dir) {
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`--user-data-dir=${dir}`))
        pids.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
}

/** A persistent Chromium context, with the extension at `extensionDir` or without any. Closed and removed by cleanup(). */
export async function launch(extensionDir) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-bench-profile-'));
  const args = extensionDir
    ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
    : ['--disable-extensions'];
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // context.close() has no timeout of its own and has been seen to hang (a persistent context with
    // an extension): after 30 s, end this browser's processes (found by their unique profile dir).
    await bounded(context.close(), 30_000, 'closing Chromium').catch((error) => {
      console.error(`${error.message}; ending its processes`);
      for (const pid of processesUsing(dir)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    });
  };
  track(async () => {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { context, dir, close };
}

/** The extension's service worker and id. */
export async function extensionWorker(context) {
  const live = context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://'));
  const worker = live[live.length - 1] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  return { worker, id: new URL(worker.url()).host };
}

/**
 * A loopback HTTP server. `routes` maps a GET path to [contentType, body]. Any other request is a
 * submission: it is counted (with its arrival time) and answered 200 "ok" with permissive CORS,
 * after `server.responseDelayMs` (0 by default; set it to stand for a real server's time and round trip).
 */
export async function startServer(routes = {}) {
  const arrivals = [];
  const sockets = new Set();
  const state = { responseDelayMs: 0 };
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const route = req.method === 'GET' ? routes[pathname] : undefined;
    if (route) {
      req.resume();
      res.writeHead(200, { 'content-type': route[0], 'cache-control': 'no-store' });
      res.end(route[1]);
      return;
    }
    if (req.method === 'OPTIONS') {
      req.resume();
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': '*',
        'access-control-allow-methods': 'POST, GET',
      });
      res.end();
      return;
    }
    let bytes = 0;
    req.on('data', (chunk) => (bytes += chunk.length));
    req.on('end', () => {
      arrivals.push({ at: performance.now(), path: pathname, bytes });
      const answer = () => {
        res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
        res.end('ok');
      };
      if (state.responseDelayMs > 0) setTimeout(answer, state.responseDelayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  const close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  track(close);
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    arrivals,
    reset: () => void (arrivals.length = 0),
    close,
    set responseDelayMs(ms) {
      state.responseDelayMs = ms;
    },
    get responseDelayMs() {
      return state.responseDelayMs;
    },
  };
}

/** Waits until `servers` together have received `count` submissions; returns the time of the last one (performance.now()). */
export async function waitForArrivals(servers, count, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const all = servers.flatMap((s) => s.arrivals);
    if (all.length >= count) return Math.max(...all.map((a) => a.at));
    if (performance.now() > deadline)
      throw new Error(`only ${all.length} of ${count} requests arrived within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The 20 fields of a typical form (contact + order details), as [name, value] pairs. `n` varies the values. */
export function typicalFields(n) {
  return [
    ['name', `Ada Lovelace ${n}`],
    ['email', `ada${n}@example.org`],
    ['phone', '+44 20 7946 0958'],
    ['company', 'Analytical Engines Ltd'],
    ['street', "12 St James's Square"],
    ['city', 'London'],
    ['postcode', 'SW1Y 4JH'],
    ['country', 'GB'],
    ['date', '2025-11-28'],
    ['time', '14:30'],
    ['quantity', String((n % 9) + 1)],
    ['product', 'difference-engine-no-2'],
    ['colour', 'brass'],
    ['newsletter', 'on'],
    ['terms', 'on'],
    ['priority', 'normal'],
    ['referral', 'search'],
    ['subject', `Order enquiry #${n}`],
    [
      'message',
      `Hello,\nI would like to order a replica for our museum. Could you confirm delivery times and the crate size? Reference ${n}.\nThanks, Ada`,
    ],
    ['_token', 'e1f9c2a7b04d4c8f9a6b3d2e1f0a9b8c'],
  ];
}

export function urlencode(fields) {
  return fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`.replace(/%20/g, '+')).join('&');
}

/**
 * Opens an extension page with no UI of its own (the manifest) to use the extension's IndexedDB, once
 * the extension has created its database. The page gets `window.__openOutbox()`, which opens that
 * database without ever creating it (opening a database that does not exist yet would create an
 * empty one, whose connection then blocks the extension's own upgrade: a stall, seen once when a
 * section seeded the queue right after the browser started), and closes its connection whenever the
 * extension needs to upgrade.
 */
export async function extensionPage(context, id) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/manifest.json`);
  await page.evaluate(() => {
    window.__openOutbox = () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('form-outbox');
        request.onupgradeneeded = () => request.transaction.abort(); // not there yet: create nothing
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('items')) {
            db.close();
            reject(new Error('the outbox database is not created yet'));
            return;
          }
          db.onversionchange = () => db.close();
          resolve(db);
        };
        request.onerror = () =>
          reject(new Error(`the outbox database cannot be opened: ${request.error?.name ?? 'unknown'}`));
      });
  });
  // Items written behind the extension's back: the counts record it keeps (utils/db/status-counts.ts)
  // is written again from the status index, as the extension itself does for a database without one.
  await page.evaluate(() => {
    window.__recount = (db) =>
      new Promise((resolve, reject) => {
        const counts = { pending: 0, sending: 0, failed: 0, sent: 0 };
        const tx = db.transaction(['items', 'meta'], 'readwrite');
        const cursor = tx.objectStore('items').index('status').openKeyCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (c) {
            counts[c.key] += 1;
            c.continue();
          } else tx.objectStore('meta').put({ key: 'statusCounts', value: counts });
        };
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
  });
  await waitFor(
    () =>
      page.evaluate(() =>
        window.__openOutbox().then(
          (db) => (db.close(), true),
          () => false,
        ),
      ),
    60_000,
    'the extension to create its database',
  );
  return page;
}

/**
 * Seeds queue items straight into the extension's database (schema of utils/db/database.ts, item
 * shape of outbox-repository enqueueItem), in batches. `spec`: { count, targets: string[] (action URLs,
 * round-robin), status?: (i) => status, fileBytes?: number }.
 * Returns the raw payload bytes (UTF-8 names + values + file bytes).
 */
export async function seedItems(page, spec) {
  return bounded(
    page.evaluate(
      async ({ count, targets, statuses, fileBytes, fields }) => {
        const db = await window.__openOutbox();
        const done = (tx) =>
          new Promise((resolve, reject) => {
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error);
          });
        const seqTx = db.transaction('meta', 'readonly');
        const seqGet = seqTx.objectStore('meta').get('seq');
        await done(seqTx);
        let seq = seqGet.result?.value ?? 0;
        const encoder = new TextEncoder();
        let raw = 0;
        const now = Date.now();
        const BATCH = 250;
        for (let start = 0; start < count; start += BATCH) {
          const tx = db.transaction(['items', 'meta'], 'readwrite');
          const store = tx.objectStore('items');
          for (let i = start; i < Math.min(count, start + BATCH); i++) {
            const url = targets[i % targets.length];
            const origin = new URL(url).origin;
            const entries = fields.map(([name, value]) => ({ name, value: value.replace('{n}', String(i)) }));
            for (const e of entries) raw += encoder.encode(e.name).length + encoder.encode(e.value).length;
            if (fileBytes) {
              const bytes = new Uint8Array(fileBytes);
              for (let o = 0; o < fileBytes; o += 65536)
                crypto.getRandomValues(bytes.subarray(o, Math.min(fileBytes, o + 65536)));
              entries.push({
                name: 'attachment',
                file: {
                  name: `scan-${i}.jpg`,
                  type: 'image/jpeg',
                  lastModified: now,
                  blob: new Blob([bytes], { type: 'image/jpeg' }),
                },
              });
              raw += fileBytes;
            }
            const id = crypto.randomUUID();
            const status = statuses[i % statuses.length];
            seq += 1;
            store.put({
              id,
              idempotencyKey: id,
              seq,
              origin,
              status,
              request: {
                method: 'POST',
                url,
                enctype: fileBytes ? 'multipart/form-data' : 'application/x-www-form-urlencoded',
                entries,
              },
              source: {
                pageUrl: `${origin}/contact`,
                pageTitle: 'Contact us — Example Shop',
                referrerPolicy: 'strict-origin-when-cross-origin',
              },
              fingerprint: crypto.randomUUID().replace(/-/g, '').slice(0, 14),
              capturedAt: now - (count - i) * 1000,
              updatedAt: now - (count - i) * 1000,
              attempts: status === 'pending' ? 0 : 1,
              nextAttemptAt: now - (count - i) * 1000,
              ...(status === 'failed'
                ? {
                    lastError: {
                      kind: 'http',
                      status: 422,
                      message: 'The site rejected the submission (422 Unprocessable Content).',
                      at: now,
                    },
                  }
                : {}),
              ...(status === 'sent' ? { result: { status: 200, finalUrl: url, redirected: false, sentAt: now } } : {}),
            });
          }
          tx.objectStore('meta').put({ key: 'seq', value: seq });
          await done(tx);
        }
        await window.__recount(db);
        db.close();
        return raw;
      },
      {
        count: spec.count,
        targets: spec.targets,
        statuses: spec.statuses ?? ['pending'],
        fileBytes: spec.fileBytes ?? 0,
        fields: typicalFields('{n}'),
      },
    ),
    300_000,
    `seeding ${spec.count} items`,
  );
}

/** Deletes every queue item (and staged upload). */
export async function clearItems(page) {
  await bounded(
    page.evaluate(async () => {
      const db = await window.__openOutbox();
      try {
        const tx = db.transaction(['items', 'uploads', 'meta'], 'readwrite');
        tx.objectStore('items').clear();
        tx.objectStore('uploads').clear();
        tx.objectStore('meta').put({ key: 'statusCounts', value: { pending: 0, sending: 0, failed: 0, sent: 0 } });
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    }),
    120_000,
    'clearing the queue',
  );
}

/** Counts of items by status. */
export async function countItems(page) {
  return bounded(
    page.evaluate(async () => {
      const db = await window.__openOutbox();
      try {
        const counts = {};
        const tx = db.transaction('items');
        const cursor = tx.objectStore('items').index('status').openKeyCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return;
          counts[c.key] = (counts[c.key] ?? 0) + 1;
          c.continue();
        };
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
        return counts;
      } finally {
        db.close();
      }
    }),
    60_000,
    'counting the queue',
  );
}

export async function waitFor(predicate, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * A 95% bootstrap interval of median(a) / median(b) (resampling each side), deterministic seed.
 */
export function bootstrapRatio(a, b, rounds = 2000) {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const resample = (xs) => xs.map(() => xs[Math.floor(rand() * xs.length)]);
  const ratios = [];
  for (let i = 0; i < rounds; i++) ratios.push(median(resample(a)) / median(resample(b)));
  return [quantile(ratios, 0.025), quantile(ratios, 0.975)];
}

/** A 95% bootstrap interval of median(a) - median(b) (resampling each side), deterministic seed. */
export function bootstrapDifference(a, b, rounds = 2000) {
  let seed = 54321;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const resample = (xs) => xs.map(() => xs[Math.floor(rand() * xs.length)]);
  const differences = [];
  for (let i = 0; i < rounds; i++) differences.push(median(resample(a)) - median(resample(b)));
  return [quantile(differences, 0.025), quantile(differences, 0.975)];
}

/** Attaches to the extension's service worker over CDP (through a page's session) and sends `method`. */
export async function workerCdp(context, page, workerUrlPrefix) {
  const session = await context.newCDPSession(page);
  const { targetInfos } = await session.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(workerUrlPrefix));
  if (!target) throw new Error(`no service worker target for ${workerUrlPrefix}`);
  const { sessionId } = await session.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 1;
  const pending = new Map();
  session.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  return {
    send(method, params = {}) {
      const id = nextId++;
      return bounded(
        new Promise((resolve, reject) => {
          pending.set(id, { resolve, reject });
          session
            .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
            .catch(reject);
        }),
        60_000,
        `${method} on the service worker`,
      ).finally(() => pending.delete(id));
    },
    async detach() {
      await session.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await session.detach().catch(() => undefined);
    },
  };
}

/** Total size of the files under `dir` whose path matches `filter`. */
export function duBytes(dir, filter = () => true) {
  let total = 0;
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (filter(p)) total += fs.statSync(p).size;
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return total;
}
