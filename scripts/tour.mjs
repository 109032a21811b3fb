// The scripted tour of Form Outbox (`npm start` without a display, `npm start -- --tour`, and
// `npm run test:tour` in `npm test`): the whole product on the bundled demo site, in headless
// Chromium, each step printed and checked, failing on the first thing that is not as it should be.
//
//   an offline submission and its notice · a second one the site will refuse · back online: one sent,
//   one refused with its reason · a message waiting offline · the popup with waiting, failed and sent ·
//   edit and retry · an online submission left alone · a dropped connection and the rescued page ·
//   the settings
//
// Screenshots of each step go to demo-output/, and the store listing screenshots (1280×800: the
// in-page notice, the popup, the rescued page, the settings) to demo-output/store/.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/** A failure the tour explains in its own words (no stack trace needed). */
export class TourError extends Error {}
export const fail = (message) => {
  throw new TourError(message);
};

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor(what, check, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) fail(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The size of a store listing screenshot (Chrome Web Store: 1280×800; addons.mozilla.org takes it too). */
export const STORE_VIEWPORT = { width: 1280, height: 800 };
const POPUP_VIEWPORT = { width: 380, height: 600 };

// ---------------------------------------------------------------------------------------------
// A small PNG "site photo", made in memory (no image library).

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
/** A 480×320 picture of a pump housing on a concrete pad under a sky, with a little noise. */
export function makeSitePhoto(seed = 42) {
  const w = 480;
  const h = 320;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 13) - 6;
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < w; x++) {
      let [r, g, b] = y < 200 ? [120 + y * 0.4, 170 + y * 0.25, 230 - y * 0.1] : [150, 148, 140]; // sky / concrete
      if (y >= 200 && (x + y) % 40 < 2) [r, g, b] = [120, 118, 112]; // pad joints
      if (x > 150 && x < 330 && y > 110 && y < 235) [r, g, b] = [46, 104, 160]; // pump housing
      if (x > 165 && x < 315 && y > 125 && y < 140) [r, g, b] = [210, 220, 230]; // label plate
      if (y > 160 && y < 185 && (x < 150 || x > 330)) [r, g, b] = [175, 178, 182]; // pipe
      if ((x - 240) ** 2 + (y - 180) ** 2 < 26 ** 2) [r, g, b] = [235, 180, 40]; // valve wheel
      if (x > 300 && x < 318 && y > 145 && y < 160) [r, g, b] = [40, 200, 90]; // status light
      const n = noise();
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = Math.max(0, Math.min(255, r + n));
      raw[o + 1] = Math.max(0, Math.min(255, g + n));
      raw[o + 2] = Math.max(0, Math.min(255, b + n));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const crlf = (s) => s.replace(/\r\n|\r|\n/g, '\r\n');
const show = (s) => JSON.stringify(s).slice(1, -1);
const fieldOf = (item, name) => item.fields.find((f) => f.name === name)?.value;
const NOTICE = 'form-outbox-notice';

async function receivedList(base) {
  const response = await fetch(`${base}/api/received`).catch((e) =>
    fail(`The demo server did not answer /api/received: ${e.message}`),
  );
  if (!response.ok) fail(`/api/received answered ${response.status}.`);
  return response.json();
}

/** Every Form Outbox notice on the page, oldest first: { tone, title }. */
function notices(page) {
  return page
    .evaluate(
      (tag) =>
        [...document.querySelectorAll(tag)].map((el) => ({
          tone: el.getAttribute('data-tone'),
          title: el.getAttribute('data-title'),
        })),
      NOTICE,
    )
    .catch(() => []);
}

/** Marks the page's notice stale, so that the next wait sees the next message (a page has one notice, updated in place). */
function markNoticeStale(page) {
  return page
    .evaluate((tag) => document.querySelectorAll(tag).forEach((el) => el.setAttribute('data-tone', 'stale')), NOTICE)
    .catch(() => undefined);
}

/** Waits until the page shows `count` notices whose tones are `tones` (in order); fails on anything else once settled. */
async function waitForNotices(page, tones, what, timeoutMs = 15_000) {
  let last = [];
  try {
    return await waitFor(
      what,
      async () => {
        last = await notices(page);
        return last.length === tones.length && last.every((n, i) => n.tone === tones[i]) ? last : null;
      },
      timeoutMs,
    );
  } catch (error) {
    if (error instanceof TourError) fail(`${error.message} The page shows: ${JSON.stringify(last)}.`);
    throw error;
  }
}

async function badge(worker) {
  return worker.evaluate(() => chrome.action.getBadgeText({})).catch(() => '?');
}

/** How many items the popup lists in `group` (pending, failed, sent); 0 when the group is not shown. */
async function groupCount(popup, group) {
  const count = popup.getByTestId(`count-${group}`);
  return (await count.count()) ? Number(await count.textContent()) : 0;
}

/**
 * Runs the tour against the demo site `demo` (scripts/demo-server.mjs). `launch(headless, profile,
 * viewport)` starts Chromium with the extension; `extensionWorker(context)` finds its service worker.
 */
export async function runTour({ demo, launch, extensionWorker, output, project, say, step, detail, seconds }) {
  const base = demo.url;
  const storeDir = path.join(output, 'store');
  mkdirSync(storeDir, { recursive: true });
  const relative = (file) => path.relative(project, file);
  const shot = async (page, name, caption) => {
    const file = path.join(output, name);
    await page.screenshot({ path: file });
    detail(`screenshot: ${relative(file)}  (${caption})`);
  };
  const storeShot = async (page, name, caption) => {
    const file = path.join(storeDir, name);
    await page.screenshot({ path: file });
    detail(`store listing screenshot: ${relative(file)}  (${caption}, 1280×800)`);
  };

  const profile = mkdtempSync(path.join(os.tmpdir(), 'form-outbox-demo-'));
  let context;
  const cleanup = async () => {
    await context?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  const onSigint = () => {
    say('\nInterrupted: closing the browser.');
    void cleanup().then(() => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  try {
    step('Launching Chromium (headless) with Form Outbox loaded');
    context = await launch(true, profile, STORE_VIEWPORT);
    const worker = await extensionWorker(context);
    const extensionId = new URL(worker.url()).host;
    detail(`extension ${extensionId} is running (${worker.url().split('/').pop()})`);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    const goOffline = async (offline) => {
      await context.setOffline(offline);
      await waitFor(
        `the page to see navigator.onLine === ${!offline}`,
        () => page.evaluate((want) => navigator.onLine === want, !offline),
        5_000,
      );
    };
    const openPopup = async () => {
      const popup = await context.newPage();
      popup.setDefaultTimeout(15_000);
      await popup.setViewportSize(POPUP_VIEWPORT);
      await popup.goto(`chrome-extension://${extensionId}/popup.html`);
      await popup.locator('.popup').waitFor();
      await waitFor(
        'the popup to read the outbox',
        async () => (await popup.locator('main').getAttribute('aria-busy')) === 'false',
        10_000,
      );
      return popup;
    };

    // ------------------------------------------------------------------------------------------
    step('Opening the work order form and filling it in (online)');
    await page.goto(`${base}/work-order`);
    const photo = makeSitePhoto();
    const notes =
      'Pump 2 was vibrating at start-up; replaced the worn seal and re-torqued the flange bolts.\nPressure holds at 6.2 bar for 10 min.\nNext visit: check the controller log.';
    await page.fill('#technician', 'Maria Okafor');
    await page.fill('#job_number', 'WO-24817');
    await page.selectOption('#site', 'harbour-pump-3');
    await page.check('input[name=tasks][value=inspection]');
    await page.check('input[name=tasks][value=pressure-test]');
    await page.check('input[name=tasks][value=seal-replaced]');
    await page.fill('#notes', notes);
    await page.setInputFiles('#photo', { name: 'pump-2-after.png', mimeType: 'image/png', buffer: photo });
    // What a native submission would send: the browser's own entry list, newlines as CRLF.
    const expected = await page.evaluate(() => {
      const form = document.getElementById('work-order');
      const submitter = form.querySelector('button[type=submit]');
      return [...new FormData(form, submitter)].map(([name, v]) =>
        typeof v === 'string' ? { name, value: v } : { name, file: { name: v.name, type: v.type, size: v.size } },
      );
    });
    const expectedFields = expected.filter((e) => !e.file).map((e) => ({ name: e.name, value: crlf(e.value) }));
    detail(
      `${expectedFields.length} fields + photo pump-2-after.png (${photo.length} bytes, sha256 ${sha256(photo).slice(0, 12)}…)`,
    );
    await shot(page, '01-work-order-filled.png', 'the filled-in form, still online');

    // ------------------------------------------------------------------------------------------
    step('Going offline (context.setOffline(true)) and submitting');
    const before = demo.received.length;
    await goOffline(true);
    detail('navigator.onLine is false in the page');
    await page.click('button[type=submit]');
    const [saved] = await waitForNotices(page, ['saved'], `the in-page notice (<${NOTICE} data-tone="saved">)`);
    detail(`notice: data-tone="${saved.tone}", data-title="${saved.title}"`);
    if (!page.url().endsWith('/work-order'))
      fail(`The page navigated away to ${page.url()} although the submission was captured.`);
    detail(`the page stayed on ${new URL(page.url()).pathname} with the form filled in`);
    if (demo.received.length !== before) fail('The server received something while the browser was offline.');
    detail(`server has received nothing new; extension badge: "${await badge(worker)}"`);
    await shot(page, '02-offline-saved.png', 'offline: the submission is saved, the page is kept');
    await storeShot(page, '1-notice-saved-offline.png', 'the in-page notice: saved while offline');

    // ------------------------------------------------------------------------------------------
    step('Still offline, a second work order, its job number left unchanged by mistake');
    await page.selectOption('#site', 'elm-st-substation');
    await page.fill('#notes', 'Replaced the cabinet fan filter; no alarms on the panel.');
    await markNoticeStale(page);
    await page.click('button[type=submit]');
    await waitForNotices(page, ['saved'], 'the notice to say the second one is saved too');
    detail(`two submissions wait; extension badge: "${await badge(worker)}"`);

    // ------------------------------------------------------------------------------------------
    step('Back online: Form Outbox sends both by itself; the site accepts the first and refuses the second');
    const onlineAt = Date.now();
    await goOffline(false);
    const arrived = await waitFor(
      'the demo server to receive the work order',
      async () => (await receivedList(base)).slice(before).find((item) => item.form === 'work-order'),
      30_000,
      250,
    );
    detail(`server received it as #${arrived.n} ${((Date.now() - onlineAt) / 1000).toFixed(1)} s after going online`);
    // One notice per page, telling the latest news: the refusal of the second comes after the first was sent.
    const [refused] = await waitForNotices(page, ['problem'], 'the notice to say the second was not sent');
    detail(`notice: "${refused.title}" (the first was sent just before); extension badge: "${await badge(worker)}"`);
    await shot(page, '03-online-sent-and-refused.png', 'back online: one sent, one refused by the site');

    step('Checking what the server received against what the form held');
    const problems = [];
    const got = arrived.fields;
    const width = Math.max(...expectedFields.map((f) => f.name.length));
    for (let i = 0; i < Math.max(got.length, expectedFields.length); i++) {
      const want = expectedFields[i];
      const have = got[i];
      const same = want && have && want.name === have.name && want.value === have.value;
      if (!same)
        problems.push(
          `field ${i + 1}: expected ${want ? `${want.name}="${show(want.value)}"` : 'nothing'}, got ${have ? `${have.name}="${show(have.value)}"` : 'nothing'}`,
        );
      if (want)
        detail(
          `${same ? 'ok ' : 'BAD'} ${want.name.padEnd(width)} = ${show(want.value).slice(0, 70)}${show(want.value).length > 70 ? '…' : ''}`,
        );
    }
    const file = arrived.files[0];
    if (arrived.files.length !== 1) problems.push(`expected 1 file, got ${arrived.files.length}`);
    if (file) {
      const bytesMatch = file.size === photo.length && file.sha256 === sha256(photo);
      detail(
        `${bytesMatch ? 'ok ' : 'BAD'} photo: ${file.name}, ${file.type}, ${file.size} bytes, sha256 ${bytesMatch ? 'matches' : 'DIFFERS'}`,
      );
      if (file.field !== 'photo' || file.name !== 'pump-2-after.png' || file.type !== 'image/png')
        problems.push(`file metadata: got ${JSON.stringify({ field: file.field, name: file.name, type: file.type })}`);
      if (!bytesMatch)
        problems.push(
          `photo bytes differ: got ${file.size} bytes sha256 ${file.sha256}, sent ${photo.length} bytes sha256 ${sha256(photo)}`,
        );
    }
    const h = arrived.headers;
    detail(
      `request: ${arrived.method} ${arrived.path}, ${h['content-type']?.split(';')[0]}, Origin ${h.origin ?? '(none)'}, Referer ${h.referer ?? '(none)'}, Idempotency-Key ${h['idempotency-key'] ?? '(none)'}`,
    );
    if (problems.length) fail(`The replayed work order differs from the form:\n  - ${problems.join('\n  - ')}`);
    await page.goto(`${base}/received/${arrived.n}`);
    await shot(page, '04-server-receipt.png', "the demo server's receipt for the replayed work order");

    // ------------------------------------------------------------------------------------------
    step('Offline again: a feedback message waits in the outbox');
    await page.goto(`${base}/feedback`);
    await page.fill('#name', 'Maria Okafor');
    await page.fill('#comment', 'The gate code at Elm Street has changed: it is now 4471.');
    await goOffline(true);
    await page.click('button[type=submit]');
    await waitForNotices(page, ['saved'], 'the feedback to be saved');
    detail(`saved; extension badge: "${await badge(worker)}"`);

    // ------------------------------------------------------------------------------------------
    step('The popup (toolbar button): what waits, what failed and why, what was sent');
    let popup = await openPopup();
    const counts = await waitFor(
      'the popup to list 1 waiting, 1 failed and 1 sent',
      async () => {
        const now = {
          pending: await groupCount(popup, 'pending'),
          failed: await groupCount(popup, 'failed'),
          sent: await groupCount(popup, 'sent'),
        };
        return now.pending === 1 && now.failed === 1 && now.sent === 1 ? now : null;
      },
      15_000,
    );
    const failedItem = popup.locator('[data-testid=item][data-status=failed]');
    const reason = (await failedItem.getByTestId('reason').textContent())?.trim() ?? '';
    // The site answered 422 with its form shown again: the reason quotes the site's own words.
    if (!/already closed/.test(reason))
      fail(`The failed item's reason does not give the site's own words ("already closed"): "${reason}".`);
    detail(
      `waiting ${counts.pending}, failed ${counts.failed}, sent ${counts.sent}; connection: ${await popup.getByTestId('connection').getAttribute('data-state')}`,
    );
    detail(`failed, because: "${reason}"`);
    await shot(popup, '05-popup-waiting-failed-sent.png', 'the popup: waiting, failed with its reason, sent');
    const popupImage = await popup.locator('.popup').screenshot();
    const background = await page.screenshot();
    await composeWithPopup(context, background, popupImage, path.join(storeDir, '2-popup.png'));
    detail(
      `store listing screenshot: ${relative(path.join(storeDir, '2-popup.png'))}  (the popup over the page, 1280×800)`,
    );

    // ------------------------------------------------------------------------------------------
    step('Back online; the refused work order is corrected in the popup (Edit & retry)');
    const beforeRetry = demo.received.length;
    await goOffline(false);
    await failedItem.getByRole('button', { name: 'Edit & retry' }).click();
    await failedItem.locator('[data-testid=edit-form] input[name=job_number]').fill('WO-24818');
    await failedItem.getByRole('button', { name: 'Retry with these values' }).click();
    const retried = await waitFor(
      'the corrected work order and the waiting feedback to reach the server',
      async () => {
        const fresh = (await receivedList(base)).slice(beforeRetry);
        const order = fresh.find((item) => item.form === 'work-order');
        const note = fresh.find((item) => item.form === 'feedback');
        return order && note ? { order, note } : null;
      },
      30_000,
      250,
    );
    if (fieldOf(retried.order, 'job_number') !== 'WO-24818')
      fail(`The retried work order arrived with job number ${fieldOf(retried.order, 'job_number')}.`);
    if (retried.order.files[0]?.sha256 !== sha256(photo)) fail('The retried work order lost its photo.');
    detail(
      `server received #${retried.order.n} (work order WO-24818, photo kept) and #${retried.note.n} (the feedback that waited)`,
    );
    await waitFor(
      'the popup to show everything sent',
      async () =>
        (await groupCount(popup, 'sent')) === 3 &&
        (await groupCount(popup, 'failed')) === 0 &&
        (await groupCount(popup, 'pending')) === 0,
      15_000,
    );
    detail(`popup: sent 3, nothing waiting, nothing failed; extension badge: "${await badge(worker)}"`);
    await shot(popup, '06-popup-all-sent.png', 'the popup after the retry: everything sent');
    await popup.close();

    // ------------------------------------------------------------------------------------------
    step('Submitting feedback while online: Form Outbox stays out of the way');
    await page.goto(`${base}/feedback`);
    const comment = 'Dispatch notes were spot on.\nThe gate code had changed, though.';
    await page.fill('#name', 'Maria Okafor');
    await page.fill('#email', 'maria.okafor@example.com');
    await page.check('input[name=rating][value=great]');
    await page.fill('#comment', comment);
    const beforeFeedback = demo.received.length;
    await Promise.all([page.waitForURL(/\/received\/\d+$/, { timeout: 15_000 }), page.click('button[type=submit]')]);
    const feedback = (await receivedList(base)).slice(beforeFeedback);
    if (feedback.length !== 1 || feedback[0].form !== 'feedback')
      fail(
        `Expected exactly one feedback submission on the server, got ${JSON.stringify(feedback.map((f) => f.form))}.`,
      );
    const fb = feedback[0];
    if (fb.headers['sec-fetch-mode'] !== 'navigate')
      fail(
        `The online feedback did not arrive as the browser's own submission (Sec-Fetch-Mode ${fb.headers['sec-fetch-mode']}).`,
      );
    if (fb.headers['idempotency-key'])
      fail('The online feedback carries an Idempotency-Key: it went through the extension.');
    if (fieldOf(fb, 'comment') !== crlf(comment))
      fail(`The online feedback's comment arrived as "${show(fieldOf(fb, 'comment'))}".`);
    const badgeAfter = await badge(worker);
    if (badgeAfter && badgeAfter !== '?')
      fail(`After the online feedback the extension badge says "${badgeAfter}": something was queued.`);
    detail(
      `the browser navigated to ${new URL(page.url()).pathname} itself: server received #${fb.n} directly (Sec-Fetch-Mode: navigate, no Idempotency-Key); nothing queued`,
    );

    // ------------------------------------------------------------------------------------------
    step('A dropped connection: the site stops answering while the browser still thinks it is online');
    await page.goto(`${base}/work-order`);
    await page.fill('#technician', 'Maria Okafor');
    await page.fill('#job_number', 'WO-24819');
    await page.selectOption('#site', 'north-depot');
    await page.check('input[name=tasks][value=area-cleaned]');
    await page.setInputFiles('#photo', { name: 'bay-2.png', mimeType: 'image/png', buffer: photo });
    const beforeDrop = demo.received.length;
    await demo.stop();
    if (!(await page.evaluate(() => navigator.onLine)))
      fail('The page thinks it is offline; this step needs a link that died while online.');
    await page.click('button[type=submit]');
    await waitFor(
      'the rescued page ("Your form is saved") instead of the browser\'s error page',
      () => page.url().startsWith(`chrome-extension://${extensionId}/rescued.html`),
      15_000,
    );
    await page.getByRole('heading', { name: 'Your form is saved' }).waitFor();
    await waitFor(
      'the rescued page to say it is waiting',
      async () =>
        /Waiting/.test(
          (await page
            .getByRole('status')
            .textContent()
            .catch(() => '')) ?? '',
        ),
      10_000,
    );
    detail(
      `the tab shows ${new URL(page.url()).pathname}: "${(await page.getByRole('status').textContent())?.trim()}"`,
    );
    await shot(page, '07-rescued-waiting.png', 'a dropped connection: the rescued page, waiting');
    await storeShot(page, '3-rescued-page.png', 'the rescued page after a dropped connection');

    await demo.start();
    detail('the site answers again');
    const rescued = await waitFor(
      'the rescued work order to reach the server',
      () => demo.received.slice(beforeDrop).find((item) => item.form === 'work-order'),
      30_000,
      250,
    );
    await waitFor(
      'the rescued page to say "Sent"',
      async () =>
        /Sent/.test(
          (await page
            .getByRole('status')
            .textContent()
            .catch(() => '')) ?? '',
        ),
      15_000,
    );
    detail(
      `server received #${rescued.n}; the rescued page now says: "${(await page.getByRole('status').textContent())?.trim()}"`,
    );
    await shot(page, '08-rescued-sent.png', 'the rescued page once the submission went through');

    // ------------------------------------------------------------------------------------------
    step('The settings page');
    const settings = await context.newPage();
    await settings.setViewportSize(STORE_VIEWPORT);
    await settings.goto(`chrome-extension://${extensionId}/options.html`);
    await settings.getByTestId('capture').waitFor();
    await waitFor('the storage figures', async () => (await settings.getByTestId('count-waiting').count()) > 0, 10_000);
    detail(`sections: ${(await settings.locator('section h2').allTextContents()).join(', ')}`);
    await shot(settings, '09-settings.png', 'the settings page');
    await storeShot(settings, '4-settings.png', 'the settings page');

    // ------------------------------------------------------------------------------------------
    const all = await receivedList(base);
    const workOrders = all.filter((i) => i.form === 'work-order');
    const jobs = workOrders.map((i) => fieldOf(i, 'job_number'));
    if (
      JSON.stringify(jobs) !== JSON.stringify(['WO-24817', 'WO-24818', 'WO-24819']) ||
      workOrders.some((i) => i.repeats)
    ) {
      fail(
        `The server holds work orders ${JSON.stringify(jobs)} (repeats: ${workOrders.map((i) => i.repeats)}); expected WO-24817, WO-24818 and WO-24819, each once.`,
      );
    }

    say(`\n[${seconds()}s] Summary`);
    say(
      `  Saved offline:     work order WO-24817 (${expectedFields.length} fields + a ${photo.length}-byte photo), notice "${saved.title}"`,
    );
    say(
      `  Sent on reconnect: receipt #${arrived.n}, every field and the photo identical, Idempotency-Key ${h['idempotency-key'] ?? '(none)'}`,
    );
    say(`  Refused, retried:  "${reason}" → edited to WO-24818 in the popup, sent`);
    say('  Waited offline:    a feedback message, sent when the connection came back');
    say(`  Online untouched:  feedback #${fb.n} went straight from the browser to the site`);
    say(
      `  Dropped link:      WO-24819 rescued ("Your form is saved"), sent when the site answered again (#${rescued.n})`,
    );
    say(`  Delivered once:    ${jobs.join(', ')}, no repeats`);
    say(`  Screenshots:       ${relative(output)}/  (each step)`);
    say(`  Store listing:     ${relative(storeDir)}/  (1280×800: notice, popup, rescued page, settings)`);
  } finally {
    process.off('SIGINT', onSigint);
    await cleanup();
  }
}

/**
 * A store listing screenshot of the popup: `popupPng` as the browser shows it, over `backgroundPng`
 * (the page the person is on), at 1280×800.
 */
async function composeWithPopup(context, backgroundPng, popupPng, file) {
  const stage = await context.newPage();
  try {
    await stage.setViewportSize(STORE_VIEWPORT);
    const data = (png) => `data:image/png;base64,${png.toString('base64')}`;
    await stage.setContent(`<!doctype html><html><body style="margin:0;width:1280px;height:800px;overflow:hidden;position:relative">
<img alt="" src="${data(backgroundPng)}" style="position:absolute;left:0;top:0;width:1280px;height:800px;filter:brightness(0.9)">
<img alt="" src="${data(popupPng)}" style="position:absolute;top:10px;right:24px;border-radius:8px;box-shadow:0 12px 36px rgba(0,0,0,.35),0 0 0 1px rgba(0,0,0,.15)">
</body></html>`);
    await stage.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
    writeFileSync(file, await stage.screenshot());
  } finally {
    await stage.close();
  }
}
