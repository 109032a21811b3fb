/**
 * Drafts (issue 17, docs/drafts.md) in Chromium and Firefox: what a person types is kept before
 * Submit and can be restored on the same page; a delivered submission leaves no draft.
 */
import fs from 'node:fs';
import { test, expect, notice } from './support/browsers';
import {
  draftPage,
  draftPrompt,
  drafts,
  dumpExtensionStorage,
  expectOffered,
  typeInto,
  waitForDrafts,
} from './support/drafts';
import { EXTENSION_UUID } from './support/firefox';
import { diskMarker, killHard, launchOwn, newProfile, onDisk, removeProfile } from './support/own-browser';
import { expectStored, openOptions } from './options-page';
import { expectAccessible } from './support/accessibility';

const NOTES = 'Pumpe läuft heiß — 温度 85 °C\nzweite Zeile: ✓ geprüft\n\n  eingerückt';
const NAME = 'Zoë Ångström';

test('type, close the tab, reopen: the prompt restores every value exactly and fires input and change', async ({
  context,
  page,
  server,
  ext,
}) => {
  server.page('/form', draftPage('Work order'));
  await page.goto(`${server.origin}/form`);
  await typeInto(page, 'input[name=name]', NAME);
  await typeInto(page, 'textarea[name=notes]', NOTES);
  await page.selectOption('select[name=priority]', 'high');
  await page.check('input[name=urgent]');
  await page.check('input[value=night]');
  await typeInto(page, '#editor', 'Kommentar ünd mehr');
  await waitForDrafts(
    ext,
    (rows) =>
      rows.length === 2 &&
      rows.some((r) => r.fields.some((f) => f.value === NOTES)) &&
      rows.some((r) => r.fields.some((f) => f.text === 'Kommentar ünd mehr')),
  );
  await page.close();

  const again = await context.newPage();
  await again.goto(`${server.origin}/form`);
  await expectOffered(again, /Kommentar ünd mehr|Zoë Ångström/);
  await expect(draftPrompt(again)).toContainText('1 more form');
  await expect(again.locator('textarea[name=notes]')).toHaveValue('');
  await expectAccessible(again, 'page with the restore prompt');
  // Keyboard: the prompt is the last stop of the page's tab order, and Enter restores.
  await again.focus('#editor');
  await again.keyboard.press('Tab');
  expect(await again.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent)).toBe('Restore');
  await again.keyboard.press('Enter');
  await expect(again.locator('input[name=name]')).toHaveValue(NAME);
  await expect(again.locator('textarea[name=notes]')).toHaveValue(NOTES);
  await expect(again.locator('select[name=priority]')).toHaveValue('high');
  await expect(again.locator('input[name=urgent]')).toBeChecked();
  await expect(again.locator('input[value=night]')).toBeChecked();
  await expect(again.locator('#editor')).toHaveText('Kommentar ünd mehr');
  await expect(draftPrompt(again)).toHaveCount(0);
  const seen = await again.evaluate(() => (window as any).seen as string[]);
  for (const name of ['name', 'notes', 'priority', 'urgent']) {
    expect(seen).toContain(`input:${name}`);
    expect(seen).toContain(`change:${name}`);
  }
  expect(await drafts(ext)).toHaveLength(2);
});

/** Opens `url` in a new tab and waits until its document has been offered its drafts (or not) for `settleMs`. */
async function reopen(context: import('@playwright/test').BrowserContext, url: string) {
  const tab = await context.newPage();
  await tab.goto(url);
  return tab;
}

