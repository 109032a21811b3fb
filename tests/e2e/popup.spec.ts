/**
 * The popup end to end: submissions queued offline show up as waiting, then as sent or failed with
 * the reason once online; retry, edit-and-retry, discard with undo, clear history, open-and-refill,
 * export and the badge are checked by what the server received and what the pages show. Each main
 * state is checked with axe-core and saved as a screenshot in test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, notice, readQueue, serviceWorker, waitForQueue } from './support/extension';
import type { FormServer } from './support/form-server';
import { expectAccessible } from './support/accessibility';

const SHOTS = path.resolve(process.env.POPUP_SCREENSHOTS ?? 'test-results/screenshots');
const PHOTO = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

const ORDER_FORM = page(
  'Order parts',
  `
<form method="post" action="/submit/order">
  <label>Item <input name="item"></label>
  <button>Order</button>
</form>`,
);

const REPORT_FORM = page(
  'Site report',
  `
<form method="post" action="/submit/report" enctype="multipart/form-data">
  <label>Email <input name="email" type="email"></label>
  <label>Site code <input name="code"></label>
  <label>Access token <input name="access_token"></label>
  <label>Notes <textarea name="notes"></textarea></label>
  <label><input type="checkbox" name="urgent" value="yes"> Urgent</label>
  <label>Priority <select name="priority"><option>low</option><option>high</option></select></label>
  <label>Photo <input type="file" name="photo"></label>
  <button>Send report</button>
</form>`,
);

const SURVEY_FORM = page(
  'Survey',
  `
<form method="post" action="/submit/survey">
  <label>Answer <input name="answer"></label>
  <button>Answer</button>
</form>`,
);

const CALLBACK_FORM = page(
  'Callback request',
  `
<form method="post" action="/submit/callback">
  <label>Phone <input name="phone"></label>
  <button>Call me</button>
</form>`,
);

/** Opens every form page online, then submits them offline one after the other (capture order matters). */
async function queueOffline(context: BrowserContext, server: FormServer): Promise<void> {
  const open = async (path: string) => {
    const tab = await context.newPage();
    await tab.goto(`${server.origin}${path}`);
    return tab;
  };
  const orderA = await open('/form/order');
  const orderB = await open('/form/order');
  const report = await open('/form/report');
  const survey = await open('/form/survey');
  const callback = await open('/form/callback');
  await context.setOffline(true);

  const submit = async (tab: Page, fill: () => Promise<void>, button: string) => {
    await tab.bringToFront();
    await fill();
    await tab.click(button);
    await expect(notice(tab)).toHaveAttribute('data-tone', 'saved');
  };
  await submit(orderA, () => orderA.fill('input[name=item]', 'widget'), 'button');
  await submit(orderB, () => orderB.fill('input[name=item]', 'gadget'), 'button');
  await submit(
    report,
    async () => {
      await report.fill('input[name=email]', 'ana@example.com');
      await report.fill('input[name=code]', 'bad-code');
      // Password inputs are never captured (capture rules); a token field is, and the popup masks it.
      await report.fill('input[name=access_token]', 'tok-hunter2-secret');
      await report.fill('textarea[name=notes]', 'Valve leaking\nsecond line');
      await report.check('input[name=urgent]');
      await report.selectOption('select[name=priority]', 'high');
      await report.setInputFiles('input[name=photo]', { name: 'valve.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
    },
    'button',
  );
  await submit(survey, () => survey.fill('input[name=answer]', 'forty-two'), 'button');
  await submit(callback, () => callback.fill('input[name=phone]', '555-0100'), 'button');
  for (const tab of [orderA, orderB, report, survey, callback]) await tab.close();
}

async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('.popup')).toBeVisible();
  await expect(popup.locator('main')).toHaveAttribute('aria-busy', 'false');
  return popup;
}

async function shot(popup: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await popup.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function badgeText(context: BrowserContext): Promise<string> {
  const worker = await serviceWorker(context);
  return worker.evaluate(() =>
    (
      globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }
    ).chrome.action.getBadgeText({}),
  );
}

// Desktop notifications are an optional permission; this person granted it in an earlier session.
test.use({ grantedPermissions: ['notifications'] });

const item = (popup: Page, title: string) =>
  popup.getByTestId('item').filter({ has: popup.locator('.item-title', { hasText: title }) });

