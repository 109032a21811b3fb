/**
 * The popup's main states in Chromium and Firefox (projects in playwright.config.ts): submissions
 * saved offline are listed as waiting; once online the popup updates live to sent, failed with the
 * reason, and still waiting; the toolbar badge follows. Each state (and the empty popup) is saved as a screenshot, named by browser, in
 * test-results/screenshots/ (or POPUP_SCREENSHOTS).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, notice } from './support/browsers';

const SHOTS = path.resolve(process.env.POPUP_SCREENSHOTS ?? 'test-results/screenshots');

const form = (
  title: string,
  action: string,
  field: string,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><form method="post" action="${action}"><label>${field} <input name="${field}"></label><button>Send</button></form></body></html>`;

/** The toolbar badge, read from an extension page (Chromium's MV3 `action`, Firefox's MV2 `browserAction`). */
function badgeText(popup: Page): Promise<string> {
  return popup.evaluate(() => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return (api.action ?? api.browserAction).getBadgeText({});
  });
}

async function shot(popup: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await popup.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

test('popup: waiting while offline; then sent, failed with the reason, and still waiting, live', async ({
  context,
  page,
  server,
  network,
  ext,
  extBrowser,
}) => {
  server.page('/form/order', form('Order parts', '/submit/order', 'item'));
  server.page('/form/survey', form('Survey', '/submit/survey', 'answer'));
  server.page('/form/callback', form('Callback request', '/submit/callback', 'phone'));
  server.respond('/submit/survey', () => ({ status: 422, body: 'no' }));
  server.respond('/submit/callback', () => ({ status: 503, headers: { 'retry-after': '3600' } }));

  // Nothing queued yet: the empty state.
  const empty = await ext.open('popup.html');
  await empty.setViewportSize({ width: 380, height: 600 });
  await expect(empty.locator('main')).toHaveAttribute('aria-busy', 'false');
  await expect(empty.getByTestId('empty')).toBeVisible();
  expect(await badgeText(empty)).toBe('');
  await shot(empty, `${extBrowser}-popup-empty`);
  await ext.close(empty);

  const tabs: Page[] = [page, await context.newPage(), await context.newPage()];
  const paths = ['/form/order', '/form/survey', '/form/callback'];
  for (const [i, tab] of tabs.entries()) await tab.goto(`${server.origin}${paths[i]}`);
  await network.offline();
  for (const [i, value] of ['widget', 'forty-two', '555-0100'].entries()) {
    const tab = tabs[i];
    await tab.bringToFront();
    await tab.fill('input', value);
    await tab.click('button');
    await expect(notice(tab)).toHaveAttribute('data-tone', 'saved');
  }
  await ext.waitForQueue((rows) => rows.length === 3);

  const popup = await ext.open('popup.html');
  await popup.setViewportSize({ width: 380, height: 600 });
  await expect(popup.locator('main')).toHaveAttribute('aria-busy', 'false');
  await expect(popup.getByTestId('count-pending')).toHaveText('3');
  await expect(popup.getByTestId('connection')).toHaveAttribute('data-state', 'offline');
  expect(await badgeText(popup)).toBe('3');
  await shot(popup, `${extBrowser}-popup-pending`);

  await network.online();
  await expect(popup.getByTestId('count-sent')).toHaveText('1');
  await expect(popup.getByTestId('count-failed')).toHaveText('1');
  await expect(popup.getByTestId('count-pending')).toHaveText('1');
  await expect(popup.getByTestId('connection')).toHaveAttribute('data-state', 'online');
  const survey = popup.getByTestId('item').filter({ has: popup.locator('.item-title', { hasText: 'Survey' }) });
  await expect(survey.getByTestId('reason')).toHaveText(
    'The site refused it: the site could not accept these values. Edit the values and retry.',
  );
  // The badge counts what still needs the user or the network: one failed, one waiting.
  await expect.poll(() => badgeText(popup)).toBe('2');
  await shot(popup, `${extBrowser}-popup-sent-failed`);
  expect(server.received('/submit/order')).toHaveLength(1);
  await ext.close(popup);
});