test('a form submitted online and accepted by the server leaves no draft and no prompt (control: one the server refused with 500 is offered)', async ({
  context,
  page,
  server,
  ext,
}) => {
  server.page('/form-ok', draftPage('Accepted order', '/submit/ok'));
  server.page('/form-bad', draftPage('Refused order', '/submit/bad'));
  server.respond('/submit/bad', () => ({
    status: 500,
    body: '<!doctype html><title>Error</title><p>Server error</p>',
  }));

  await page.goto(`${server.origin}/form-ok`);
  await typeInto(page, 'textarea[name=notes]', 'accepted-notes');
  await waitForDrafts(ext, (rows) => rows.some((r) => r.fields.some((f) => f.value === 'accepted-notes')));
  await page.click('button');
  await page.waitForURL(`${server.origin}/thanks`);

  const other = await context.newPage();
  await other.goto(`${server.origin}/form-bad`);
  await typeInto(other, 'textarea[name=notes]', 'refused-notes');
  await waitForDrafts(ext, (rows) => rows.some((r) => r.fields.some((f) => f.value === 'refused-notes')));
  await other.click('button');
  await server.waitForRequests('/submit/bad', 1);
  await expect(other.locator('p')).toHaveText('Server error');

  // The accepted one ends; the refused one stays (back to editing once the 500 is seen).
  const rows = await waitForDrafts(ext, (r) => r.length === 1 && r[0].state === 'editing');
  expect(rows[0].fields.find((f) => f.key === 'notes')?.value).toBe('refused-notes');
  expect(server.received('/submit/ok')).toHaveLength(1);

  const refused = await reopen(context, `${server.origin}/form-bad`);
  await expectOffered(refused, 'refused-notes');
  const accepted = await reopen(context, `${server.origin}/form-ok`);
  await accepted.waitForTimeout(3_000);
  await expect(draftPrompt(accepted)).toHaveCount(0);
});

test('a form queued offline and delivered leaves no draft and no prompt (control: a queued one the server rejected keeps its draft)', async ({
  context,
  page,
  server,
  ext,
  network,
}) => {
  server.page('/form-q1', draftPage('Queued order', '/submit/q1'));
  server.page('/form-q2', draftPage('Rejected order', '/submit/q2'));
  server.respond('/submit/q2', () => ({ status: 422, body: 'invalid' }));

  await page.goto(`${server.origin}/form-q1`);
  const second = await context.newPage();
  await second.goto(`${server.origin}/form-q2`);
  await typeInto(page, 'textarea[name=notes]', 'queued-delivered');
  await typeInto(second, 'textarea[name=notes]', 'queued-rejected');
  await waitForDrafts(ext, (rows) => rows.length === 2);

  await network.offline();
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  await second.click('button');
  await expect(notice(second)).toHaveAttribute('data-tone', 'saved');
  await waitForDrafts(ext, (rows) => rows.length === 2 && rows.every((r) => r.state === 'queued' && !!r.itemId));

  await network.online();
  await ext.waitForQueue(
    (rows) => rows.length === 2 && rows.some((r) => r.status === 'sent') && rows.some((r) => r.status === 'failed'),
  );
  const rows = await waitForDrafts(ext, (r) => r.length === 1);
  expect(rows[0].fields.find((f) => f.key === 'notes')?.value).toBe('queued-rejected');
  await page.close();
  await second.close();

  const rejected = await reopen(context, `${server.origin}/form-q2`);
  await expectOffered(rejected, 'queued-rejected');
  // Dismissed, the prompt goes; the draft stays.
  await draftPrompt(rejected).getByRole('button', { name: 'Dismiss (the draft stays in Form Outbox)' }).click();
  await expect(draftPrompt(rejected)).toHaveCount(0);
  expect(await drafts(ext)).toHaveLength(1);
  const delivered = await reopen(context, `${server.origin}/form-q1`);
  await delivered.waitForTimeout(3_000);
  await expect(draftPrompt(delivered)).toHaveCount(0);
});

/** A page that sends its form with fetch, then clears it (accepted) or says "Network error" (failed). */
function fetchPage(title: string, api: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<form id="f" method="post" action="${api}">
  <label>Subject <input name="subject"></label>
  <label>Message <textarea name="message"></textarea></label>
  <button>Send</button>
</form>
<p id="status"></p>
<script>
  document.getElementById('f').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await fetch('${api}', { method: 'POST', body: new FormData(event.target) });
      if (!answer.ok) throw new Error('HTTP ' + answer.status);
      event.target.reset();
      document.getElementById('status').textContent = 'Sent!';
    } catch (error) {
      document.getElementById('status').textContent = 'Network error';
    }
  });
