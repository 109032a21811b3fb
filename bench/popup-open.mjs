// Time to first useful render of popup.html with 0, 500 and 5,000 queued items, in headless Chromium.
// Run after `npx wxt build`:  node bench/popup-open.mjs [runs]   (EXTENSION_DIR=/path/to/chrome-mv3 for another build)
// Items are seeded straight into the extension's IndexedDB through an extension page (80 % waiting,
// 15 % failed, 5 % sent, 12 fields each, one with a 20 KB file). "Useful" = the first read is rendered
// (main[aria-busy=false]) with the first item (or the empty state) in the DOM; measured in the page
// from navigation start (performance.now()), median of the runs.
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const EXT = path.resolve(process.env.EXTENSION_DIR ?? '.output/chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.argv[2] ?? 7);
const SIZES = [0, 500, 5000];

if (!fs.existsSync(path.join(EXT, 'manifest.json'))) {
  console.error(`No build at ${EXT}: run "npx wxt build" first (or set EXTENSION_DIR).`);
  process.exit(1);
}

async function seed(page, count) {
  await page.evaluate(async (count) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('form-outbox');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const now = Date.now();
    const file = new Blob([new Uint8Array(20_000)], { type: 'image/jpeg' });
    const BATCH = 500;
    for (let start = 0; start < count; start += BATCH) {
      await new Promise((resolve, reject) => {
        const tx = db.transaction(['items', 'meta'], 'readwrite');
        const store = tx.objectStore('items');
        for (let i = start; i < Math.min(count, start + BATCH); i++) {
          const r = i % 20;
          const status = r === 0 ? 'sent' : r <= 3 ? 'failed' : 'pending';
          const origin = `https://site${i % 37}.example`;
          const entries = Array.from({ length: 12 }, (_, f) => ({
            name: `field${f}`,
            value: `value ${i}-${f} `.repeat(4),
          }));
          if (i % 10 === 0)
            entries.push({
              name: 'photo',
              file: { name: `photo-${i}.jpg`, type: 'image/jpeg', lastModified: now, blob: file },
            });
          store.put({
            id: `bench-${i}`,
            idempotencyKey: `bench-${i}`,
            seq: i + 1,
            origin,
            status,
            request: { method: 'POST', url: `${origin}/submit/${i}`, enctype: 'multipart/form-data', entries },
            source: { pageUrl: `${origin}/form/${i}`, pageTitle: `Form ${i}`, referrerPolicy: '' },
            fingerprint: `fp-${i}`,
            capturedAt: now - (count - i) * 1000,
            updatedAt: now - (count - i) * 500,
            attempts: status === 'pending' ? 0 : 1,
            nextAttemptAt: status === 'pending' ? now + 3_600_000 + i : now - (count - i) * 1000,
            ...(status === 'failed'
              ? {
                  lastError: {
                    kind: 'http',
                    status: 422,
                    message: 'The server rejected the form (422 Unprocessable Entity). Edit the values and retry.',
                    detail: 'HTTP 422',
                    at: now,
                  },
                }
              : {}),
            ...(status === 'sent'
              ? { result: { status: 200, finalUrl: `${origin}/thanks`, redirected: true, sentAt: now - 1000 } }
              : {}),
          });
        }
        tx.objectStore('meta').put({ key: 'seq', value: count });
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    }
    db.close();
  }, count);
}

const READY_PROBE = () => {
  const done = () => {
    const main = document.querySelector('main[aria-busy="false"]');
    if (main && (main.querySelector('[data-testid="item"]') || main.querySelector('[data-testid="empty"]'))) {
      window.__usefulAt = performance.now();
      return true;
    }
    return false;
  };
  new MutationObserver((_, observer) => done() && observer.disconnect()).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
  });
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rows = [];
for (const size of SIZES) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [`--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
  });
  try {
    // Offline, so that the background does not try to send the seeded items meanwhile.
    await context.setOffline(true);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(worker.url()).host;
    const url = `chrome-extension://${id}/popup.html`;
    const seeder = await context.newPage();
    await seeder.goto(url); // the popup opens (and creates) the database
    await seeder.waitForSelector('main[aria-busy="false"]');
    await seed(seeder, size);
    await seeder.close();
    const times = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 380, height: 600 });
      await page.addInitScript(READY_PROBE);
      await page.goto(url);
      await page.waitForFunction(() => window.__usefulAt !== undefined, null, { timeout: 30_000 });
      const at = await page.evaluate(() => window.__usefulAt);
      const shown = await page.locator('[data-testid="item"]').count();
      if (run > 0) times.push(at); // the first open warms the browser's caches
      await page.close();
      if (run === RUNS)
        rows.push({
          items: size,
          runs: times.length,
          median: median(times),
          min: Math.min(...times),
          max: Math.max(...times),
          rendered: shown,
        });
    }
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log('\nPopup: time to first useful render (ms from navigation start)\n');
console.log('items  | runs | median | min    | max    | item rows rendered');
console.log('-------|------|--------|--------|--------|-------------------');
for (const r of rows) {
  console.log(
    `${String(r.items).padEnd(6)} | ${String(r.runs).padEnd(4)} | ${r.median.toFixed(0).padStart(6)} | ${r.min.toFixed(0).padStart(6)} | ${r.max.toFixed(0).padStart(6)} | ${r.rendered}`,
  );
}
