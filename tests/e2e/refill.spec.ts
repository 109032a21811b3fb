/**
 * "Open page" in Chromium and Firefox (projects in playwright.config.ts): a failed submission's page
 * opens in a new tab with its form filled in again, files included. The refill code is not part of
 * the content script every page carries: the background injects it into that tab when asked
 * (scripting.executeScript). The control: the same page opened by hand is not filled in.
 */
import { test, expect, notice } from './support/browsers';

const REPORT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Site report</title></head><body>
<h1>Site report</h1>
<form method="post" action="/submit/report" enctype="multipart/form-data">
  <label>Email <input name="email" type="email"></label>
  <label>Notes <textarea name="notes"></textarea></label>
  <label><input type="checkbox" name="urgent" value="yes"> Urgent</label>
  <label>Priority <select name="priority"><option>low</option><option>high</option></select></label>
  <label>Photo <input type="file" name="photo"></label>
  <button>Send report</button>
</form></body></html>`;

const NO_FORM = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Moved</title></head><body><p>This form has moved.</p></body></html>`;

const PHOTO = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));

test('"Open page" fills the form in again in a new tab, files included; the same page opened by hand is not filled', async ({
  context,
  page,
  server,
  network,
  ext,
}) => {
  server.page('/form/report', REPORT);
  server.respond('/submit/report', () => ({ status: 422, body: 'bad code' }));

  await page.goto(`${server.origin}/form/report`);
  await page.fill('input[name=email]', 'ana@example.com');
  await page.fill('textarea[name=notes]', 'Valve leaking\nsecond line');
  await page.check('input[name=urgent]');
  await page.selectOption('select[name=priority]', 'high');
  await page.setInputFiles('input[name=photo]', { name: 'valve.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
  await network.offline();
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  await network.online();
  await ext.waitForQueue((rows) => rows.length === 1 && rows[0].status === 'failed');

  // Control: the page opened by hand stays empty (nothing fills forms on its own).
  const byHand = await context.newPage();
  await byHand.goto(`${server.origin}/form/report`);
  await expect(byHand.locator('input[name=email]')).toHaveValue('');
  await expect(notice(byHand)).toHaveCount(0);
  await byHand.close();

  const popup = await ext.open('popup.html');
  const item = popup.getByTestId('item').filter({ has: popup.locator('.item-title', { hasText: 'Site report' }) });
  const opened = context.waitForEvent('page');
  await item.getByRole('button', { name: 'Open page' }).click();
  const refilled = await opened;
  await refilled.waitForLoadState();
  expect(refilled.url()).toBe(`${server.origin}/form/report`);
  await expect(notice(refilled)).toHaveAttribute('data-title', 'Form refilled by Form Outbox');
  await expect(notice(refilled)).toHaveAttribute('data-tone', 'saved');
  await expect(refilled.locator('input[name=email]')).toHaveValue('ana@example.com');
  await expect(refilled.locator('textarea[name=notes]')).toHaveValue('Valve leaking\nsecond line');
  await expect(refilled.locator('input[name=urgent]')).toBeChecked();
  await expect(refilled.locator('select[name=priority]')).toHaveValue('high');
  const file = await refilled.evaluate(async () => {
    const f = document.querySelector<HTMLInputElement>('input[name=photo]')!.files![0];
    return { name: f.name, type: f.type, bytes: Array.from(new Uint8Array(await f.arrayBuffer())) };
  });
  expect(file).toMatchObject({ name: 'valve.jpg', type: 'image/jpeg' });
  expect(Buffer.from(file.bytes).equals(PHOTO)).toBe(true);
  await refilled.close();

  // The page no longer has the form: the user is told so on that page.
  server.page('/form/report', NO_FORM);
  const again = context.waitForEvent('page');
  await item.getByRole('button', { name: 'Open page' }).click();
  const missing = await again;
  await missing.waitForLoadState();
  await expect(notice(missing)).toHaveAttribute('data-tone', 'problem');
  await expect(notice(missing)).toContainText('could not find the form');
  await missing.close();
  await ext.close(popup);
});
