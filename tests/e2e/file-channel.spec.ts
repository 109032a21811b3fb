/**
 * The fast file channel (issue 19), in Chromium and Firefox: a file captured offline reaches the
 * worker whole (Chromium: the extension's file frame; Firefox: runtime messaging, which clones Blobs),
 * without a single base64 chunk message, and is replayed byte for byte. And the frame's defence
 * (Chromium; Firefox has no frame): a page that loads the frame and posts forged deliveries into it,
 * without a ticket or with made-up ones, stages nothing, while the real submission beside it goes
 * through the frame and arrives with its own bytes (the control).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { test, expect, notice, type ExtBrowser, type ExtensionPages } from './support/browsers';
import { serviceWorker } from './support/extension';
import { MULTIPART_FORM } from './forms';
import { nativeThenReplayed } from './support/native-vs-replay';

interface Counts {
  chunks: number;
  fast: number;
}

/** How many uploads each channel carried, as the worker counted them. */
async function channelCounts(context: BrowserContext, extBrowser: ExtBrowser, ext: ExtensionPages): Promise<Counts> {
  if (extBrowser === 'chromium') {
    return (await serviceWorker(context)).evaluate(() => ({
      ...(globalThis as unknown as { formOutboxFileChannels: Counts }).formOutboxFileChannels,
    }));
  }
  return ext.evaluate(() => {
    const background = (
      globalThis as unknown as { browser: { extension: { getBackgroundPage(): unknown } } }
    ).browser.extension.getBackgroundPage();
    return { ...(background as { formOutboxFileChannels: Counts }).formOutboxFileChannels };
  }, undefined);
}

test('a 10 MB file captured offline goes whole through the fast channel and is replayed byte for byte', async ({
  context,
  page,
  server,
  network,
  extBrowser,
  ext,
}) => {
  test.setTimeout(120_000);
  const file = randomBytes(10 * 1024 * 1024);
  const before = await channelCounts(context, extBrowser, ext);
  const { replayed } = await nativeThenReplayed(
    context,
    page,
    server,
    {
      formPath: '/form/multipart',
      html: MULTIPART_FORM,
      target: '/submit/multipart',
      fill: (p) =>
        p.setInputFiles('input[name=photo]', {
          name: 'survey.bin',
          mimeType: 'application/octet-stream',
          buffer: file,
        }),
      submit: (p) => p.click('button[name=send]'),
    },
    network,
  );
  expect(replayed.body.includes(file)).toBe(true);
  const after = await channelCounts(context, extBrowser, ext);
  // Every upload (the offline capture, and the online submission's in-memory copy) went whole: not a
  // single base64 chunk message reached the worker.
  expect(after.chunks).toBe(before.chunks);
  expect(after.fast).toBeGreaterThanOrEqual(before.fast + 1);
});

/** Loads the file frame at `frameUrl` in the page itself and posts forged deliveries into it every 10 ms. */
function startForging(page: Page, frameUrl: string, size: number) {
  return page.evaluate(
    ({ frameUrl, size }) =>
      new Promise<void>((resolve) => {
        const state = { answers: [] as unknown[], posted: 0, stop: false };
        (window as unknown as { forging: typeof state }).forging = state;
        const frame = document.createElement('iframe');
        frame.src = frameUrl;
        frame.addEventListener(
          'load',
          () => {
            // Shaped like the real upload (the photo, and the two empty file inputs of the form), so that
            // only the ticket tells them apart.
            const forged = () => [
              { fileIndex: 0, blob: new Blob([new Uint8Array(size).fill(0x58)]) },
              { fileIndex: 1, blob: new Blob([]) },
              { fileIndex: 2, blob: new Blob([]) },
            ];
            const hex = () =>
              [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
            const kinds = [
              () => ({ files: forged() }), // no token
              () => ({ token: hex(), files: forged() }), // a made-up (stolen-looking) token
              () => ({ token: hex().toUpperCase(), files: forged() }),
            ];
            const post = () => {
              if (state.stop) return;
              const channel = new MessageChannel();
              channel.port1.onmessage = (event) => state.answers.push(event.data);
              frame.contentWindow!.postMessage(kinds[state.posted++ % kinds.length](), '*', [channel.port2]);
              setTimeout(post, 10);
            };
            post();
            resolve();
          },
          { once: true },
        );
        document.body.append(frame);
      }),
    { frameUrl, size },
  );
}

test('a page posting forged deliveries into the file frame stages nothing; the real submission goes through it', async ({
  context,
  page,
  server,
  network,
  extBrowser,
  ext,
}) => {
  test.skip(
    extBrowser === 'firefox',
    'Firefox has no file frame: its files go by runtime messaging, whose sender the browser states.',
  );
  test.setTimeout(120_000);
  const frameUrls = new Set<string>();
  page.on('framenavigated', (frame) => {
    if (frame.url().startsWith('chrome-extension://')) frameUrls.add(frame.url());
  });
  server.page('/form/multipart', MULTIPART_FORM);
  const real = randomBytes(2 * 1024 * 1024); // above FRAME_MIN_BYTES: smaller files go as chunks

  // Discovery: a first submission shows the frame's (dynamic) address, as a page that looked could learn it.
  await page.goto(`${server.origin}/form/multipart`);
  await network.offline();
  await page.setInputFiles('input[name=photo]', {
    name: 'first.bin',
    mimeType: 'application/octet-stream',
    buffer: randomBytes(1024 * 1024),
  });
  await page.click('button[name=send]');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  expect(frameUrls.size).toBe(1);
  const [frameUrl] = [...frameUrls];
  expect(await page.locator('form-outbox-files').count()).toBe(0); // removed after use
  const before = await channelCounts(context, extBrowser, ext);

  // The attack: the page loads the frame itself and keeps posting forged deliveries of the real file's size.
  await network.online(); // (the first submission is replayed now)
  await page.goto(`${server.origin}/form/multipart`);
  await startForging(page, frameUrl, real.length);
  await network.offline();
  await page.setInputFiles('input[name=photo]', {
    name: 'real.bin',
    mimeType: 'application/octet-stream',
    buffer: real,
  });
  await page.click('button[name=send]');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  await page.waitForTimeout(300);
  const forging = await page.evaluate(() => {
    const state = (window as unknown as { forging: { answers: unknown[]; posted: number; stop: boolean } }).forging;
    state.stop = true;
    return { answers: state.answers, posted: state.posted };
  });
  // The frame forwarded the forgeries (it answered them), and the worker refused every one.
  expect(forging.answers.length).toBeGreaterThan(10);
  for (const answer of forging.answers) expect.soft(answer).toEqual({ ok: false });
  const after = await channelCounts(context, extBrowser, ext);
  expect.soft(after.fast).toBe(before.fast + 1); // the real submission alone
  expect(after.chunks).toBe(before.chunks);

  // Control: the real submission arrives with its own bytes, not the forged ones.
  await network.online();
  const requests = await server.waitForRequests('/submit/multipart', 2, 60_000);
  const realRequest = requests.find((r) => r.body.includes(Buffer.from('real.bin')));
  expect(realRequest).toBeDefined();
  expect(realRequest!.body.includes(real)).toBe(true);
  expect(realRequest!.body.includes(Buffer.alloc(1024, 0x58))).toBe(false);
  const stored = await ext.storageCounts();
  expect(stored.uploads).toBe(0);
});
