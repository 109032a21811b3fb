/**
 * MiniWiki (tests/e2e/support/php-wiki/router.php): a small DokuWiki-shaped wiki run by Debian's
 * php-cli built-in server (`php -S 127.0.0.1:<port> router.php`) on a port the test picks, started
 * and stopped by the test. PHP sessions with a per-session security token (hidden `sectok`), sign in
 * with "Remember me" (a cookie that signs the user in again with a fresh session and a new token
 * once the session is gone), a stale token answered 200 with the edit form again and "Security
 * Token did not match. Possible CSRF attack.", a save while signed out answered 200 with the sign-in
 * form, a valid save answered 302 to the page. The signed-in user's name is in every page's header.
 *
 * Test controls act on the app's data directory: endSessions() deletes every session file (as
 * sessions time out), refuseTokens() makes the app refuse every token and issue a new one on every
 * page view (no fresh token can ever be used). The app logs every request (requests.jsonl).
 * CI needs `apt-get install -y php-cli`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, readJsonLines, startProcess, waitUntil, type AppProcess } from './app-process';

export const WIKI_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'php-wiki');
export const PHP = process.env.PHP_PATH ?? '/usr/bin/php';

/** The wiki's users (as in router.php). */
export const WIKI_USERS = { ada: 'analytical engine', bob: 'difference engine' } as const;
export type WikiUser = keyof typeof WIKI_USERS;

/** One request as the wiki logged it. */
export interface WikiRequest {
  method: string;
  uri: string;
  /** POST fields as PHP parsed them (`do[save]` becomes `do: { save: '1' }`), the password left out. */
  post?: Record<string, unknown> & { sectok?: string; wikitext?: string };
  /** The session id the request carried, and the one it ended with (a new one after a fresh sign-in). */
  sessionCookie: string | null;
  sessionId: string;
  rememberCookie: boolean;
  /** The remember-me cookie signed the user in again (new session, new token) on this request. */
  rememberedSignIn?: boolean;
  /** For a save: the token the session expected. */
  expectedToken?: string | null;
  /** 'saved', 'stale-token', 'signed-out', 'signed-in', or absent for page views. */
  outcome?: string;
  status: number;
  user: string | null;
}

export interface WikiChange {
  user: string;
  summary: string;
  text: string;
}

export interface PhpWiki {
  readonly origin: string;
  readonly port: number;
  /** The edit page of `id` and its view. */
  editUrl(id: string): string;
  viewUrl(id: string): string;
  loginUrl(id?: string): string;
  requests(): WikiRequest[];
  /** The save POSTs (do[save]) received so far. */
  saves(): WikiRequest[];
  waitForSaves(count: number, timeoutMs?: number): Promise<WikiRequest[]>;
  /** The page's current text ('' when never saved). */
  pageText(id: string): string;
  /** Every saved change of the page, in order. */
  changes(id: string): WikiChange[];
  /** Every session ends (their files are deleted), as when they time out on the server. */
  endSessions(): void;
  /** While on, every token is refused and every page view issues a new one. */
  refuseTokens(on: boolean): void;
  output(): string;
  close(): Promise<void>;
}

const isSave = (r: WikiRequest) =>
  r.method === 'POST' && typeof r.post?.do === 'object' && r.post.do !== null && 'save' in (r.post.do as object);

export async function startPhpWiki(): Promise<PhpWiki> {
  if (!fs.existsSync(PHP)) throw new Error(`No PHP at ${PHP}: apt-get install -y php-cli`);
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-wiki-'));
  const log = path.join(data, 'requests.jsonl');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let server: AppProcess;
  try {
    server = await startProcess(PHP, ['-S', `127.0.0.1:${port}`, 'router.php'], {
      cwd: WIKI_DIR,
      // A few workers, so that a page load never waits behind a slow request.
      env: { ...process.env, WIKI_DATA: data, PHP_CLI_SERVER_WORKERS: '3' },
      readyUrl: `${origin}/doku.php?id=start`,
      name: 'php -S (MiniWiki)',
    });
  } catch (error) {
    fs.rmSync(data, { recursive: true, force: true });
    throw error;
  }
  fs.rmSync(log, { force: true }); // the readiness probe is not part of any test
  for (const file of fs.readdirSync(path.join(data, 'sessions')))
    fs.rmSync(path.join(data, 'sessions', file), { force: true });

  const requests = () => readJsonLines<WikiRequest>(log);
  const saves = () => requests().filter(isSave);
  return {
    origin,
    port,
    editUrl: (id) => `${origin}/doku.php?id=${id}&do=edit`,
    viewUrl: (id) => `${origin}/doku.php?id=${id}`,
    loginUrl: (id = 'start') => `${origin}/doku.php?id=${id}&do=login`,
    requests,
    saves,
    waitForSaves: (count, timeoutMs = 30_000) =>
      waitUntil(
        saves,
        (got) => got.length >= count,
        (got) =>
          `Expected ${count} save POST(s), got ${got.length}: ${JSON.stringify(got.map((r) => ({ outcome: r.outcome, status: r.status, sectok: r.post?.sectok })))}`,
        timeoutMs,
      ),
    pageText(id) {
      const file = path.join(data, 'pages', `${id}.txt`);
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    },
    changes: (id) => readJsonLines<WikiChange>(path.join(data, 'pages', `${id}.changes`)),
    endSessions() {
      const dir = path.join(data, 'sessions');
      for (const file of fs.readdirSync(dir)) fs.rmSync(path.join(dir, file), { force: true });
    },
    refuseTokens(on) {
      const flag = path.join(data, 'refuse-tokens');
      if (on) fs.writeFileSync(flag, 'on');
      else fs.rmSync(flag, { force: true });
    },
    output: () => server.output(),
    async close() {
      await server.stop();
      fs.rmSync(data, { recursive: true, force: true });
    },
  };
}
