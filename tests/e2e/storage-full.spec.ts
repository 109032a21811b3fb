/**
 * A real full disk at capture time, in Firefox (Chromium: endurance.spec.ts, which also covers the
 * repeated submit and the worker's reconnect). The profile lives on a small tmpfs (root is needed).
 */
import { test, expect, notice } from './support/browsers';
import {
  launchFirefoxWithExtension,
  openExtensionPage,
  closeExtensionPage,
  setFirefoxOffline,
} from './support/firefox';
import { mountTinyDisk, submitOnFullDisk } from './support/endurance';
import { startFormServer } from './support/form-server';
import { simpleForm } from './forms';

test('Firefox, storage full at capture time: refused in plain words, the form keeps what was typed, the queue is intact and all is delivered once space is back', async ({
  extBrowser,
}) => {
  test.skip(extBrowser !== 'firefox', 'Chromium runs the same case in endurance.spec.ts.');
  test.setTimeout(120_000);
  const disk = mountTinyDisk(300);
  const server = await startFormServer();
  const context = await launchFirefoxWithExtension(disk.profile);
  const queuedCards = async () => {
    const page = await openExtensionPage(context, 'popup.html');
    try {
      await expect(page.locator('main')).toHaveAttribute('aria-busy', 'false');
      return await page.getByTestId('item').count();
    } finally {
      await closeExtensionPage(page);
    }
  };
  try {
    server.page('/form', simpleForm('/submit/disk', 'Site log'));
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.origin}/form`);
    await setFirefoxOffline(context, true);
    // Control: with space, a capture is saved.
    await page.fill('input[name=item]', 'log-1');
    await page.click('button');
    await expect(notice(page)).toHaveAttribute('data-tone', 'saved');

    const { refused, typed } = await submitOnFullDisk(disk, page);
    await expect(refused.locator('.body')).toContainText('storage full');
    expect(page.url()).toBe(`${server.origin}/form`);
    expect(await page.inputValue('input[name=item]')).toBe(typed);

    disk.free();
    expect(await queuedCards()).toBe(1); // the queue is intact: log-1 waits, nothing else was stored
    await page.click('button');
    // Firefox refuses every write on the connection that hit the full disk; the extension opens it again.
    await expect(page.locator('form-outbox-notice[data-tone=saved]')).toHaveCount(1);
    expect(await queuedCards()).toBe(2);
    await setFirefoxOffline(context, false);
    const received = await server.waitForRequests('/submit/disk', 2, 60_000);
    expect(received.map((r) => r.body.toString().slice(0, 12))).toEqual(['item=log-1', 'item=notes+x']);
  } finally {
    await context.close().catch(() => undefined);
    await server.close();
    disk.remove();
  }
});