</script></body></html>`;
}

test("a form sent by the page's own fetch that failed can be restored after the tab is closed (control: one the page cleared after a good answer ends)", async ({
  context,
  page,
  server,
  ext,
}) => {
  server.page('/app-fail', fetchPage('Support (fails)', '/api/fail'));
  server.page('/app-ok', fetchPage('Support (works)', '/api/ok'));
  server.respond('/api/fail', () => ({ status: 503, body: 'down' }));
  server.respond('/api/ok', () => ({ status: 200, body: '{}' }));
  const message = 'Ticket #42:\nDer Drucker druckt nur noch “Ω”.';

  await page.goto(`${server.origin}/app-fail`);
  await typeInto(page, 'input[name=subject]', 'Drucker');
  await typeInto(page, 'textarea[name=message]', message);
  const ok = await context.newPage();
  await ok.goto(`${server.origin}/app-ok`);
  await typeInto(ok, 'input[name=subject]', 'will be sent');
  await waitForDrafts(ext, (rows) => rows.length === 2);

  await page.click('button');
  await expect(page.locator('#status')).toHaveText('Network error');
  await ok.click('button');
  await expect(ok.locator('#status')).toHaveText('Sent!');
  // The page cleared the sent form: that draft ends; the failed one stays, marked as sent by the page.
  const rows = await waitForDrafts(ext, (r) => r.length === 1 && r[0].state === 'sentByScript');
  expect(rows[0].pageKey).toBe(`${server.origin}/app-fail`);
  await page.close();
  await ok.close();

  const again = await reopen(context, `${server.origin}/app-fail`);
  await expectOffered(again, 'Drucker');
  await draftPrompt(again).getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(again.locator('input[name=subject]')).toHaveValue('Drucker');
  await expect(again.locator('textarea[name=message]')).toHaveValue(message);
  const cleared = await reopen(context, `${server.origin}/app-ok`);
  await cleared.waitForTimeout(3_000);
  await expect(draftPrompt(cleared)).toHaveCount(0);
});

test("secrets typed into password, card and one-time-code fields are found nowhere in the extension's storage; the normal field's draft is (control)", async ({
  page,
  server,
  ext,
}) => {
  server.page(
    '/checkout',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title></head><body>
<form method="post" action="/submit/checkout">
  <label>Delivery note <textarea name="note"></textarea></label>
  <label>Password <input type="password" name="pw"></label>
  <label>Shown password <input type="text" name="password"></label>
  <label>Card <input name="number" autocomplete="cc-number"></label>
  <label>Card code <input name="cvc"></label>
  <label>Code <input name="code" autocomplete="one-time-code"></label>
  <button>Pay</button>
</form></body></html>`,
  );
  await page.goto(`${server.origin}/checkout`);
  await typeInto(page, 'textarea[name=note]', 'normalmarker7781');
  await typeInto(page, 'input[name=pw]', 'secretpw7781');
  await typeInto(page, 'input[name=password]', 'secretshown7781');
  await typeInto(page, 'input[name=number]', '4111111111117781');
  await typeInto(page, 'input[name=cvc]', '778');
  await typeInto(page, 'input[name=code]', 'otp7781');
  await typeInto(page, 'textarea[name=note]', ' end');
  const rows = await waitForDrafts(ext, (r) => r.some((d) => d.fields.some((f) => f.value === 'normalmarker7781 end')));
  expect(rows[0].fields.map((f) => f.key)).toEqual(['note']);
  const everything = await dumpExtensionStorage(ext);
  expect(everything).toContain('normalmarker7781');
  for (const secret of ['secretpw7781', 'secretshown7781', '4111111111117781', 'otp7781', '"778"'])
    expect(everything).not.toContain(secret);
});