test('popup: review, retry, edit, discard, refill, export and clear the queue', async ({
  context,
  extensionId,
  server,
}) => {
  test.setTimeout(180_000);
  server.page('/form/order', ORDER_FORM);
  server.page('/form/report', REPORT_FORM);
  server.page('/form/survey', SURVEY_FORM);
  server.page('/form/callback', CALLBACK_FORM);
  let surveyAccepts = false;
  server.respond('/submit/report', (request) =>
    request.body.includes('name="code"\r\n\r\nbad-code')
      ? { status: 422, body: 'bad code' }
      : { status: 303, headers: { location: '/thanks' } },
  );
  server.respond('/submit/survey', () =>
    surveyAccepts ? { status: 303, headers: { location: '/thanks' } } : { status: 422, body: 'no' },
  );
  server.respond('/submit/callback', () => ({ status: 503, headers: { 'retry-after': '3600' } }));

  // Empty state.
  let popup = await openPopup(context, extensionId);
  await expect(popup.getByTestId('empty')).toBeVisible();
  await expect(popup.getByTestId('connection')).toHaveAttribute('data-state', 'online');
  await expectAccessible(popup, 'empty popup');
  await shot(popup, 'popup-empty');
  // Notifications are off until the person turns them on (which asks the browser's permission).
  const notifications = popup.getByRole('switch', { name: 'Desktop notifications' });
  await expect(notifications).not.toBeChecked();
  await notifications.click();
  await expect(notifications).toBeChecked();
  await popup.close();

  // Five submissions queued offline: the popup lists them as waiting, offline.
  await queueOffline(context, server);
  await waitForQueue(context, extensionId, (rows) => rows.length === 5);
  popup = await openPopup(context, extensionId);
  await expect(popup.getByTestId('count-pending')).toHaveText('5');
  await expect(popup.getByTestId('connection')).toHaveAttribute('data-state', 'offline');
  await expect(item(popup, 'Site report').getByTestId('target')).toHaveText(`POST ${server.origin} › /submit/report`);
  expect(await badgeText(context)).toBe('5');
  await expectAccessible(popup, 'pending popup');
  await shot(popup, 'popup-pending');

  // Online: the popup updates live (no reload): orders sent, report and survey failed (422), callback waits (503).
  await context.setOffline(false);
  await expect(popup.getByTestId('count-sent')).toHaveText('2');
  await expect(popup.getByTestId('count-failed')).toHaveText('2');
  await expect(popup.getByTestId('count-pending')).toHaveText('1');
  await expect(popup.getByTestId('connection')).toHaveAttribute('data-state', 'online');
  await expect(popup.getByTestId('last-sent')).toContainText('Last sent');
  const report = item(popup, 'Site report');
  await expect(report.getByTestId('reason')).toHaveText(
    'The site refused it: the site could not accept these values. Edit the values and retry.',
  );
  await expect(report.getByTestId('detail')).toBeHidden();
  await report.getByText('Technical detail').click();
  await expect(report.getByTestId('detail')).toContainText('HTTP 422 Unprocessable Entity');
  expect(server.received('/submit/order')).toHaveLength(2);
  expect(await badgeText(context)).toBe('3');
  // One desktop notification sums up the drain pass.
  const worker0 = await serviceWorker(context);
  await expect
    .poll(() =>
      worker0.evaluate(() =>
        (
          globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } }
        ).chrome.notifications.getAll(),
      ),
    )
    .toHaveProperty('form-outbox-drain');
  await expectAccessible(popup, 'sent and failed popup');
  await shot(popup, 'popup-sent-failed');

  // Details: fields with the token masked, the file with its size.
  await report.getByRole('button', { name: 'Details' }).click();
  const details = report.getByTestId('item-details');
  await expect(details).toContainText('ana@example.com');
  await expect(details).toContainText('valve.jpg');
  await expect(details).toContainText('3 kB');
  await expect(details).not.toContainText('tok-hunter2-secret');
  await expect(details.locator('[data-masked=true]')).toHaveCount(1);
  await expectAccessible(popup, 'details open popup');
  await details.scrollIntoViewIfNeeded();
  await shot(popup, 'popup-details');
  await popup.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(popup, 'dark popup');
  await shot(popup, 'popup-dark');
  await popup.emulateMedia({ colorScheme: 'light' });
  await report.getByRole('button', { name: 'Hide details' }).click();

  // Export: every item with its fields, and the file's bytes.
  const [download] = await Promise.all([
    popup.waitForEvent('download'),
    popup.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(exported).toMatchObject({ format: 'form-outbox-export', version: 3 });
  expect(exported.items).toHaveLength(5);
  const exportedReport = exported.items.find((i: { request: { url: string } }) =>
    i.request.url.endsWith('/submit/report'),
  );
  expect(exportedReport.status).toBe('failed');
  expect(exportedReport.request.entries).toContainEqual({ name: 'email', value: 'ana@example.com' });
  const photo = exportedReport.request.entries.find((e: { name: string }) => e.name === 'photo');
  expect(photo.file.name).toBe('valve.jpg');
  expect(Buffer.from(photo.file.base64, 'base64').equals(PHOTO)).toBe(true);

  // Open the original page with the form filled in again.
  const [refilled] = await Promise.all([
    context.waitForEvent('page'),
    report.getByRole('button', { name: 'Open page' }).click(),
  ]);
  await refilled.waitForLoadState();
  expect(refilled.url()).toBe(`${server.origin}/form/report`);
  await expect(notice(refilled)).toHaveAttribute('data-title', 'Form refilled by Form Outbox');
  expect(await refilled.inputValue('input[name=email]')).toBe('ana@example.com');
  expect(await refilled.inputValue('input[name=code]')).toBe('bad-code');
  expect(await refilled.inputValue('textarea[name=notes]')).toBe('Valve leaking\nsecond line');
  expect(await refilled.isChecked('input[name=urgent]')).toBe(true);
  expect(await refilled.inputValue('select[name=priority]')).toBe('high');
  const file = await refilled.evaluate(async () => {
    const input = document.querySelector<HTMLInputElement>('input[name=photo]')!;
    const f = input.files![0];
    return { name: f.name, type: f.type, bytes: Array.from(new Uint8Array(await f.arrayBuffer())) };
  });
  expect(file.name).toBe('valve.jpg');
  expect(file.type).toBe('image/jpeg');
  expect(Buffer.from(file.bytes).equals(PHOTO)).toBe(true);
  await refilled.close();
  await popup.bringToFront();

  // Retry: the server now accepts the survey.
  surveyAccepts = true;
  await item(popup, 'Survey').getByRole('button', { name: 'Retry', exact: true }).click();
  await server.waitForRequests('/submit/survey', 2);
  await expect(item(popup, 'Survey')).toHaveAttribute('data-status', 'sent');
  await expect(popup.getByTestId('count-failed')).toHaveText('1');

  // Edit and retry: fix the code the server rejected (its box named by the label the person saw); the server receives the edited value.
  await report.getByRole('button', { name: 'Edit & retry' }).click();
  const code = report.getByLabel('Site code', { exact: true });
  await expect(code)
    .toBeFocused()
    .catch(() => undefined);
  await code.fill('GOOD-42');
  await report.getByRole('button', { name: 'Retry with these values' }).click();
  const reports = await server.waitForRequests('/submit/report', 2);
  const body = reports[1].body.toString('latin1');
  expect(body).toContain('name="code"\r\n\r\nGOOD-42');
  expect(body).toContain('name="email"\r\n\r\nana@example.com');
  expect(reports[1].body.includes(PHOTO)).toBe(true);
  await expect(popup.getByTestId('group-failed')).toHaveCount(0);
  await expect(popup.getByTestId('count-sent')).toHaveText('4');
  expect(await badgeText(context)).toBe('1');

  // Discard with undo, then discard for good.
  const callback = item(popup, 'Callback request');
  await callback.getByRole('button', { name: 'Discard' }).click();
  await expect(popup.getByTestId('group-pending')).toHaveCount(0);
  await expect(popup.getByTestId('toast')).toContainText('Discarded “Callback request”.');
  await popup.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
  await expect(item(popup, 'Callback request')).toHaveCount(1);
  expect((await readQueue(context, extensionId)).filter((r) => r.url.endsWith('/submit/callback'))).toHaveLength(1);
  await item(popup, 'Callback request').getByRole('button', { name: 'Discard' }).click();
  await expect(popup.getByTestId('group-pending')).toHaveCount(0);
  expect((await readQueue(context, extensionId)).filter((r) => r.url.endsWith('/submit/callback'))).toHaveLength(0);
  await expect.poll(() => badgeText(context)).toBe('');

  // Clear the history (after confirming).
  await popup.getByRole('button', { name: 'Clear history' }).click();
  await popup.getByRole('button', { name: 'Delete history' }).click();
  await expect(popup.getByTestId('empty')).toBeVisible();
  expect(await readQueue(context, extensionId)).toEqual([]);
  await expect(popup.getByTestId('last-sent')).toContainText('Last sent');

  // Notifications can be turned off; the setting is stored for the background.
  const toggle = popup.getByRole('switch', { name: 'Desktop notifications' });
  await expect(toggle).toBeChecked();
  await toggle.click();
  await expect(toggle).not.toBeChecked();
  const worker = await serviceWorker(context);
  const stored = await worker.evaluate(() =>
    (
      globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }
    ).chrome.storage.local.get('settings'),
  );
  expect(stored.settings).toMatchObject({ notifications: false });
});

test('popup: "server unreachable" when the last attempts got no answer while online', async ({
  context,
  extensionId,
  server,
}) => {
  server.page('/form/order', ORDER_FORM);
  const tab = await context.newPage();
  await tab.goto(`${server.origin}/form/order`);
  await context.setOffline(true);
  await tab.fill('input[name=item]', 'bolt');
  await tab.click('button');
  await expect(notice(tab)).toHaveAttribute('data-tone', 'saved');
  await server.stop();
  await context.setOffline(false);
  await waitForQueue(context, extensionId, (rows) => rows[0]?.lastError?.kind === 'network');
  const popup = await openPopup(context, extensionId);
  await expect(popup.getByTestId('connection')).toHaveAttribute('data-state', 'unreachable');
  await expect(popup.getByTestId('reason')).toHaveText('The server could not be reached. Will try again.');
  await expectAccessible(popup, 'unreachable popup');
  await shot(popup, 'popup-unreachable');
  await server.start();
});
