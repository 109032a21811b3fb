/**
 * The worker's end of the fast file channel in Chromium: the file frame (an extension page inside a
 * web page, utils/pages/file-frame.ts) posts each delivery to the service worker. Only the
 * extension's own documents can post to its worker, but the frame forwards what a hostile page
 * posted into it: the ticket inside is the only authority (page-commands.ts deliverFromFrame).
 */
import { FILE_DELIVERY } from '../core/file-tickets';
import { logFailure } from '../core/log';
import type { FrameDelivery } from './page-commands';

interface DeliveryEvent {
  origin: string;
  data: unknown;
  ports: readonly MessagePort[];
  waitUntil?(promise: Promise<unknown>): void;
}

/**
 * The `message` listener for the worker's global scope. `extensionOrigin` is the extension's own
 * origin; anything else, or anything without a port to answer on, is ignored.
 */
export function createFileFrameListener(
  extensionOrigin: string,
  deliver: (delivery: FrameDelivery) => Promise<{ ok: boolean }>,
): (event: DeliveryEvent) => void {
  return (event) => {
    const port = event.ports[0];
    const data = event.data as { type?: unknown; token?: unknown; files?: unknown } | null;
    if (event.origin !== extensionOrigin || !port || data?.type !== FILE_DELIVERY) return;
    const done = deliver({ token: data.token, files: data.files })
      .catch((error: unknown) => {
        logFailure('file delivery')(error);
        return { ok: false };
      })
      .then(({ ok }) => {
        port.postMessage({ ok });
        port.close();
      });
    event.waitUntil?.(done);
  };
}
