import {
  test,
  expect,
  closeWhileOffline,
  launchWithExtension,
  notice,
  readQueue,
  serviceWorker,
  waitForQueue,
  submitAndExpectNotice,
} from './support/extension';
import { startFormServer } from './support/form-server';
import { simpleForm } from './forms';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

test('the browser closed and reopened with the same profile: the queue is intact and drains', async () => {
  const server = await startFormServer();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-profile-'));
  try {
    server.page('/form', simpleForm('/submit/persist'));
    let context = await launchWithExtension(profile);
    let page = context.pages()[0] ?? (await context.newPage());
    const extensionId = new URL((await serviceWorker(context)).url()).host;
    await page.goto(`${server.origin}/form`);
    await context.setOffline(true);
    for (const value of ['one', 'two']) {
      await page.fill('input[name=item]', value);
      await submitAndExpectNotice(page, () => page.click('button'));
    }
    expect(server.received('/submit/persist')).toHaveLength(0); // offline: nothing was sent
    await closeWhileOffline(context, server);

    context = await launchWithExtension(profile);
    page = context.pages()[0] ?? (await context.newPage());
    await serviceWorker(context);
    const rows = await readQueue(context, extensionId);
    // Both items survived the restart (start-up may already be sending them).
    expect(rows.map((r) => r.entries[0].value)).toEqual(['one', 'two']);
    // Start-up drains without anyone reopening the form's page.
    const received = await server.waitForRequests('/submit/persist', 2, 90_000);
    expect(received.map((r) => r.body.toString())).toEqual(['item=one', 'item=two']);
    await waitForQueue(context, extensionId, (r) => r.every((i) => i.status === 'sent'));
    await context.close();
  } finally {
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('a corrupt or foreign record in the database is reported and skipped; the others are delivered', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  server.page('/form', simpleForm('/submit/ok'));
  await page.goto(`${server.origin}/form`);
  await page.fill('input[name=item]', 'valid');
  await context.setOffline(true);
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');

  // Something else wrote junk into the queue (another version, a bug, a hand edit).
  const ext = await context.newPage();
  await ext.goto(`chrome-extension://${extensionId}/popup.html`);
  await ext.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('form-outbox');
        open.onsuccess = () => {
          const tx = open.result.transaction('items', 'readwrite');
          tx.objectStore('items').put({
            id: 'junk-1',
            seq: 0,
            status: 'pending',
            origin: 'x',
            request: { method: 'DELETE', url: 'javascript:alert(1)' },
          });
          tx.objectStore('items').put({ id: 'junk-2', status: 'pending', nextAttemptAt: 0 });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await ext.close();
  const worker = await serviceWorker(context);
  const warnings: string[] = [];
  worker.on('console', (m) => warnings.push(m.text()));

  await context.setOffline(false);
  const [received] = await server.waitForRequests('/submit/ok', 1);
  expect(received.body.toString()).toBe('item=valid');
  await expect.poll(() => warnings.some((w) => w.includes('junk-1') && w.includes('method'))).toBe(true);
  // The popup still opens and shows the real item.
  const popup = await context.newPage();
  const errors: string[] = [];
  popup.on('pageerror', (e) => errors.push(e.message));
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByText('/submit/ok').first()).toBeVisible();
  await expect(popup.getByRole('status').filter({ hasText: 'could not be read' })).toContainText('2 stored records');
  expect(errors).toEqual([]);
});
