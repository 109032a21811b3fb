/**
 * A browser a test launches itself, on a profile directory it knows: to kill the browser process
 * hard and launch it again on the same profile, and to look for bytes in the profile's files.
 * Chromium loads the unpacked build; Firefox gets the build installed in the profile (an unsigned
 * .xpi in <profile>/extensions, allowed on ESR), because a temporary add-on does not survive a
 * restart.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firefox, type BrowserContext } from '@playwright/test';
import { extensionPages, type ExtBrowser, type ExtensionPages } from './browsers';
import { launchWithExtension, serviceWorker } from './extension';
import { EXTENSION_ORIGIN, FIREFOX_ESR, FIREFOX_EXTENSION_PATH, FIREFOX_PREFS, GECKO_ID } from './firefox';

export interface OwnBrowser {
  context: BrowserContext;
  ext: ExtensionPages;
}

/** A fresh temporary profile directory (removed by `removeProfile`). */
export function newProfile(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-own-'));
}

export function removeProfile(profile: string): void {
  fs.rmSync(profile, { recursive: true, force: true });
}

/** Puts the Firefox build into the profile as an installed (unsigned) add-on. */
function installIntoProfile(profile: string): void {
  const extensions = path.join(profile, 'extensions');
  fs.mkdirSync(extensions, { recursive: true });
  const xpi = path.join(extensions, `${GECKO_ID}.xpi`);
  fs.rmSync(xpi, { force: true });
  execFileSync('zip', ['-qr', xpi, '.'], { cwd: FIREFOX_EXTENSION_PATH });
}

/** Launches `browser` with the extension on `profile` (again, if it ran there before). */
export async function launchOwn(browser: ExtBrowser, profile: string): Promise<OwnBrowser> {
  if (browser === 'chromium') {
    const context = await launchWithExtension(profile);
    const origin = `chrome-extension://${new URL((await serviceWorker(context)).url()).host}`;
    return { context, ext: extensionPages(context, 'chromium', origin) };
  }
  installIntoProfile(profile);
  const context = await firefox.launchPersistentContext(profile, {
    channel: 'moz-firefox',
    executablePath: FIREFOX_ESR,
    headless: true,
    args: ['--remote-allow-system-access'],
    firefoxUserPrefs: {
      ...FIREFOX_PREFS,
      'xpinstall.signatures.required': false,
      // Add-ons found in the profile start enabled, without asking.
      'extensions.autoDisableScopes': 0,
      'extensions.enabledScopes': 15,
      // A crash is followed by a fresh start: Firefox's own session restore would refill the form itself.
      'browser.sessionstore.resume_from_crash': false,
    },
  });
  const ext = extensionPages(context, 'firefox', EXTENSION_ORIGIN);
  // The add-on is up once its page opens.
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await ext.evaluate(() => true, undefined);
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return { context, ext };
}

/** Kills every process of the browser running on `profile` with SIGKILL (no shutdown of any kind). */
export function killHard(profile: string): number {
  let killed = 0;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.includes(profile)) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
}

/** The directories of the extension's IndexedDB in `profile`. */
function databaseDirs(browser: ExtBrowser, profile: string, extensionHost: string): string[] {
  const root =
    browser === 'chromium' ? path.join(profile, 'Default', 'IndexedDB') : path.join(profile, 'storage', 'default');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((name) => name.includes(extensionHost))
    .map((name) => path.join(root, name));
}

/**
 * A marker to look for on disk: distinct characters that occur nowhere else in a record, because both
 * browsers compress what they store (snappy: a repeated 4-byte run is stored as a back-reference, so
 * a marker with a repeated pair of characters, or one sharing a pair with nearby text, would not be
 * found as it is, and a "not on disk" check could never fail). Two markers in one test need
 * alphabets with no character in common.
 */
export function diskMarker(alphabet = 'QXZJKVW23456789'): string {
  const chars = [...new Set(alphabet)];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** True when `marker` appears in any file of the extension's IndexedDB on disk (one byte or two bytes per character). */
export function onDisk(browser: ExtBrowser, profile: string, extensionHost: string, marker: string): boolean {
  const needles = [Buffer.from(marker, 'latin1'), Buffer.from(marker, 'utf16le')];
  const walk = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      try {
        const bytes = fs.readFileSync(full);
        return needles.some((needle) => bytes.includes(needle));
      } catch {
        return false;
      }
    });
  const dirs = databaseDirs(browser, profile, extensionHost);
  if (!dirs.length) throw new Error(`No IndexedDB of ${extensionHost} under ${profile}`);
  return dirs.some(walk);
}
