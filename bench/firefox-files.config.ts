// Playwright config for bench/firefox-files.spec.ts alone (a benchmark, not part of the test suite).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: ['firefox-files.spec.ts'],
  workers: 1,
  reporter: 'list',
  timeout: 900_000,
});
