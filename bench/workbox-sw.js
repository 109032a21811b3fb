// The peer benchmark: Workbox Background Sync's Queue in a page's service worker. Bundled with esbuild
// by bench/run.mjs. Commands arrive by postMessage: enqueue N requests, then replay them.
import { Queue } from 'workbox-background-sync';

// forceSyncFallback: no 'sync' registration, so nothing replays until the benchmark says so.
const queue = new Queue('form-outbox-bench', { forceSyncFallback: true, maxRetentionTime: 24 * 60 });

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  const { id, cmd, urls, body } = event.data;
  const reply = (data) => event.source.postMessage({ id, ...data });
  event.waitUntil(
    (async () => {
      try {
        if (cmd === 'enqueue') {
          for (const url of urls) {
            await queue.pushRequest({
              request: new Request(url, {
                method: 'POST',
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                body,
              }),
            });
          }
          reply({ ok: true, size: await queue.size() });
        } else if (cmd === 'replay') {
          const t0 = performance.now();
          await queue.replayRequests();
          reply({ ok: true, ms: performance.now() - t0, left: await queue.size() });
        }
      } catch (error) {
        reply({ ok: false, error: String(error) });
      }
    })(),
  );
});
