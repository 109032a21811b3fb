import { defineConfig } from '@playwright/test';
import type { ExtBrowser } from './tests/e2e/support/browsers';

/**
 * Specs that run in both browsers import `test` from tests/e2e/support/browsers.ts and are listed
 * here for the firefox project. Every other spec is Chromium-only, for the reason given:
 *   bad-input, capture-rules, encryption, faults, replay-faults, trust, endurance: read the queue and
 *     drive the worker through Chromium's service worker handle and CDP (worker stop, tmpfs disk).
 *   popup (review/edit/export/badge), popup-keyboard, popup-lists: the badge and storage are
 *     read through the MV3 service worker handle; Firefox covers the popup's states in popup-states.
 */
const CROSS_BROWSER = [
  '**/capture-replay.spec.ts',
  '**/file-channel.spec.ts',
  '**/flaky-link.spec.ts',
  '**/faithful-replay.spec.ts',
  '**/popup-states.spec.ts',
  '**/popup-words.spec.ts',
  '**/private-window.spec.ts',
  '**/storage-full.spec.ts',
  '**/encryption-browsers.spec.ts',
  '**/settings.spec.ts',
  '**/refill.spec.ts',
  '**/security-replay.spec.ts',
  '**/security-page.spec.ts',
  '**/replies.spec.ts',
  '**/drafts.spec.ts',
  '**/data.spec.ts',
];

export default defineConfig<{ extBrowser: ExtBrowser }>({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  // Each spec launches its own browser with the extension; two cores fit two at a time.
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  fullyParallel: false,
  // Locally a failure is a failure. CI (.ci/run) allows one retry: on its two shared cores a few
  // timing-bound tests (a worker under load, a disk flush) can miss a deadline; a retried pass is
  // reported as "flaky" in the output, and a test that fails twice fails the run.
  retries: process.env.E2E_RETRIES ? Number(process.env.E2E_RETRIES) : 0,
  reporter: [['list']],
  outputDir: 'test-results',
  projects: [
    // Debian's Chromium, the MV3 build (.output/chrome-mv3 or EXTENSION_DIR).
    { name: 'chromium', use: { extBrowser: 'chromium' }, testIgnore: ['**/firefox-smoke.spec.ts'] },
    // Debian's firefox-esr over WebDriver BiDi, the MV2 build (.output/firefox-mv2 or FIREFOX_EXTENSION_DIR).
    { name: 'firefox', use: { extBrowser: 'firefox' }, testMatch: [...CROSS_BROWSER, '**/firefox-smoke.spec.ts'] },
  ],
});
