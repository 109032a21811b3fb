/**
 * Two sites for the security-page suite (tests/e2e/security-page.spec.ts): one recording HTTP server
 * per site, each listening on every loopback address (support/framework-server.ts `listen`), so
 * that the victim is addressed as http://localhost:<port> and the attacker as http://127.0.0.1:<port>
 * (two schemeful sites: SameSite, Origin and redirects behave as between two real domains).
 *
 * Every request is recorded with its headers, body and the status answered. Routes are plain
 * functions, replaceable during a test (a form page that starts redirecting elsewhere).
 */
import type http from 'node:http';
import { listen } from './framework-server';
import type { RecordedRequest, ScriptedResponse } from './form-server';

type Route = (request: RecordedRequest, count: number) => ScriptedResponse | Promise<ScriptedResponse>;

export interface Site {
  /** `http://localhost:<port>` or `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly port: number;
  /** Every request received (favicon excluded), in order. */
  readonly log: RecordedRequest[];
  /** Requests whose path (and query) starts with `prefix`, of `method` when given. */
  received(prefix: string, method?: string): RecordedRequest[];
  /** Answers every method at `path` (query ignored) with `route`; replaces an earlier route. */
  route(path: string, route: Route): void;
  /** Serves `html` (200) at `path`, with extra response headers. */
  page(path: string, html: string, headers?: Record<string, string>): void;
  /** Waits until `count` requests to `prefix` (of `method` when given) have been answered. */
  waitFor(prefix: string, count: number, method?: string, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** True when any request's URL, headers or body contains `needle`. */
  sawAnywhere(needle: string): boolean;
  close(): Promise<void>;
}

/** Cookies of the victim: one of each SameSite kind (None needs Secure; both browsers keep it on http://localhost). */
export const VICTIM_COOKIES = { lax: 'L', strict: 'S', none: 'N' } as const;

/** A recording site. `host` decides how the tests address it (both names reach the server). */
export async function startSite(host: 'localhost' | '127.0.0.1'): Promise<Site> {
  const routes = new Map<string, Route>();
  const counts = new Map<string, number>();
  const log: RecordedRequest[] = [];
  const app: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: Date.now(),
        status: 0,
      };
      if (path !== '/favicon.ico') log.push(recorded);
      const count = (counts.get(path) ?? 0) + 1;
      counts.set(path, count);
      const route = routes.get(path);
      let answer: ScriptedResponse;
      try {
        answer = route ? await route(recorded, count) : { status: 404, body: 'not found' };
      } catch (error) {
        answer = { status: 500, body: String(error) };
      }
      recorded.status = answer.status;
      if (res.destroyed) return;
      res.writeHead(answer.status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...answer.headers,
      });
      res.end(answer.body ?? '');
    });
  };
  const server = await listen(app);
  const origin = `http://${host}:${server.port}`;
  const matching = (prefix: string, method?: string) =>
    log.filter((r) => r.url.startsWith(prefix) && (!method || r.method === method));

  const site: Site = {
    origin,
    port: server.port,
    log,
    received: matching,
    route: (path, route) => void routes.set(path, route),
    page: (path, html, headers = {}) => void routes.set(path, () => ({ status: 200, headers, body: html })),
    async waitFor(prefix, count, method, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = matching(prefix, method).filter((r) => r.status);
        if (got.length >= count) return got;
        if (Date.now() > deadline)
          throw new Error(
            `${origin} expected ${count} ${method ?? ''} request(s) to ${prefix} within ${timeoutMs} ms, got ${got.length}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    sawAnywhere: (needle) =>
      log.some(
        (r) =>
          r.url.includes(needle) ||
          JSON.stringify(r.headers).includes(needle) ||
          r.body.toString('latin1').includes(needle),
      ),
    close: server.close,
  };
  // One cookie of each SameSite kind, set by visiting /set-cookies.
  site.route('/set-cookies', () => ({
    status: 200,
    headers: {
      'set-cookie': [
        `lax=${VICTIM_COOKIES.lax}; Path=/; SameSite=Lax`,
        `strict=${VICTIM_COOKIES.strict}; Path=/; SameSite=Strict`,
        `none=${VICTIM_COOKIES.none}; Path=/; SameSite=None; Secure`,
      ] as unknown as string,
    },
    body: '<!doctype html><meta charset="utf-8"><title>Cookies set</title><p>ok</p>',
  }));
  return site;
}

/** The cookie names a request carried, sorted (`lax=L; none=N` -> ['lax', 'none']). */
export function cookieNames(request: RecordedRequest): string[] {
  const header = request.headers.cookie;
  if (!header) return [];
  return String(header)
    .split(/;\s*/)
    .filter(Boolean)
    .map((c) => c.split('=')[0])
    .sort();
}

/** A minimal HTML page. */
export function htmlPage(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><h1>${title}</h1>${body}</body></html>`;
}

/**
 * Runs in an extension page: every object store of the extension's database `name`, every record
 * with its key, as JSON text. Blobs (and Files) become their bytes read as text, ArrayBuffers and
 * typed arrays their bytes as Latin-1 text, so a search of the dump finds a string wherever it is
 * stored readable, files included.
 */
export function dumpDatabase(name: string): Promise<Record<string, Array<{ key: unknown; value: unknown }>>> {
  const latin1 = (bytes: Uint8Array) => {
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return text;
  };
  const serialize = async (value: unknown, depth = 0): Promise<unknown> => {
    if (depth > 40) return '[too deep]';
    if (value instanceof Blob)
      return {
        blob: latin1(new Uint8Array(await value.arrayBuffer())),
        type: value.type,
        ...(value instanceof File ? { fileName: value.name } : {}),
      };
    if (value instanceof ArrayBuffer) return { bytes: latin1(new Uint8Array(value)) };
    if (ArrayBuffer.isView(value))
      return { bytes: latin1(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const v of value) out.push(await serialize(v, depth + 1));
      return out;
    }
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = await serialize(v, depth + 1);
      return out;
    }
    return value;
  };
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = Array.from(db.objectStoreNames);
      if (!names.length) {
        db.close();
        resolve({});
        return;
      }
      const tx = db.transaction(names, 'readonly');
      const raw: Record<string, { keys: IDBValidKey[]; values: unknown[] }> = {};
      for (const store of names) {
        const entry = { keys: [] as IDBValidKey[], values: [] as unknown[] };
        raw[store] = entry;
        const keys = tx.objectStore(store).getAllKeys();
        keys.onsuccess = () => void (entry.keys = keys.result);
        const values = tx.objectStore(store).getAll();
        values.onsuccess = () => void (entry.values = values.result);
      }
      tx.onerror = () => reject(tx.error);
      tx.oncomplete = async () => {
        db.close();
        try {
          const out: Record<string, Array<{ key: unknown; value: unknown }>> = {};
          for (const [store, { keys, values }] of Object.entries(raw)) {
            out[store] = [];
            for (let i = 0; i < values.length; i++)
              out[store].push({ key: await serialize(keys[i]), value: await serialize(values[i]) });
          }
          resolve(out);
        } catch (error) {
          reject(error);
        }
      };
    };
  });
}

/**
 * Where `needle` occurs in a dump (dumpDatabase): `store[key].path.to.field` for every string that
 * contains it, so that a failure names the stored field that leaks it.
 */
export function findInDump(dump: Record<string, Array<{ key: unknown; value: unknown }>>, needle: string): string[] {
  const hits: string[] = [];
  const walk = (value: unknown, at: string) => {
    if (typeof value === 'string') {
      if (value.includes(needle)) hits.push(at);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${at}[${i}]`));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
    }
  };
  for (const [store, rows] of Object.entries(dump)) {
    for (const row of rows) {
      walk(row.key, `${store}[${JSON.stringify(row.key)}].key`);
      walk(row.value, `${store}[${JSON.stringify(row.key)}]`);
    }
  }
  return hits;
}
