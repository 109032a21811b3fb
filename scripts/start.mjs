#!/usr/bin/env node
// `npm start`: the newcomer demo of Form Outbox.
//
//   1. builds the extension (npx wxt build -> .output/chrome-mv3)
//   2. checks that Chromium is installed
//   3. starts the bundled demo site (scripts/demo-server.mjs, forms under demo/)
//   4. with a display: opens Chromium with the extension loaded, for you to try by hand;
//      without one (or with --tour): runs a scripted tour headless, printing each step and saving
//      screenshots to demo-output/.
//
// Options: --tour (scripted tour even when a display is available), --no-build (use the existing build).
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), DEMO_PORT (default: a free port).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { startDemoServer } from './demo-server.mjs';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSION = path.join(PROJECT, '.output', 'chrome-mv3');
const OUTPUT = path.join(PROJECT, 'demo-output');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const args = new Set(process.argv.slice(2));
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const TOUR = args.has('--tour') || args.has('--headless') || !hasDisplay;

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1).padStart(5);
const say = (line = '') => console.log(line);
let stepNo = 0;
const step = (text) => say(`\n[${seconds()}s] ${++stepNo}. ${text}`);
const detail = (text) => say(`          ${text}`);

class TourError extends Error {}
const fail = (message) => {
  throw new TourError(message);
};

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
async function waitFor(what, check, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) fail(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// ---------------------------------------------------------------------------------------------
// 1-2. Build and Chromium

function build() {
  if (args.has('--no-build')) {
    if (!existsSync(path.join(EXTENSION, 'manifest.json'))) fail(`--no-build given but ${EXTENSION} has no build. Run without --no-build.`);
    say(`Using the existing build in ${path.relative(PROJECT, EXTENSION)}/`);
    return;
  }
  say('Building the extension (npx wxt build)…');
  const t = Date.now();
  const result = spawnSync('npx', ['wxt', 'build'], { cwd: PROJECT, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    fail(`The extension did not build (npx wxt build exited with ${result.status ?? result.signal}${result.error ? `: ${result.error.message}` : ''}).`);
  }
  if (!existsSync(path.join(EXTENSION, 'manifest.json'))) fail(`The build finished but ${EXTENSION}/manifest.json is missing.`);
  say(`Built ${path.relative(PROJECT, EXTENSION)}/ in ${((Date.now() - t) / 1000).toFixed(1)} s.`);
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const command = 'apt-get update && apt-get install -y chromium';
  const sudoCommand = 'sudo apt-get update && sudo apt-get install -y chromium';
  const canInstall = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0 && !process.env.CHROMIUM_PATH;
  if (!canInstall) {
    console.error(`\nChromium was not found at ${CHROMIUM}.`);
    console.error(`Install it (Debian/Ubuntu):  ${sudoCommand}`);
    console.error('or point CHROMIUM_PATH at a Chromium or Chrome binary, then run npm start again.');
    process.exit(1);
  }
  say(`Chromium was not found at ${CHROMIUM}. Running as root with apt available, so installing it now:`);
  say(`  ${command}`);
  for (const cmd of [['apt-get', ['update']], ['apt-get', ['install', '-y', 'chromium']]]) {
    const result = spawnSync(cmd[0], cmd[1], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) fail(`${cmd[0]} ${cmd[1].join(' ')} failed (exit ${result.status}). Install Chromium yourself and try again.`);
  }
  if (!existsSync(CHROMIUM)) fail(`apt-get finished but ${CHROMIUM} is still missing.`);
}

async function launch(headless, userDataDir) {
  const { chromium } = await import('@playwright/test');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless,
    viewport: headless ? { width: 1100, height: 1240 } : null,
    args: [
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      ...(process.env.WAYLAND_DISPLAY && !process.env.DISPLAY ? ['--ozone-platform-hint=auto'] : []),
    ],
    timeout: 30_000,
    // This script closes the browser itself on Ctrl-C (and removes the temporary profile).
    handleSIGINT: false,
    handleSIGTERM: false,
  });
}

