/**
 * Large-file capture in Firefox (the main bench, bench/run.mjs, drives Chromium only): a 10 MB and a
 * 50 MB file submitted offline, time from the capture-phase `submit` to the page's notice turning
 * `saved` (the worker's durable acknowledgement), against the disk's own speed: the same bytes
 * written as one Blob to IndexedDB (strict durability) from an extension page of the same browser.
 * Prints one line per size. Run (the build under test in FIREFOX_EXTENSION_DIR, default .output/firefox-mv2):
 *   npx playwright test --config bench/firefox-files.config.ts
 */
import { test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  closeExtensionPage,
  launchFirefoxWithExtension,
  openExtensionPage,
  setFirefoxOffline,
} from '../tests/e2e/support/firefox';
import { FILE_FORM, LATENCY_PROBE } from './pages.mjs';
import { median, startServer } from './lib.mjs';

const REPS = { 10: 5, 50: 3 } as const;

test('large files: capture in Firefox vs one IndexedDB write', async () => {
  test.setTimeout(900_000);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-bench-ff-'));
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-bench-ff-files-'));
  const server = await startServer({ '/upload': ['text/html; charset=utf-8', FILE_FORM] });
  const context = await launchFirefoxWithExtension(profile);
  try {
    const admin = await openExtensionPage(context, 'popup.html');
    const page = await context.newPage();
    await page.goto(`${server.origin}/upload`);
    await page.evaluate(LATENCY_PROBE);
    await setFirefoxOffline(context, true);
    const diskWrite = (mb: number) =>
      admin.evaluate(async (mb) => {
        const bytes = new Uint8Array(mb * 1024 * 1024);
        for (let o = 0; o < bytes.length; o += 65536) crypto.getRandomValues(bytes.subarray(o, o + 65536));
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('form-outbox-bench-disk', 1);
          r.onupgradeneeded = () => r.result.createObjectStore('blobs');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const t0 = performance.now();
        const tx = db.transaction('blobs', 'readwrite', { durability: 'strict' });
        tx.objectStore('blobs').put(new Blob([bytes]), 'x');
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        const t = performance.now() - t0;
        const del = db.transaction('blobs', 'readwrite');
        del.objectStore('blobs').clear();
        await new Promise((resolve) => {
          del.oncomplete = resolve;
        });
        db.close();
        return t;
      }, mb);
    const clearQueue = () =>
      admin.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('form-outbox');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction(['items', 'uploads'], 'readwrite');
              tx.objectStore('items').clear();
              tx.objectStore('uploads').clear();
              tx.oncomplete = () => {
                open.result.close();
                resolve();
              };
            };
          }),
      );
    for (const mb of [10, 50] as const) {
      const buffer = Buffer.alloc(mb * 1024 * 1024);
      for (let o = 0; o < buffer.length; o += 65536) buffer.fill(o & 0xff, o, o + 65536);
      const times: number[] = [];
      const disk: number[] = [];
      for (let i = 0; i < REPS[mb]; i++) {
        const file = path.join(files, `scan-${mb}-${i}.bin`);
        fs.writeFileSync(file, buffer);
        await page.evaluate(() => document.querySelectorAll('form-outbox-notice').forEach((n) => n.remove()));
        await page.setInputFiles('input[name=scan]', file);
        await page.click('button[name=send]');
        await page.waitForFunction(() => (window as unknown as { __bench: { t1: number } }).__bench.t1 > 0, null, {
          timeout: 120_000,
        });
        const state = await page.evaluate(
          () => (window as unknown as { __bench: { t0: number; t1: number; tone: string; title: string } }).__bench,
        );
        if (state.tone !== 'saved') throw new Error(`capture not saved: ${state.tone} ${state.title}`);
        times.push(state.t1 - state.t0);
        disk.push(await diskWrite(mb));
        await clearQueue();
        fs.rmSync(file);
      }
      const med = median(times);
      const dmed = median(disk);
      console.log(
        `| Capture (Firefox) | ${mb} MB file, submit → durable ack (median of ${REPS[mb]}) | ${med.toFixed(1)} ms = ${(mb / (med / 1000)).toFixed(1)} MB/s | ${dmed.toFixed(1)} ms = ${(mb / (dmed / 1000)).toFixed(1)} MB/s | ${(dmed / med).toFixed(2)} of disk speed |`,
      );
    }
    await closeExtensionPage(admin);
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(files, { recursive: true, force: true });
  }
});
