/**
 * A local HTTP server for end-to-end tests: serves form pages, records every request byte for byte,
 * and answers submissions with scripted responses (303 by default, or 503, 422...). It can be
 * stopped and started again on the same port to play an unreachable server.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  at: number;
  /** The status the server answered with. */
  status: number;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

type Responder = (request: RecordedRequest, count: number) => ScriptedResponse | Promise<ScriptedResponse>;

export interface FormServer {
  readonly origin: string;
  readonly port: number;
  readonly listening: boolean;
  /** Requests whose path starts with `prefix` (default: all non-page requests). */
  received(prefix?: string): RecordedRequest[];
  /** Serves `html` at GET `path`. */
  page(path: string, html: string, headers?: Record<string, string>): void;
  /** Answers requests to `path` (any method, query ignored) with `responder`. */
  respond(path: string, responder: Responder): void;
  /** Waits until `count` requests with the prefix have arrived. */
  waitForRequests(prefix: string, count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export const SUBMIT_PREFIX = '/submit';

export async function startFormServer(): Promise<FormServer> {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const responders = new Map<string, Responder>();
  const counts = new Map<string, number>();
  const log: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let port = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const page = req.method === 'GET' ? pages.get(path) : undefined;
      if (page) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers });
        res.end(page.html);
        return;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: Date.now(),
        status: 0,
      };
      const count = (counts.get(path) ?? 0) + 1;
      counts.set(path, count);
      const responder = responders.get(path);
      if (path !== '/thanks' && path !== '/favicon.ico') log.push(recorded);
      const answer: ScriptedResponse = responder
        ? await responder(recorded, count)
        : path === '/thanks'
          ? { status: 200, body: '<!doctype html><title>Thanks</title><h1>Thanks</h1>' }
          : { status: 303, headers: { location: '/thanks' } };
      recorded.status = answer.status;
      if (res.destroyed) return;
      res.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8', ...answer.headers });
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
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  await listen();

  return {
    get origin() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get listening() {
      return server.listening;
    },
    received: (prefix = '') => log.filter((r) => r.url.startsWith(prefix)),
    page: (path, html, headers = {}) => void pages.set(path, { html, headers }),
    respond: (path, responder) => void responders.set(path, responder),
    async waitForRequests(prefix, count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const got = log.filter((r) => r.url.startsWith(prefix));
        if (got.length >= count) return got;
        await new Promise((r) => setTimeout(r, 50));
      }
      const got = log.filter((r) => r.url.startsWith(prefix));
      throw new Error(`Expected ${count} request(s) to ${prefix} within ${timeoutMs} ms, got ${got.length}`);
    },
    stop,
    start: listen,
    close: stop,
  };
}

/**
 * What must be identical between a native submission and its replay: method, URL, the Content-Type
 * and the body byte for byte (the multipart boundary, random per request, replaced by a token),
 * and the Origin, Referer and Cookie headers.
 */
export function comparable(request: RecordedRequest) {
  const contentType = String(request.headers['content-type'] ?? '');
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  let body = request.body.toString('latin1');
  if (boundary) body = body.split(boundary).join('BOUNDARY');
  return {
    method: request.method,
    url: request.url,
    contentType: boundary ? contentType.replace(boundary, 'BOUNDARY') : contentType,
    // Length with the boundary normalised too: browsers pick boundaries of different lengths
    // (Firefox's native "----geckoformboundary…" is longer than Chromium's), the rest must match.
    contentLength: Buffer.byteLength(body, 'latin1'),
    bodySha256: createHash('sha256').update(body, 'latin1').digest('hex'),
    bodyHead: body.slice(0, 4000),
    origin: request.headers.origin,
    referer: request.headers.referer,
    cookie: request.headers.cookie,
  };
}