async function extensionWorker(context) {
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
    ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }).catch(() => null));
  if (!worker) fail('The extension did not start: no service worker appeared within 15 s. Is .output/chrome-mv3 a valid build?');
  return worker;
}

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
function makeSitePhoto() {
  const w = 480;
  const h = 320;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  let seed = 42;
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
// The scripted tour (headless)

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const crlf = (s) => s.replace(/\r\n|\r|\n/g, '\r\n');
const show = (s) => JSON.stringify(s).slice(1, -1);
const NOTICE = 'form-outbox-notice';

async function receivedList(base) {
  const response = await fetch(`${base}/api/received`).catch((e) => fail(`The demo server did not answer /api/received: ${e.message}`));
  if (!response.ok) fail(`/api/received answered ${response.status}.`);
  return response.json();
}

async function notice(page) {
  return page.evaluate((tag) => {
    const all = [...document.querySelectorAll(tag)];
    const el = all.at(-1);
    return el ? { count: all.length, tone: el.getAttribute('data-tone'), title: el.getAttribute('data-title') } : null;
  }, NOTICE);
}

/** Waits for the latest notice to reach one of `tones`; fails on a "problem" notice. */
async function waitForNotice(page, tones, timeoutMs, what) {
  const state = await waitFor(what, async () => {
    const n = await notice(page).catch(() => null);
    return n && (tones.includes(n.tone) || n.tone === 'problem') ? n : null;
  }, timeoutMs);
  if (state.tone === 'problem' && !tones.includes('problem')) fail(`The extension showed a problem notice instead: "${state.title}".`);
  return state;
}

async function badge(worker) {
  return worker.evaluate(() => chrome.action.getBadgeText({})).catch(() => '?');
}

async function shot(page, name, caption) {
  const file = path.join(OUTPUT, name);
  await page.screenshot({ path: file });
  detail(`screenshot: ${path.relative(PROJECT, file)}  (${caption})`);
  return file;
}

async function runTour(base) {
  mkdirSync(OUTPUT, { recursive: true });
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
    context = await launch(true, profile);
    const worker = await extensionWorker(context);
    detail(`extension ${new URL(worker.url()).host} is running (${worker.url().split('/').pop()})`);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);

    step('Opening the work order form and filling it in (online)');
    await page.goto(`${base}/work-order`);
    const photo = makeSitePhoto();
    const notes = 'Pump 2 was vibrating at start-up; replaced the worn seal and re-torqued the flange bolts.\nPressure holds at 6.2 bar for 10 min.\nNext visit: check the controller log.';
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
        typeof v === 'string' ? { name, value: v } : { name, file: { name: v.name, type: v.type, size: v.size } });
    });
    const expectedFields = expected.filter((e) => !e.file).map((e) => ({ name: e.name, value: crlf(e.value) }));
    detail(`${expectedFields.length} fields + photo pump-2-after.png (${photo.length} bytes, sha256 ${sha256(photo).slice(0, 12)}…)`);
    await shot(page, '01-work-order-filled.png', 'the filled-in form, still online');

    step('Going offline (context.setOffline(true)) and submitting');
    const before = (await receivedList(base)).length;
    await context.setOffline(true);
    await waitFor('the page to see navigator.onLine === false', () => page.evaluate(() => !navigator.onLine), 5_000);
    detail('navigator.onLine is false in the page');
    await page.click('button[type=submit]');

    step('Waiting for the Form Outbox notice to say the submission is saved');
    const saved = await waitForNotice(page, ['saved'], 15_000, `the in-page notice (<${NOTICE} data-tone="saved">)`);
    detail(`notice: data-tone="${saved.tone}", data-title="${saved.title}"`);
    if (!page.url().endsWith('/work-order')) fail(`The page navigated away to ${page.url()} although the submission was captured.`);
    detail(`the page stayed on ${new URL(page.url()).pathname} with the form filled in`);
    const afterOffline = (await receivedList(base)).length;
    if (afterOffline !== before) fail('The server received something while the browser was offline.');
    detail(`server has received nothing new (still ${afterOffline}); extension badge: "${await badge(worker)}"`);
    await shot(page, '02-offline-saved.png', 'offline: the submission is saved, the page is kept');

    step('Going back online (context.setOffline(false)); the extension should send it by itself');
    const onlineAt = Date.now();
    await context.setOffline(false);
    const arrived = await waitFor('the demo server to receive the work order (GET /api/received)', async () => {
      const list = await receivedList(base);
      return list.slice(before).find((item) => item.form === 'work-order');
    }, 30_000, 250);
    detail(`server received it as #${arrived.n} ${((Date.now() - onlineAt) / 1000).toFixed(1)} s after going online`);
    const sent = await waitForNotice(page, ['sent'], 15_000, `the notice to turn data-tone="sent"`);
    detail(`notice: data-tone="${sent.tone}", data-title="${sent.title}"; extension badge: "${await badge(worker)}"`);
    await shot(page, '03-online-sent.png', 'back online: the notice says it was sent');

    step('Checking what the server received against what the form held');
    const problems = [];
    const got = arrived.fields;
    const width = Math.max(...expectedFields.map((f) => f.name.length));
    for (let i = 0; i < Math.max(got.length, expectedFields.length); i++) {
      const want = expectedFields[i];
      const have = got[i];
      const same = want && have && want.name === have.name && want.value === have.value;
      if (!same) problems.push(`field ${i + 1}: expected ${want ? `${want.name}="${show(want.value)}"` : 'nothing'}, got ${have ? `${have.name}="${show(have.value)}"` : 'nothing'}`);
      if (want) detail(`${same ? 'ok ' : 'BAD'} ${want.name.padEnd(width)} = ${show(want.value).slice(0, 70)}${show(want.value).length > 70 ? '…' : ''}`);
    }
    const file = arrived.files[0];
    if (arrived.files.length !== 1) problems.push(`expected 1 file, got ${arrived.files.length}`);
    if (file) {
      const bytesMatch = file.size === photo.length && file.sha256 === sha256(photo);
      detail(`${bytesMatch ? 'ok ' : 'BAD'} photo: ${file.name}, ${file.type}, ${file.size} bytes, sha256 ${bytesMatch ? 'matches' : 'DIFFERS'}`);
      if (file.field !== 'photo' || file.name !== 'pump-2-after.png' || file.type !== 'image/png') problems.push(`file metadata: got ${JSON.stringify({ field: file.field, name: file.name, type: file.type })}`);
      if (!bytesMatch) problems.push(`photo bytes differ: got ${file.size} bytes sha256 ${file.sha256}, sent ${photo.length} bytes sha256 ${sha256(photo)}`);
    }
    const h = arrived.headers;
    detail(`request: ${arrived.method} ${arrived.path}, ${h['content-type']?.split(';')[0]}, Origin ${h.origin ?? '(none)'}, Referer ${h.referer ?? '(none)'}, Idempotency-Key ${h['idempotency-key'] ?? '(none)'}`);
    if (problems.length) fail(`The replayed work order differs from the form:\n  - ${problems.join('\n  - ')}`);

    await page.goto(`${base}/received/${arrived.n}`);
    await shot(page, '04-server-receipt.png', "the demo server's receipt for the replayed work order");

    step('Submitting the feedback form while online: Form Outbox should stay out of the way');
    await page.goto(`${base}/feedback`);
    const comment = 'Dispatch notes were spot on.\nThe gate code had changed, though.';
    await page.fill('#name', 'Maria Okafor');
    await page.fill('#email', 'maria.okafor@example.com');
    await page.check('input[name=rating][value=great]');
    await page.fill('#comment', comment);
    const beforeFeedback = (await receivedList(base)).length;
    await Promise.all([page.waitForURL(/\/received\/\d+$/, { timeout: 15_000 }), page.click('button[type=submit]')]);
    const feedback = (await receivedList(base)).slice(beforeFeedback);
    if (feedback.length !== 1 || feedback[0].form !== 'feedback') fail(`Expected exactly one feedback submission on the server, got ${JSON.stringify(feedback.map((f) => f.form))}.`);
    const fb = feedback[0];
    if (fb.headers['sec-fetch-mode'] !== 'navigate') fail(`The online feedback did not arrive as the browser's own submission (Sec-Fetch-Mode ${fb.headers['sec-fetch-mode']}).`);
    if (fb.headers['idempotency-key']) fail('The online feedback carries an Idempotency-Key: it went through the extension.');
    const fbComment = fb.fields.find((f) => f.name === 'comment')?.value;
    if (fbComment !== crlf(comment)) fail(`The online feedback's comment arrived as "${show(fbComment)}".`);
    const badgeAfter = await badge(worker);
    if (badgeAfter && badgeAfter !== '?') fail(`After the online feedback the extension badge says "${badgeAfter}": something was queued.`);
    detail(`the browser navigated to ${new URL(page.url()).pathname} itself: server received #${fb.n} directly (Sec-Fetch-Mode: navigate, no Idempotency-Key); nothing queued (badge empty)`);
    await shot(page, '05-online-feedback.png', 'an online submission, delivered by the browser as usual');

    const all = await receivedList(base);
    const workOrders = all.filter((i) => i.form === 'work-order');
    if (workOrders.length !== 1 || workOrders[0].repeats) fail(`The work order reached the server ${workOrders.length} time(s) with ${workOrders[0]?.repeats ?? 0} repeat(s); expected exactly once.`);

    say(`\n[${seconds()}s] Summary`);
    say(`  Queued offline:    work order ${arrived.fields.find((f) => f.name === 'job_number')?.value} — ${expectedFields.length} fields + photo pump-2-after.png (${photo.length} bytes); notice "${saved.title}"`);
    say(`  Sent on reconnect: server receipt #${arrived.n}, ${arrived.method} ${arrived.path} (${h['content-type']?.split(';')[0]}), Idempotency-Key ${h['idempotency-key'] ?? '(none)'}; notice "${sent.title}"`);
    say(`  Fidelity:          all ${expectedFields.length} fields identical (order, repeated "tasks", CRLF notes, submit button), photo bytes match (sha256 ${file.sha256.slice(0, 16)}…)`);
    say(`  Delivered once:    ${workOrders.length} work order on the server, ${workOrders[0].repeats} repeats`);
    say(`  Online untouched:  feedback #${fb.n} went straight from the browser to the server`);
    say(`  Screenshots:       ${path.relative(PROJECT, OUTPUT)}/01-05*.png`);
    say(`\nTour passed in ${((Date.now() - started) / 1000).toFixed(1)} s. Try it yourself on a machine with a display: npm start`);
  } finally {
    process.off('SIGINT', onSigint);
    await cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// Interactive mode (a display is available)

async function runInteractive(base) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'form-outbox-demo-'));
  say('Opening Chromium with Form Outbox loaded…');
  const context = await launch(false, profile);
  const worker = await extensionWorker(context);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${base}/`);
  say(`