test('type, kill the browser process hard, relaunch on the same profile: the draft is there and restores', async ({
  extBrowser,
  server,
}) => {
  test.setTimeout(240_000);
  server.page('/form', draftPage('Work order'));
  const profile = newProfile();
  try {
    let own = await launchOwn(extBrowser, profile);
    let page = await own.context.newPage();
    await page.goto(`${server.origin}/form`);
    await typeInto(page, 'input[name=name]', NAME);
    await typeInto(page, 'textarea[name=notes]', NOTES);
    await waitForDrafts(own.ext, (rows) => rows.some((r) => r.fields.some((f) => f.value === NOTES)));
    // No shutdown of any kind: the processes are killed.
    expect(killHard(profile)).toBeGreaterThan(0);
    await Promise.race([own.context.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);

    own = await launchOwn(extBrowser, profile);
    page = await own.context.newPage();
    await page.goto(`${server.origin}/form`);
    await expectOffered(page, 'Pumpe läuft heiß');
    await draftPrompt(page).getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(page.locator('textarea[name=notes]')).toHaveValue(NOTES);
    await expect(page.locator('input[name=name]')).toHaveValue(NAME);
    await own.context.close();
  } finally {
    removeProfile(profile);
  }
});

const PASSPHRASE = 'field kit 2026 passphrase';

test('encryption on: the draft is unreadable on disk (control: one typed before is on disk) and restores after the passphrase is entered', async ({
  extBrowser,
  server,
}) => {
  test.setTimeout(240_000);
  server.page('/before', draftPage('Before'));
  server.page('/visit', draftPage('Visit'));
  const before = diskMarker('QXZJKVW2345');
  const after = diskMarker('BCDFGHLMPRST6789');
  const profile = newProfile();
  try {
    const { context, ext } = await launchOwn(extBrowser, profile);
    const host =
      extBrowser === 'chromium' ? new URL(await ext.evaluate(() => location.href, undefined)).host : EXTENSION_UUID;
    const page = await context.newPage();
    await page.goto(`${server.origin}/before`);
    await typeInto(page, 'textarea[name=notes]', before);
    await waitForDrafts(ext, (rows) => rows.some((r) => r.fields.some((f) => f.value === before)));
    await expect.poll(() => onDisk(extBrowser, profile, host, before), { timeout: 15_000 }).toBe(true);

    const options = await openOptions(ext);
    const section = options.getByTestId('encryption');
    await section.getByLabel('New passphrase', { exact: true }).fill(PASSPHRASE);
    await section.getByLabel('Repeat the new passphrase').fill(PASSPHRASE);
    await section.getByRole('button', { name: 'Turn on encryption' }).click();
    await expect(section.getByRole('status')).toContainText('Encryption is on');
    // The draft kept before is sealed too.
    await waitForDrafts(ext, (rows) => rows.length === 1 && rows[0].sealed && rows[0].fields.length === 0);

    await page.goto(`${server.origin}/visit`);
    await typeInto(page, 'textarea[name=notes]', after);
    await typeInto(page, 'input[name=name]', NAME);
    const rows = await waitForDrafts(ext, (r) => r.length === 2 && r.every((d) => d.sealed));
    expect(rows.every((d) => d.fields.length === 0)).toBe(true);
    expect(JSON.stringify(await dumpExtensionStorage(ext))).not.toContain(after);
    await page.waitForTimeout(1_000);
    expect(onDisk(extBrowser, profile, host, after)).toBe(false);

    await section.getByRole('button', { name: 'Lock now' }).click();
    await expect(section.getByRole('status')).toContainText('Locked');
    const again = await context.newPage();
    await again.goto(`${server.origin}/visit`);
    await expect(draftPrompt(again).getByRole('status')).toContainText('encrypted');
    expect(await draftPrompt(again).textContent()).not.toContain(after);
    // Restore while locked: Form Outbox opens where the passphrase is asked, and restores nothing yet.
    const unlockPage = context.waitForEvent('page');
    await draftPrompt(again).getByRole('button', { name: 'Restore', exact: true }).click();
    const popup = await unlockPage;
    await ext.adopt(popup);
    await expect(draftPrompt(again).getByRole('status')).toContainText('passphrase');
    await expect(again.locator('textarea[name=notes]')).toHaveValue('');
    await popup.getByLabel('Passphrase').fill(PASSPHRASE);
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await expect(popup.getByRole('heading', { name: 'Locked' })).toHaveCount(0);
    await ext.close(popup);

    await draftPrompt(again).getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(again.locator('textarea[name=notes]')).toHaveValue(after);
    await expect(again.locator('input[name=name]')).toHaveValue(NAME);
    await context.close();
  } finally {
    removeProfile(profile);
  }
});

test("the popup's Drafts view: site, page, when, expiry, a preview; open & restore, copy, discard with undo; search across drafts and queued items", async ({
  context,
  page,
  server,
  ext,
  network,
  extBrowser,
}) => {
  server.page('/form', draftPage('Work order'));
  server.page('/queued', draftPage('Parts request', '/submit/parts'));
  await page.goto(`${server.origin}/form`);
  await typeInto(page, 'textarea[name=notes]', 'Valve 7 leaks\nat the flange');
  const queued = await context.newPage();
  await queued.goto(`${server.origin}/queued`);
  await typeInto(queued, 'input[name=name]', 'flange gasket DN50');
  await waitForDrafts(ext, (rows) => rows.length === 2);
  await network.offline();
  await queued.click('button');
  await expect(notice(queued)).toHaveAttribute('data-tone', 'saved');
  await page.close();

  const popup = await ext.open('popup.html');
  await popup.getByRole('tab', { name: /Drafts/ }).click();
  await expect(popup.getByRole('tab', { name: 'Drafts (2)' })).toHaveAttribute('aria-selected', 'true');
  const card = popup.getByTestId('draft').filter({ hasText: 'Work order' });
  await expect(card).toContainText(new URL(server.origin).host);
  await expect(card).toContainText('/form');
  await expect(card).toContainText('Typed');
  await expect(card.getByTestId('draft-expiry')).toHaveText('expires in 7 days');
  await expect(card.getByTestId('draft-preview')).toHaveText('Valve 7 leaks at the flange');
  await expect(popup.getByTestId('draft').filter({ hasText: 'Parts request' })).toContainText(
    'Submitted: waiting in the outbox',
  );
  fs.mkdirSync('test-results/screenshots', { recursive: true });
  await popup.screenshot({ path: `test-results/screenshots/${extBrowser}-popup-drafts.png` });

  // Search: one word from a draft, one from a queued item (the draft of that item too).
  await popup.getByLabel('Search drafts and the outbox').fill('flange');
  await expect(popup.getByTestId('search-drafts').getByTestId('draft')).toHaveCount(2);
  await expect(popup.getByTestId('search-items').getByTestId('item')).toHaveCount(1);
  await popup.getByLabel('Search drafts and the outbox').fill('valve leaks');
  await expect(popup.getByTestId('search-drafts').getByTestId('draft')).toHaveCount(1);
  await expect(popup.getByTestId('search-items')).toHaveCount(0);
  await popup.screenshot({ path: `test-results/screenshots/${extBrowser}-popup-search.png` });
  await popup.getByLabel('Search drafts and the outbox').fill('nothing like this');
  await expect(popup.getByTestId('search-results')).toContainText('Nothing matches');
  await popup.getByLabel('Search drafts and the outbox').fill('');

  // Copy the text: the clipboard gets what was typed, line breaks kept.
  await popup.getByRole('tab', { name: /Drafts/ }).click();
  await card.getByRole('button', { name: 'Copy text' }).click();
  await expect(popup.getByTestId('toast')).toHaveText(/Copied what you typed/);

  // Discard, then undo.
  await card.getByRole('button', { name: 'Discard' }).click();
  await expect(popup.getByTestId('draft').filter({ hasText: 'Work order' })).toHaveCount(0);
  await popup.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
  await expect(card).toBeVisible();

  // Open & restore: a new tab of the draft's page, filled in.
  await network.online();
  const opened = context.waitForEvent('page');
  await card.getByRole('button', { name: 'Open & restore' }).click();
  const restored = await opened;
  await expect(restored.locator('textarea[name=notes]')).toHaveValue('Valve 7 leaks\nat the flange');
  await expect(notice(restored)).toHaveAttribute('data-title', 'Restored what you typed');
  await ext.close(popup);
});

test('a sandboxed document (CSP sandbox; a sandboxed iframe) keeps no draft (control: the same form on a normal page does)', async ({
  context,
  page,
  server,
  ext,
}) => {
  const sandbox = 'allow-forms allow-scripts allow-popups';
  server.page('/sandboxed', draftPage('Sandboxed'), { 'content-security-policy': `sandbox ${sandbox}` });
  server.page('/framed', draftPage('Framed'));
  server.page(
    '/frames',
    `<!doctype html><title>Frames</title><iframe sandbox="${sandbox}" src="/framed" style="width:700px;height:400px"></iframe>`,
  );
  server.page('/normal', draftPage('Normal'));

  await page.goto(`${server.origin}/sandboxed`);
  expect(await page.evaluate(() => self.origin)).toBe('null');
  await typeInto(page, 'textarea[name=notes]', 'sandboxed words');
  const frames = await context.newPage();
  await frames.goto(`${server.origin}/frames`);
  const frame = frames.frameLocator('iframe');
  await frame.locator('textarea[name=notes]').click();
  await frames.keyboard.type('framed words', { delay: 5 });
  await page.waitForTimeout(3_000);
  expect(await drafts(ext)).toEqual([]);

  const normal = await context.newPage();
  await normal.goto(`${server.origin}/normal`);
  await typeInto(normal, 'textarea[name=notes]', 'normal words');
  const rows = await waitForDrafts(ext, (r) => r.length === 1);
  expect(rows[0].pageKey).toBe(`${server.origin}/normal`);
});

test("a sandboxed document at a draft's very address is not offered it (control: the same address unsandboxed is)", async ({
  context,
  page,
  server,
  ext,
}) => {
  // One address, served sandboxed when asked with ?sandboxed (a site's user content, say).
  server.respond('/shared', (request) => ({
    status: 200,
    headers: (request.url.includes('sandboxed')
      ? { 'content-security-policy': 'sandbox allow-forms allow-scripts' }
      : {}) as Record<string, string>,
    body: draftPage('Shared'),
  }));
  await page.goto(`${server.origin}/shared`);
  await typeInto(page, 'textarea[name=notes]', 'typed on the real page');
  await waitForDrafts(ext, (rows) => rows.length === 1);
  await page.close();

  const sandboxed = await context.newPage();
  await sandboxed.goto(`${server.origin}/shared?sandboxed`);
  expect(await sandboxed.evaluate(() => self.origin)).toBe('null');
  const control = await context.newPage();
  await control.goto(`${server.origin}/shared`);
  await expectOffered(control, 'typed on the real page');
  await sandboxed.waitForTimeout(1_000);
  await expect(sandboxed.locator('form-outbox-draft-prompt')).toHaveCount(0);
  expect(await sandboxed.content()).not.toContain('typed on the real page');
});

test('settings: drafts off keeps nothing, a site without drafts keeps nothing there (controls: on again, another site)', async ({
  page,
  server,
  ext,
}) => {
  server.page('/form', draftPage('Order'));
  const options = await openOptions(ext);
  const section = options.getByTestId('drafts-settings');
  await section.getByRole('switch', { name: 'Keep drafts of what I type' }).uncheck();
  await expectStored(options, { drafts: false });

  await page.goto(`${server.origin}/form`);
  await typeInto(page, 'textarea[name=notes]', 'while off');
  await page.waitForTimeout(3_000);
  expect(await drafts(ext)).toEqual([]);

  await section.getByRole('switch', { name: 'Keep drafts of what I type' }).check();
  await section.getByLabel('Add a site without drafts').fill('127.0.0.1');
  await section.getByRole('button', { name: 'Add' }).click();
  await section.getByLabel('Keep drafts for').selectOption({ label: '1 day' });
  await expectStored(options, { drafts: true, draftsOffSites: ['127.0.0.1'], keepDraftsMs: 86_400_000 });
  await page.goto(`${server.origin}/form`);
  await typeInto(page, 'textarea[name=notes]', 'site off');
  await page.waitForTimeout(3_000);
  expect(await drafts(ext)).toEqual([]);

  // Controls: the same page on another host name (another site) keeps its draft, with the retention shown.
  const other = server.origin.replace('127.0.0.1', 'localhost');
  await page.goto(`${other}/form`);
  await typeInto(page, 'textarea[name=notes]', 'other site');
  await waitForDrafts(ext, (rows) => rows.length === 1 && rows[0].pageKey === `${other}/form`);
  const popup = await ext.open('popup.html');
  await popup.getByRole('tab', { name: /Drafts/ }).click();
  await expect(popup.getByTestId('draft-expiry')).toHaveText('expires in 24 hours');
  await expect(popup.getByTestId('drafts-expiring')).toHaveText(
    '1 draft expires within a day. Open or copy what you still need.',
  );
  await ext.close(popup);
});
