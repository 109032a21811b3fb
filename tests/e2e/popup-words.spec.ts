/**
 * The popup's words, in Chromium and Firefox (projects in playwright.config.ts): a form submitted
 * offline is shown by the labels the person saw (not its raw field names), in the details and in
 * Edit & retry; its long target address is shortened to site and path, with the whole address in
 * the title and, by keyboard, in the details; a 503 and a 429 are told in words, their numbers in the
 * technical detail. Screenshots of each, named by browser, go to test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, notice } from './support/browsers';

const SHOTS = path.resolve(process.env.POPUP_SCREENSHOTS ?? 'test-results/screenshots');

async function shot(popup: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await popup.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

const LONG_PATH = '/submit/accounts/42/projects/alpha-centauri/reports/2026/quarterly/final-summary';
const QUERY = '?draft=1&ref=private-words';

// Raw names that say nothing; each labelled a different way.
const LABELLED_FORM = page(
  'Quarterly report',
  `
<form method="post" action="${LONG_PATH}${QUERY}">
  <label for="e">Email address</label> <input id="e" name="fld_1">
  <label>Site code <input name="fld_2"></label>
  <input name="fld_3" aria-label="Order number">
  <input name="fld_4" placeholder="Your phone">
  <fieldset><legend>Size</legend>
    <label><input type="radio" name="fld_5" value="s" checked> Small</label>
    <label><input type="radio" name="fld_5" value="l"> Large</label>
  </fieldset>
  <input name="plain">
  <button>Send report</button>
</form>`,
);

const oneField = (title: string, action: string) =>
  page(
    title,
    `<form method="post" action="${action}"><label>Message <input name="m"></label><button>Send</button></form>`,
  );

function card(popup: Page, title: string): Locator {
  return popup.getByTestId('item').filter({ has: popup.locator('.item-title', { hasText: title }) });
}

test('popup words: fields by their labels, a long address shortened with the whole address on demand', async ({
  page: tab,
  server,
  network,
  ext,
  extBrowser,
}) => {
  server.page('/form/labels', LABELLED_FORM);
  server.respond(LONG_PATH, () => ({ status: 422, body: 'no' }));
  const fullUrl = `${server.origin}${LONG_PATH}${QUERY}`;

  await tab.goto(`${server.origin}/form/labels`);
  await network.offline();
  await tab.fill('#e', 'ana@example.com');
  await tab.fill('input[name=fld_2]', 'S-17');
  await tab.fill('input[name=fld_3]', '4711');
  await tab.fill('input[name=fld_4]', '555-0100');
  await tab.fill('input[name=plain]', 'as is');
  await tab.click('button');
  await expect(notice(tab)).toHaveAttribute('data-tone', 'saved');
  await ext.waitForQueue((rows) => rows.length === 1);

  const popup = await ext.open('popup.html');
  await expect(popup.locator('main')).toHaveAttribute('aria-busy', 'false');
  const item = card(popup, 'Quarterly report');

  // Short: site and path, cut in the middle, no query; the whole address in the title.
  const target = item.getByTestId('target');
  await expect(target).toHaveText(/^POST http:\/\/127\.0\.0\.1:\d+ › \/submit\/.*….*\/final-summary\?…$/);
  await expect(target).not.toContainText('private-words');
  await expect(target).toHaveAttribute('title', fullUrl);

  // By keyboard: the details disclosure shows the whole address (selectable text).
  const toggle = item.getByRole('button', { name: 'Details' });
  await toggle.focus();
  await popup.keyboard.press('Enter');
  const details = item.getByTestId('item-details');
  await expect(details.getByTestId('full-address')).toHaveText(`POST ${fullUrl}`);

  // The fields by the labels the person saw, the raw names as secondary text; a field without a label by its name.
  await expect(details.getByTestId('field').locator('dt')).toHaveText([
    'Email address fld_1',
    'Site code fld_2',
    'Order number fld_3',
    'Your phone fld_4',
    'Size fld_5',
    'plain',
  ]);
  await expect(details.getByTestId('field').filter({ hasText: 'Email address' }).locator('dd')).toHaveText(
    'ana@example.com',
  );
  await popup.setViewportSize({ width: 380, height: 700 });
  await details.getByTestId('field').last().scrollIntoViewIfNeeded();
  await shot(popup, `${extBrowser}-popup-words-details`);

  // Refused (422): Edit & retry names its boxes by the labels too.
  await network.online();
  await expect(popup.getByTestId('count-failed')).toHaveText('1');
  await item.getByRole('button', { name: 'Edit & retry' }).click();
  await expect(item.getByLabel('Email address', { exact: true })).toHaveValue('ana@example.com');
  await expect(item.getByLabel('Order number', { exact: true })).toHaveValue('4711');
  await shot(popup, `${extBrowser}-popup-words-edit`);
  await ext.close(popup);
});

test('popup words: a 503 and a 429 in words, their numbers in the technical detail', async ({
  context,
  page: first,
  server,
  network,
  ext,
  extBrowser,
}) => {
  server.page('/form/down', oneField('Outage report', '/submit/down'));
  server.page('/form/busy', oneField('Busy report', '/submit/busy'));
  server.respond('/submit/down', () => ({ status: 503, headers: { 'retry-after': '3600' } }));
  server.respond('/submit/busy', () => ({ status: 429, headers: { 'retry-after': '3600' } }));

  // Two origins (127.0.0.1 and localhost): items of one origin wait in line behind its first.
  const second = await context.newPage();
  await first.goto(`${server.origin}/form/down`);
  await second.goto(`http://localhost:${server.port}/form/busy`);
  await network.offline();
  for (const tab of [first, second]) {
    await tab.bringToFront();
    await tab.fill('input[name=m]', 'hello');
    await tab.click('button');
    await expect(notice(tab)).toHaveAttribute('data-tone', 'saved');
  }
  await ext.waitForQueue((rows) => rows.length === 2);
  await network.online();
  await ext.waitForQueue((rows) => rows.every((row) => row.lastError?.status !== undefined));

  const popup = await ext.open('popup.html');
  await expect(popup.locator('main')).toHaveAttribute('aria-busy', 'false');
  const cases: Array<[string, string, string]> = [
    [
      'Outage report',
      'The site had a problem: service unavailable (the site is down or overloaded). Will try again.',
      'HTTP 503 Service Unavailable',
    ],
    [
      'Busy report',
      'The site refused it: too many requests (the site asked to wait). Will try again.',
      'HTTP 429 Too Many Requests',
    ],
  ];
  for (const [title, words, code] of cases) {
    const item = card(popup, title);
    await expect(item.getByTestId('reason')).toHaveText(words);
    await expect(item.getByTestId('detail')).toBeHidden();
    await item.getByText('Technical detail').click();
    await expect(item.getByTestId('detail')).toContainText(code);
  }
  await popup.setViewportSize({ width: 380, height: 600 });
  await shot(popup, `${extBrowser}-popup-words-statuses`);
  await ext.close(popup);
});
