/**
 * Servers for the faithful-replay suite, built on a real framework's protections rather than
 * hand-rolled checks: Express 5 with express-session (a signed session cookie, SameSite=Lax,
 * HttpOnly) and csrf-sync (the synchronizer token pattern: a per-session token in a hidden input,
 * refused with 403 when missing or stale), plus a Django-style Origin check (a POST whose Origin is
 * present and is not the server's own origin is refused with 403).
 *
 * Every request is recorded (raw body, headers, the status answered) so that a test can compare
 * what the browser's own submission delivered with what the replay delivered.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import session, { MemoryStore } from 'express-session';
import { csrfSync } from 'csrf-sync';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest } from './form-server';

/** Records every request (raw body included) and the status it was answered with. */
export function createRecorder() {
  const log: RecordedRequest[] = [];
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method,
        url: req.originalUrl,
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: Date.now(),
        status: 0,
      };
      if (req.method !== 'GET' || !/^\/(favicon\.ico)$/.test(req.path)) log.push(recorded);
      // 'close' as well: a client that cancels the body (the replay does) may cut the socket before 'finish'.
      const settle = () => (recorded.status ||= res.headersSent ? res.statusCode : 0);
      res.on('finish', settle);
      res.on('close', settle);
      // Hand the raw body on: express.urlencoded reads it from req.rawBody instead of the stream.
      (req as Request & { rawBody?: Buffer }).rawBody = recorded.body;
      next();
    });
  };
  const parseForm = (req: Request, _res: Response, next: NextFunction) => {
    const raw = (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
    const type = String(req.headers['content-type'] ?? '');
    req.body = type.startsWith('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(raw.toString('utf8')))
      : {};
    next();
  };
  return {
    middleware,
    parseForm,
    received: (prefix: string, method = 'POST') => log.filter((r) => r.url.startsWith(prefix) && r.method === method),
    async waitFor(prefix: string, count: number, method = 'POST', timeoutMs = 30_000): Promise<RecordedRequest[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = log.filter((r) => r.url.startsWith(prefix) && r.method === method && r.status);
        if (got.length >= count) return got;
        if (Date.now() > deadline)
          throw new Error(`Expected ${count} ${method} request(s) to ${prefix}, got ${got.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Listens on every loopback address (so both 127.0.0.1 and localhost reach it), port chosen by the OS. */
export async function listen(app: http.RequestListener): Promise<Listening> {
  const server = http.createServer(app);
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function page(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><h1>${title}</h1>${body}</body></html>`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

declare module 'express-session' {
  interface SessionData {
    user?: string;
  }
}

export const USER = { name: 'ada', password: 'correct horse' };

/**
 * The notes app: sign in at /login, write a note at /notes/new (login required, hidden _csrf),
 * POST /notes (login required first, then the CSRF token, then the Origin check) stores it and
 * answers 303 to /notes/<n>. Helpers play the passing of time on the server: rotate every
 * session's CSRF token, or end every session.
 */
export async function startNotesApp() {
  const recorder = createRecorder();
  const store = new MemoryStore();
  const notes: Array<{ user: string; text: string }> = [];
  const { csrfSynchronisedProtection, generateToken } = csrfSync({ getTokenFromRequest: (req) => req.body?._csrf });
  const app = express();
  app.use(recorder.middleware);
  app.use(
    session({
      name: 'notes.sid',
      secret: randomBytes(16).toString('hex'),
      store,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax' },
    }),
  );
  app.use(recorder.parseForm);

  // Django >= 4.0 style: a present Origin must be this server's own origin.
  const checkOrigin = (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`) {
      res.status(403).type('text/plain').send(`Origin checking failed - ${origin} does not match any trusted origins.`);
      return;
    }
    next();
  };
  const requireLogin = (req: Request, res: Response, next: NextFunction) => {
    if (req.session.user) return next();
    res.redirect(302, `/login?next=${encodeURIComponent(req.method === 'GET' ? req.originalUrl : '/notes/new')}`);
  };

  app.get('/login', (req, res) => {
    const next = typeof req.query.next === 'string' ? req.query.next : '/notes/new';
    res.type('html').send(
      page(
        'Sign in',
        `
<form method="post" action="/login?next=${encodeURIComponent(next)}">
  <input type="hidden" name="_csrf" value="${escapeHtml(generateToken(req))}">
  <label>User <input name="username"></label>
  <label>Password <input name="password" type="password"></label>
  <button>Sign in</button>
</form>`,
      ),
    );
  });
  app.post('/login', csrfSynchronisedProtection, (req, res, next) => {
    if (req.body.username !== USER.name || req.body.password !== USER.password) {
      res.status(401).type('html').send(page('Sign in failed', '<p>Wrong user or password.</p>'));
      return;
    }
    const target = typeof req.query.next === 'string' && req.query.next.startsWith('/') ? req.query.next : '/notes/new';
    // A new session id at sign-in (session fixation), so the CSRF token of the old session is gone too.
    req.session.regenerate((error) => {
      if (error) return next(error);
      req.session.user = USER.name;
      res.redirect(303, target);
    });
  });
  app.get('/notes/new', requireLogin, (req, res) => {
    res.type('html').send(
      page(
        'New note',
        `
<form method="post" action="/notes">
  <input type="hidden" name="_csrf" value="${escapeHtml(generateToken(req))}">
  <input type="hidden" name="_charset_">
  <label>Note <textarea name="text"></textarea></label>
  <button name="save" value="1">Save note</button>
</form>`,
      ),
    );
  });
  app.post('/notes', requireLogin, csrfSynchronisedProtection, checkOrigin, (req, res) => {
    notes.push({ user: req.session.user!, text: String(req.body.text) });
    res.redirect(303, `/notes/${notes.length}`);
  });
  app.get('/notes/:n', requireLogin, (req, res) => {
    const note = notes[Number(req.params.n) - 1];
    res
      .type('html')
      .send(page(note ? `Note ${req.params.n}` : 'No such note', note ? `<p>${escapeHtml(note.text)}</p>` : ''));
  });
  app.use((error: { status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    res
      .status(error.status ?? 500)
      .type('text/plain')
      .send(error.message ?? 'error');
  });

  const server = await listen(app);
  const allSessions = () =>
    new Promise<Record<string, session.SessionData>>((resolve, reject) =>
      store.all((error, sessions) =>
        error ? reject(error) : resolve((sessions ?? {}) as Record<string, session.SessionData>),
      ),
    );
  return {
    ...recorder,
    port: server.port,
    origin: `http://127.0.0.1:${server.port}`,
    notes,
    /** Every session gets a new CSRF token (as a framework does when a token expires or rotates). */
    async rotateCsrfTokens(): Promise<void> {
      for (const [id, data] of Object.entries(await allSessions())) {
        await new Promise<void>((resolve, reject) =>
          store.set(id, { ...data, csrfToken: randomBytes(32).toString('hex') } as session.SessionData, (e) =>
            e ? reject(e) : resolve(),
          ),
        );
      }
    },
    /** The session token of the signed-in session (to check what the replay sent). */
    async csrfTokens(): Promise<string[]> {
      return Object.values(await allSessions()).map((s) => String((s as { csrfToken?: string }).csrfToken));
    },
    /** Every session ends (as when it times out on the server). */
    async endSessions(): Promise<void> {
      await new Promise<void>((resolve, reject) => store.clear((e) => (e ? reject(e) : resolve())));
    },
    close: server.close,
  };
}

export type NotesApp = Awaited<ReturnType<typeof startNotesApp>>;

/**
 * A target on another site: served at http://localhost:<port> while the form's page is on
 * http://127.0.0.1:<other port>. GET /set-cookies sets one cookie of each SameSite kind (None needs
 * Secure); /form is a same-site form (the control); /submit and /search record and answer.
 */
export async function startCookieTarget() {
  const recorder = createRecorder();
  const app = express();
  app.use(recorder.middleware);
  app.get('/set-cookies', (_req, res) => {
    res.cookie('lax', 'L', { sameSite: 'lax', path: '/' });
    res.cookie('strict', 'S', { sameSite: 'strict', path: '/' });
    res.cookie('none', 'N', { sameSite: 'none', secure: true, path: '/' });
    res.cookie('none_http_only', 'NH', { sameSite: 'none', secure: true, httpOnly: true, path: '/' });
    res.type('html').send(page('Cookies set', '<p>ok</p>'));
  });
  app.get('/form', (_req, res) => {
    res.type('html').send(
      page(
        'Same-site form',
        `
<form method="post" action="/submit"><input name="item" value="same-site"><button>Send</button></form>`,
      ),
    );
  });
  app.post('/submit', (_req, res) => res.redirect(303, '/thanks'));
  app.get('/search', (_req, res) => res.type('html').send(page('Results', '<p>none</p>')));
  app.get('/thanks', (_req, res) => res.type('html').send(page('Thanks', '<p>Thanks</p>')));
  const server = await listen(app);
  return { ...recorder, port: server.port, origin: `http://localhost:${server.port}`, close: server.close };
}

export type CookieTarget = Awaited<ReturnType<typeof startCookieTarget>>;