Chromium is open on the demo site: ${base}/
Extension id: ${new URL(worker.url()).host}

Try it:
  1. Open "Close a work order" and fill it in (any image will do as the photo).
  2. Go offline: press F12, open the Network tab, set the throttling menu ("No throttling") to "Offline".
     Or turn off Wi-Fi / unplug the cable: the demo runs on 127.0.0.1, but Chromium reports offline all the same.
  3. Submit. The page stays put and Form Outbox shows "Saved" at the bottom right.
  4. Go back online. The notice turns to "Sent" and the receipt appears at ${base}/received

Close the browser window or press Ctrl-C here to stop.`);
  await new Promise((resolve) => {
    context.once('close', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  say('Closing the browser and the demo site.');
  await context.close().catch(() => undefined);
  rmSync(profile, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------

let demo;
let code = 0;
try {
  ensureChromium();
  build();
  demo = await startDemoServer({ log: (line) => (TOUR ? detail(`[server] ${line}`) : say(`[server] ${line}`)) });
  say(`Demo site (Fieldline) running at ${demo.url}/`);
  if (TOUR) {
    say(hasDisplay ? 'Running the scripted tour (--tour).' : 'No display found (DISPLAY is not set): running the scripted tour headless instead.');
    await runTour(demo.url);
  } else {
    await runInteractive(demo.url);
  }
} catch (error) {
  code = 1;
  if (error instanceof TourError) console.error(`\nFAILED: ${error.message}`);
  else console.error(`\nFAILED with an unexpected error:\n${error?.stack ?? error}`);
  if (TOUR && existsSync(OUTPUT)) console.error(`Screenshots taken so far are in ${path.relative(PROJECT, OUTPUT)}/.`);
} finally {
  await demo?.close();
}
process.exit(code);
