import { defineConfig } from '@playwright/test';

/**
 * Specs that run in both browsers (tests/e2e/support/harness.ts). Every other spec is Chromium-only
 * by nature: it drives the MV3 service worker (stop it through CDP, evaluate in it), Chromium's
 * network emulation or CDP, or measures Chromium-specific limits; each says why in its header.
 */
export const CROSS_BROWSER_SPECS = ['capture-replay.spec.ts', 'flaky-link.spec.ts'];

// End-to-end specs drive the built extension: .output/chrome-mv3 in Debian's Chromium, and
// .output/firefox-mv2 in Debian's firefox-esr (EXTENSION_DIR / FIREFOX_EXTENSION_DIR to use others).
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  // Each spec launches its own browser with the extension; two cores fit two at a time.
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  projects: [
    { name: 'chromium', use: { browserName: 'chromium' } },
    { name: 'firefox', use: { browserName: 'firefox' }, testMatch: CROSS_BROWSER_SPECS.map((spec) => `**/${spec}`) },
  ],
});
