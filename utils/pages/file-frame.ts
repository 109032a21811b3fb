/**
 * The file frame's one job: pass a delivery posted into it (a ticket and the files' Blobs) to the
 * worker by structured clone (the worker's `message` event), and answer on the port that came with
 * it. The frame lives inside a web page that can see it and post into it, so it trusts nothing:
 * it passes on only the `token` and `files` fields, and never judges them itself. The worker redeems
 * the ticket (core/file-tickets.ts) and answers only whether it took the files, which is all the
 * sender learns; without a port nothing is answered at all.
 */

import { FILE_DELIVERY } from '../core/file-tickets';

/** How long the frame waits for the worker (its registration, then its answer). */
export const WORKER_WAIT_MS = 5_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The worker did not answer')), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

/** Hands `token` and `files` to the extension's service worker; true when it took them. */
export async function forwardToWorker(
  container: ServiceWorkerContainer,
  token: unknown,
  files: unknown,
): Promise<boolean> {
  const registration = await within(container.ready, WORKER_WAIT_MS);
  const worker = registration.active;
  if (!worker) return false;
  const channel = new MessageChannel();
  const answer = new Promise<boolean>((resolve) => {
    channel.port1.onmessage = (event: MessageEvent) => resolve((event.data as { ok?: unknown } | null)?.ok === true);
  });
  worker.postMessage({ type: FILE_DELIVERY, token, files }, [channel.port2]);
  try {
    return await within(answer, WORKER_WAIT_MS);
  } finally {
    channel.port1.close();
  }
}

/** Listens on `target` (the frame's window) for deliveries; each is answered on its own port. */
export function listenForFiles(target: Window): void {
  target.addEventListener('message', (event: MessageEvent) => {
    const port = event.ports[0];
    if (!port) return;
    const data = (event.data ?? {}) as { token?: unknown; files?: unknown };
    void forwardToWorker(target.navigator.serviceWorker, data.token, data.files)
      .catch(() => false)
      .then((ok) => {
        port.postMessage({ ok });
        port.close();
      });
  });
}
