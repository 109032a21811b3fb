import {
  test,
  expect,
  notice,
  readMetaValue,
  readQueue,
  sendNow,
  serviceWorker,
  stopServiceWorkers,
  waitForQueue,
  submitAndExpectNotice,
} from './support/extension';
import { simpleForm } from './forms';
import type { Page } from '@playwright/test';

async function queueOffline(page: Page, formUrl: string, value: string) {
  await page.goto(formUrl);
  await page.fill('input[name=item]', value);
  await page.context().setOffline(true);
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  await page.context().setOffline(false);
}

test('a worker stopped while items are queued loses nothing: every item is delivered once, in order', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  server.page('/form', simpleForm('/submit/restart'));
  await page.goto(`${server.origin}/form`);
  await context.setOffline(true);
  for (const value of ['first', 'second', 'third']) {
    // The page stays on the form after each capture, so the user can go on with the next one.
    await page.fill('input[name=item]', value);
    await submitAndExpectNotice(page, () => page.click('button'));
  }
  const queued = await readQueue(context, extensionId);
  expect(queued.map((r) => [r.status, r.entries[0].value])).toEqual([
    ['pending', 'first'],
    ['pending', 'second'],
    ['pending', 'third'],
  ]);

  const startsBefore = await readMetaValue(context, extensionId, 'workerStarts');
  await stopServiceWorkers(page);
  // Let the stop settle before reconnecting: a worker that restarts while Playwright is switching
  // emulation back online can be left with the offline emulation (a test-harness race, not a product path).
  await page.waitForTimeout(1000);
  expect(server.received('/submit/restart')).toHaveLength(0);

  await context.setOffline(false); // the page's "online" wakes the stopped worker
  const received = await server.waitForRequests('/submit/restart', 3);
  await page.waitForTimeout(1500);
  expect(server.received('/submit/restart').map((r) => r.body.toString())).toEqual([
    'item=first',
    'item=second',
    'item=third',
  ]);
  expect(received.every((r) => r.headers['idempotency-key'])).toBe(true);
  await waitForQueue(context, extensionId, (rows) => rows.length === 3 && rows.every((r) => r.status === 'sent'));
  // Control: the items were sent by a new worker, started after the stop.
  expect(await readMetaValue(context, extensionId, 'workerStarts')).toBe((startsBefore as number) + 1);
});

test('an item caught mid-send by a worker stop is recovered, sent again with the same Idempotency-Key, and flagged as maybe sent', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  let releaseFirst: () => void = () => undefined;
  server.page('/form', simpleForm('/submit/slow'));
  // The first request gets no answer until the worker has been stopped; later ones are answered at once.
  server.respond('/submit/slow', (_request, count) =>
    count === 1
      ? new Promise((resolve) => (releaseFirst = () => resolve({ status: 303, headers: { location: '/thanks' } })))
      : { status: 303, headers: { location: '/thanks' } },
  );
  await queueOffline(page, `${server.origin}/form`, 'once');
  await server.waitForRequests('/submit/slow', 1);
  const [inFlight] = await readQueue(context, extensionId);
  expect(inFlight.status).toBe('sending');

  await stopServiceWorkers(page);
  releaseFirst();
  await sendNow(context, extensionId); // any message wakes the worker again
  const [first, second] = await server.waitForRequests('/submit/slow', 2);
  expect(second.body.toString()).toBe('item=once');
  expect(second.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
  const [row] = await waitForQueue(context, extensionId, (r) => r[0]?.status === 'sent');
  expect(row).toMatchObject({ attempts: 2, maybeSent: true });
  await page.waitForTimeout(1000);
  expect(server.received('/submit/slow')).toHaveLength(2);
});

test('a server answering 503 (Retry-After) and then 200 gets the item delivered exactly once', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  server.page('/form', simpleForm('/submit/flaky'));
  server.respond('/submit/flaky', (_request, count) =>
    count === 1
      ? { status: 503, headers: { 'retry-after': '1' }, body: 'down for maintenance' }
      : { status: 200, body: 'ok' },
  );
  await queueOffline(page, `${server.origin}/form`, 'retry me');
  await server.waitForRequests('/submit/flaky', 2, 30_000);
  await expect(notice(page)).toHaveAttribute('data-tone', 'sent');
  await page.waitForTimeout(2000);
  const received = server.received('/submit/flaky');
  expect(received.map((r) => r.status)).toEqual([503, 200]);
  expect(received[0].body.toString()).toBe('item=retry+me');
  expect(received[1].body.equals(received[0].body)).toBe(true);
  expect(received[1].headers['idempotency-key']).toBe(received[0].headers['idempotency-key']);
  const [row] = await readQueue(context, extensionId);
  expect(row).toMatchObject({ status: 'sent', attempts: 2, result: { status: 200 } });
});

test('a 422 ends as failed with its plain-words reason, and is not retried', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  server.page('/form', simpleForm('/submit/strict'));
  server.respond('/submit/strict', () => ({ status: 422, body: 'item is invalid' }));
  await queueOffline(page, `${server.origin}/form`, 'bad value');
  await expect(notice(page)).toHaveAttribute('data-tone', 'problem');
  await expect(notice(page)).toHaveAttribute('data-title', 'Not sent');
  const [row] = await waitForQueue(context, extensionId, (r) => r[0]?.status === 'failed');
  // Stored as a code; the page says it in words, the status as words too.
  expect(row.lastError).toMatchObject({ kind: 'http', status: 422 });
  expect(row.lastError?.message).toBeUndefined();
  await expect(notice(page)).toContainText(
    'The site refused it: the site could not accept these values. Edit the values and retry.',
  );
  // Control: the badge shows the failure; the server got exactly one attempt even after the user's "Send now".
  const worker = await serviceWorker(context);
  expect(await worker.evaluate(() => (globalThis as any).chrome.action.getBadgeText({}))).toBe('1');
  await sendNow(context, extensionId);
  await page.waitForTimeout(1500);
  expect(server.received('/submit/strict')).toHaveLength(1);
});
