/**
 * Real web applications for the end-to-end tests, run as child processes the test starts and stops:
 * a free loopback port picked by the test, readiness polled over HTTP, the process group ended on
 * close, and the app's own JSON-lines request log read back. Used by django-server.ts and
 * php-wiki-server.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback port nothing listens on (the OS's choice, free a moment ago). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface AppProcess {
  /** What the process printed so far (stdout and stderr, the last 64 KB). */
  output(): string;
  /** Ends the process and everything it started (its process group). */
  stop(): Promise<void>;
}

/** Answers true once `url` gives any HTTP answer. */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2000, () => {
      request.destroy();
      resolve(false);
    });
  });
}

/**
 * Starts `command` in its own process group and waits until `readyUrl` answers (at most
 * `timeoutMs`). Throws with the process's output when it exits early or never answers.
 */
export async function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; readyUrl: string; name: string; timeoutMs?: number },
): Promise<AppProcess> {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-64 * 1024);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.once('error', (error) => {
    output += `\n${String(error)}`;
  });

  const stop = async () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const killed = await Promise.race([
      exit.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
    ]);
    if (!killed) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await exit;
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (exited) throw new Error(`${options.name} exited before it answered at ${options.readyUrl}:\n${output}`);
    if (await answers(options.readyUrl)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not answer at ${options.readyUrl}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { output: () => output, stop };
}

/** The entries of a JSON-lines log file (none when it does not exist yet). */
export function readJsonLines<T>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Polls `read` until `done` holds for its value (at most `timeoutMs`); throws with `describe(value)`. */
export async function waitUntil<T>(
  read: () => T,
  done: (value: T) => boolean,
  describe: (value: T) => string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(describe(value));
    await new Promise((r) => setTimeout(r, 100));
  }
}
