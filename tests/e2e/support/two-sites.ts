/**
 * Two sites on one machine for the security suite: a victim site served as http://localhost:<port>
 * and an attacker site served as http://127.0.0.1:<port> (different schemeful sites: SameSite,
 * Origin and redirect rules apply between them). Each site is a small recording HTTP server that
 * listens on every loopback address ('::', dual stack), logs every request it gets (pages
 * included: a test must be able to say "this site received nothing from the extension"), and
 * answers with pages or scripted responses. A site can be stopped and started again on the same
 * port, or created on a port that is closed until started (a "port that refuses connections").
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RecordedRequest } from './form-server';

export type { RecordedRequest };

/** A scripted answer (a header may repeat, e.g. several Set-Cookie). */
export interface Answer {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string;
}

/** Answers one request; `count` is the 1-based number of requests to this path so far. */
export type Handler = (request: RecordedRequest, count: number) => Answer | Promise<Answer>;

export interface Site {
  /** http://localhost:<port> or http://127.0.0.1:<port>. */
  readonly origin: string;
  readonly port: number;
  readonly listening: boolean;
  /** Every request whose path starts with `prefix` (and, if given, with `method`), favicon excluded. */
  received(prefix?: string, method?: string): RecordedRequest[];
  /** Serves `html` at GET `path` (200, text/html; `headers` may add Set-Cookie or override Content-Type). */
  page(path: string, html: string, headers?: Record<string, string | string[]>): void;
  /** Answers every request to `path` (any method, query ignored) with `handler`; takes precedence over page(). */
  route(path: string, handler: Handler): void;
  /** Waits until `count` requests with the prefix (and method, if given) have arrived (answered or not). */
  waitFor(prefix: string, count: number, method?: string, timeoutMs?: number): Promise<RecordedRequest[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A port that nothing listens on now (the OS's choice; free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A recording site reached as http://<host>:<port>. With `port` given and `listen` false, the port
 * stays closed (connections refused) until start().
 */
export async function startSite(
  host: 'localhost' | '127.0.0.1',
  options: { port?: number; listen?: boolean } = {},
): Promise<Site> {
  const pages = new Map<string, { html: string; headers: Record<string, string | string[]> }>();
  const handlers = new Map<string, Handler>();
  const counts = new Map<string, number>();
  const log: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let port = options.port ?? 0;

  const server = http.createServer((req, res) => {
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
      const handler = handlers.get(path);
      const page = req.method === 'GET' ? pages.get(path) : undefined;
      let answer: Answer;
      if (handler) answer = await handler(recorded, count);
      else if (page) answer = { status: 200, headers: page.headers, body: page.html };
      else answer = { status: 404, body: 'not found' };
      recorded.status = answer.status;
      if (res.destroyed) return;
      res.writeHead(answer.status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...answer.headers,
      });
      res.end(answer.body ?? '');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '::', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  if (options.listen !== false) await listen();

  const matching = (prefix: string, method?: string) =>
    log.filter((r) => r.url.startsWith(prefix) && (method === undefined || r.method === method));

  return {
    get origin() {
      return `http://${host}:${port}`;
    },
    get port() {
      return port;
    },
    get listening() {
      return server.listening;
    },
    received: (prefix = '', method) => matching(prefix, method),
    page: (path, html, headers = {}) => void pages.set(path, { html, headers }),
    route: (path, handler) => void handlers.set(path, handler),
    async waitFor(prefix, count, method, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = matching(prefix, method);
        if (got.length >= count) return got;
        if (Date.now() > deadline)
          throw new Error(
            `Expected ${count} ${method ?? 'any'} request(s) to ${host}:${port}${prefix} within ${timeoutMs} ms, got ${got.length}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop,
    start: listen,
    close: stop,
  };
}

/** The victim (http://localhost:<port>) and the attacker (http://127.0.0.1:<port>): two sites. */
export async function startTwoSites(): Promise<{ victim: Site; attacker: Site; close(): Promise<void> }> {
  const victim = await startSite('localhost');
  const attacker = await startSite('127.0.0.1');
  return { victim, attacker, close: async () => void (await Promise.all([victim.close(), attacker.close()])) };
}

/**
 * Set-Cookie values of one cookie of each SameSite kind: lax, strict and none (SameSite=None needs
 * Secure; Chromium and Firefox accept and send Secure cookies on http://localhost).
 */
export const VICTIM_COOKIES = [
  'lax=L; Path=/; SameSite=Lax',
  'strict=S; Path=/; SameSite=Strict',
  'none=N; Path=/; SameSite=None; Secure',
];

/** The names of the cookies a request carried, sorted. */
export function cookieNames(request: RecordedRequest): string[] {
  return String(request.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => c.split('=')[0])
    .sort();
}

/** One line per request, for readable failure messages: method, URL, Origin, Referer, cookie names. */
export function summary(requests: readonly RecordedRequest[]): string[] {
  return requests.map(
    (r) =>
      `${r.method} ${r.url} origin=${r.headers.origin ?? '-'} referer=${r.headers.referer ?? '-'} cookies=[${cookieNames(r).join(',')}] sec-fetch-site=${r.headers['sec-fetch-site'] ?? '-'}`,
  );
}

/** A minimal HTML page. */
export function html(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><h1>${title}</h1>${body}</body></html>`;
}

/** The form fields of a urlencoded body. */
export function formBody(request: RecordedRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.body.toString('utf8')));
}
