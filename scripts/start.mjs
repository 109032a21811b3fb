#!/usr/bin/env node
// `npm start`: the newcomer demo of Form Outbox.
//
//   1. builds the extension (npx wxt build -> .output/chrome-mv3, with the development id)
//   2. checks that Chromium is installed
//   3. starts the bundled demo site (scripts/demo-server.mjs, forms under demo/)
//   4. with a display: opens Chromium with the extension loaded, for you to try by hand;
//      without one (or with --tour): runs the scripted tour of the whole product headless
//      (scripts/tour.mjs), printing each step and saving screenshots to demo-output/ and the store
//      listing screenshots to demo-output/store/. `npm test` runs it too (npm run test:tour).
//
// Options: --tour (scripted tour even when a display is available), --no-build (use the existing build).
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), DEMO_PORT (default: a free port).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from './demo-server.mjs';
import { fail, runTour, TourError } from './tour.mjs';

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

// ---------------------------------------------------------------------------------------------
// 1-2. Build and Chromium

function build() {
  if (args.has('--no-build')) {
    if (!existsSync(path.join(EXTENSION, 'manifest.json')))
      fail(`--no-build given but ${EXTENSION} has no build. Run without --no-build.`);
    say(`Using the existing build in ${path.relative(PROJECT, EXTENSION)}/`);
    return;
  }
  say('Building the extension (npx wxt build)…');
  const t = Date.now();
  const result = spawnSync('npx', ['wxt', 'build'], {
    cwd: PROJECT,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', FORM_OUTBOX_FIXED_ID: '1' },
  });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    fail(
      `The extension did not build (npx wxt build exited with ${result.status ?? result.signal}${result.error ? `: ${result.error.message}` : ''}).`,
    );
  }
  if (!existsSync(path.join(EXTENSION, 'manifest.json')))
    fail(`The build finished but ${EXTENSION}/manifest.json is missing.`);
  say(`Built ${path.relative(PROJECT, EXTENSION)}/ in ${((Date.now() - t) / 1000).toFixed(1)} s.`);
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const command = 'apt-get update && apt-get install -y chromium';
  const sudoCommand = 'sudo apt-get update && sudo apt-get install -y chromium';
  const canInstall =
    process.getuid?.() === 0 &&
    spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0 &&
    !process.env.CHROMIUM_PATH;
  if (!canInstall) {
    console.error(`\nChromium was not found at ${CHROMIUM}.`);
    console.error(`Install it (Debian/Ubuntu):  ${sudoCommand}`);
    console.error('or point CHROMIUM_PATH at a Chromium or Chrome binary, then run npm start again.');
    process.exit(1);
  }
  say(`Chromium was not found at ${CHROMIUM}. Running as root with apt available, so installing it now:`);
  say(`  ${command}`);
  for (const cmd of [
    ['apt-get', ['update']],
    ['apt-get', ['install', '-y', 'chromium']],
  ]) {
    const result = spawnSync(cmd[0], cmd[1], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0)
      fail(`${cmd[0]} ${cmd[1].join(' ')} failed (exit ${result.status}). Install Chromium yourself and try again.`);
  }
  if (!existsSync(CHROMIUM)) fail(`apt-get finished but ${CHROMIUM} is still missing.`);
}

async function launch(headless, userDataDir, viewport = null) {
  const { chromium } = await import('@playwright/test');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless,
    viewport,
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
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }).catch(() => null));
  if (!worker)
    fail('The extension did not start: no service worker appeared within 15 s. Is .output/chrome-mv3 a valid build?');
  return worker;
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
    say(
      hasDisplay
        ? 'Running the scripted tour (--tour).'
        : 'No display found (DISPLAY is not set): running the scripted tour headless instead.',
    );
    await runTour({ demo, launch, extensionWorker, output: OUTPUT, project: PROJECT, say, step, detail, seconds });
    say(`\nTour passed in ${seconds().trim()} s. Try it yourself on a machine with a display: npm start`);
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
