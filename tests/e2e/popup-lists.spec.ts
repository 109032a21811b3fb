/**
 * The popup's long lists and bulk actions end to end: "Show more" pages through a group longer than
 * one page, "Retry all" sends every failed item with one click (checked by what the server
 * received). The queue is seeded through an extension page (support/seed.ts). Desktop notifications
 * are tested in both browsers in settings.spec.ts.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, waitForQueue } from './support/extension';
import { seedItem, seedQueue } from './support/seed';

async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('main')).toHaveAttribute('aria-busy', 'false');
  return popup;
}

test('popup: "Show more" shows the next page of a long group', async ({ context, extensionId, server }) => {
  // 30 failed items (a page is 25) and 23 sent ones (the history shows 10 at first).
  await seedQueue(context, extensionId, [
    ...Array.from({ length: 30 }, (_, i) => seedItem(server.origin, i + 1, 'failed')),
    ...Array.from({ length: 23 }, (_, i) => seedItem(server.origin, 100 + i, 'sent')),
  ]);
  const popup = await openPopup(context, extensionId);
  const failed = popup.getByTestId('group-failed');
  const sent = popup.getByTestId('group-sent');
  await expect(popup.getByTestId('count-failed')).toHaveText('30');
  await expect(failed.getByTestId('item')).toHaveCount(25);
  await expect(failed).toContainText('Showing 25 of 30');
  await failed.getByRole('button', { name: 'Show 5 more' }).click();
  await expect(failed.getByTestId('item')).toHaveCount(30);
  await expect(failed.getByRole('button', { name: /^Show \d+ more$/ })).toHaveCount(0);

  await expect(sent.getByTestId('item')).toHaveCount(10);
  await sent.getByRole('button', { name: 'Show 13 more' }).click();
  await expect(sent.getByTestId('item')).toHaveCount(23);
  // The other group keeps its own page.
  await expect(failed.getByTestId('item')).toHaveCount(30);
  expect(server.received('/submit')).toEqual([]);
});

test('popup: "Retry all" sends every failed item with one click', async ({ context, extensionId, server }) => {
  const paths = ['/submit/a', '/submit/b', '/submit/c', '/submit/d'];
  await seedQueue(
    context,
    extensionId,
    paths.map((path, i) => seedItem(server.origin, i + 1, 'failed', path, `Form ${i + 1}`)),
  );
  const popup = await openPopup(context, extensionId);
  await expect(popup.getByTestId('count-failed')).toHaveText('4');
  expect(server.received('/submit')).toEqual([]);

  await popup.getByRole('button', { name: 'Retry all', exact: true }).click();
  const received = await server.waitForRequests('/submit', 4);
  expect(received.map((r) => r.url).sort()).toEqual(paths);
  expect(received.map((r) => r.body.toString()).sort()).toEqual(['n=1', 'n=2', 'n=3', 'n=4']);
  await expect(popup.getByTestId('group-failed')).toHaveCount(0);
  await expect(popup.getByTestId('count-sent')).toHaveText('4');
  await waitForQueue(context, extensionId, (rows) => rows.length === 4 && rows.every((r) => r.status === 'sent'));
});
