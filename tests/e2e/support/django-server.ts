/**
 * The field reports app (tests/e2e/support/django-app/): a real Django 3.2 project from Debian
 * (python3-django, run with /usr/bin/python3) with sessions, auth, CSRF middleware (cookie csrftoken
 * and hidden csrfmiddlewaretoken), SQLite in a temporary directory (migrated at start), a Report
 * model with a unique title and a ModelForm. Served by Django's own development server
 * (`manage.py runserver --noreload`) on a port the test picks; started and stopped by the test.
 *
 *   /accounts/login/  Django's LoginView (users from DJANGO_USERS)
 *   /reports/new/     the ModelForm: a valid POST answers 302 to /reports/<id>/ ("Report #<id> created
 *                     by <user>."), an invalid one 200 with the form again and Django's errorlist
 *   /reports/add/     the same form, but a valid POST answers 200 itself: "Report #<id> created" and
 *                     an empty form (same action, same fields) to add another
 *
 * The app logs every request it handles (tests/e2e/support/django-app/fieldreports/request_log.py).
 * CI needs `apt-get install -y python3-django`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, readJsonLines, startProcess, waitUntil, type AppProcess } from './app-process';

const run = promisify(execFile);

export const DJANGO_APP_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'django-app');
/** Debian's Python, which has python3-django (the pyenv python3 on PATH does not). */
export const DJANGO_PYTHON = process.env.DJANGO_PYTHON ?? '/usr/bin/python3';

export const DJANGO_USERS = { ada: 'field-reports-ada-1815', bob: 'field-reports-bob-1791' } as const;

/** One request as the app logged it. */
export interface DjangoRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** POST fields (each a list, as Django's QueryDict), the password left out. */
  post?: Record<string, string[]>;
  user: string | null;
  status: number;
  location: string | null;
  /** What the report views made of the form: 'created', 'invalid', or null. */
  outcome: 'created' | 'invalid' | null;
}

export interface StoredReport {
  id: number;
  title: string;
  site: string;
  visited_on: string;
  notes: string;
  author: string;
}

export interface DjangoApp {
  readonly origin: string;
  readonly port: number;
  /** Every request the app handled so far. */
  requests(): DjangoRequest[];
  /** The POSTs to `path` (exact path), optionally only those whose title field is `title`. */
  posts(path: string, title?: string): DjangoRequest[];
  /** Waits until `count` POSTs to `path` (with that title, if given) were answered. */
  waitForPosts(path: string, count: number, title?: string, timeoutMs?: number): Promise<DjangoRequest[]>;
  /** Creates a report directly in the database (another user, meanwhile). */
  addReport(report: { title: string; site?: string; visitedOn?: string; author?: string }): Promise<number>;
  /** Every report in the database. */
  reports(): Promise<StoredReport[]>;
  /** Django's development server output (its access log and errors). */
  output(): string;
  close(): Promise<void>;
}

function djangoAvailable(): boolean {
  return fs.existsSync(DJANGO_PYTHON) && fs.existsSync('/usr/lib/python3/dist-packages/django');
}

export async function startDjangoApp(): Promise<DjangoApp> {
  if (!djangoAvailable())
    throw new Error(`Django is not installed for ${DJANGO_PYTHON}: apt-get install -y python3-django`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-django-'));
  const log = path.join(dir, 'requests.jsonl');
  const env = {
    ...process.env,
    FIELDREPORTS_DB: path.join(dir, 'db.sqlite3'),
    FIELDREPORTS_REQUEST_LOG: log,
    DJANGO_SETTINGS_MODULE: 'fieldreports.settings',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
  };
  const manage = (...args: string[]) => run(DJANGO_PYTHON, ['manage.py', ...args], { cwd: DJANGO_APP_DIR, env });
  try {
    await manage('migrate', '--noinput', '-v', '0');
    await manage('seed_users', ...Object.entries(DJANGO_USERS).map(([name, password]) => `${name}:${password}`));
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let server: AppProcess;
  try {
    server = await startProcess(DJANGO_PYTHON, ['manage.py', 'runserver', `127.0.0.1:${port}`, '--noreload'], {
      cwd: DJANGO_APP_DIR,
      env,
      readyUrl: `${origin}/accounts/login/`,
      name: 'Django runserver',
    });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // The readiness probe is not part of any test.
  fs.rmSync(log, { force: true });

  const requests = () => readJsonLines<DjangoRequest>(log);
  const posts = (postPath: string, title?: string) =>
    requests().filter(
      (r) => r.method === 'POST' && r.path === postPath && (title === undefined || r.post?.title?.[0] === title),
    );
  return {
    origin,
    port,
    requests,
    posts,
    waitForPosts: (postPath, count, title, timeoutMs = 30_000) =>
      waitUntil(
        () => posts(postPath, title),
        (got) => got.length >= count,
        (got) =>
          `Expected ${count} POST(s) to ${postPath}${title ? ` titled "${title}"` : ''}, got ${got.length}: ${JSON.stringify(got)}`,
        timeoutMs,
      ),
    async addReport({ title, site = 'Pump station 4', visitedOn = '2024-03-01', author = 'someone-else' }) {
      const { stdout } = await manage(
        'add_report',
        '--title',
        title,
        '--site',
        site,
        '--visited-on',
        visitedOn,
        '--author',
        author,
      );
      return (JSON.parse(stdout) as { id: number }).id;
    },
    async reports() {
      const { stdout } = await manage('list_reports');
      return JSON.parse(stdout) as StoredReport[];
    },
    output: () => server.output(),
    async close() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
