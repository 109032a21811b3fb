/**
 * Issue 16, "Accepted, not just answered", end to end in Chromium and Firefox against real web
 * applications started by the tests: a Django 3.2 project from Debian (support/django-server.ts)
 * and a DokuWiki-shaped PHP wiki run by php-cli's built-in server (support/php-wiki-server.ts),
 * plus small recording servers for a hostile reply, a 409/412 and the notices.
 *
 *   - the reply decides: a POST answered 200 with the same form again is not "sent" (failed as
 *     'form-again' with the site's own error text, or 'conflict' when the record exists); a stale
 *     token shown in that form is refreshed and the form resent once; a 409/412 is a conflict that
 *     is never retried on its own; a success page that also holds a form stays sent;
 *   - the reply viewer shows the server's answer as inert content (no script, no network, no form,
 *     no link);
 *   - signed out, then back: an item refused because the session ended waits, and is sent on its
 *     own once the user is signed in again, unless another account is signed in (then it waits
 *     with the reason, for the person's Retry);
 *   - notices tell the truth: one notice per page, the delivered form reset, the rescued page says
 *     sent.
 *
 * Each test asserts the servers' side first (what they received and did), which holds on any
 * build, then what the extension made of it. CI needs `apt-get install -y php-cli python3-django`.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { test as browserTest, expect, notice, type ExtBrowser, type ExtensionPages } from './support/browsers';
import { expectExtensionPage } from './support/extension-page';
import type { QueueRow } from './support/extension';
import { DJANGO_USERS, startDjangoApp, type DjangoApp } from './support/django-server';
import { startPhpWiki, WIKI_USERS, type PhpWiki, type WikiUser } from './support/php-wiki-server';
import { replyFrame } from './support/reply-frame';
import { html, startSite, summary } from './support/two-sites';

const test = browserTest.extend<{ django: DjangoApp; wiki: PhpWiki }>({
  // eslint-disable-next-line no-empty-pattern
  django: async ({}, use) => {
    const app = await startDjangoApp();
    try {
      await use(app);
    } finally {
      await app.close();
    }
  },
  // eslint-disable-next-line no-empty-pattern
  wiki: async ({}, use) => {
    const app = await startPhpWiki();
    try {
      await use(app);
    } finally {
      await app.close();
    }
  },
});

/** A queue row with the fields issue 16 adds to the last error. */
type Row = QueueRow & { lastError?: QueueRow['lastError'] & { siteMessage?: string } };

/** Quiet time in which a request that must not come would have come (replay runs within a second or two). */
const QUIET_MS = 3000;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The popup's "Send now" (the extension-page message replayNow). */
async function sendNow(ext: ExtensionPages) {
  const answer = await ext.evaluate(
    ([type, data]) => ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage({ type, data }),
    ['replayNow', {}] as const,
  );
  expect(answer, 'Send now was accepted').toMatchObject({ ok: true });
}

/** No item waits or is being sent (an item waiting for a sign-in, with its reason, counts as settled). */
const settled = (row: Row) =>
  row.status === 'sent' || row.status === 'failed' || (row.status === 'pending' && row.lastError?.kind === 'auth');

async function settledRows(ext: ExtensionPages, count: number, timeoutMs = 45_000): Promise<Row[]> {
  return ext.waitForQueue((rows) => rows.length === count && rows.every(settled), timeoutMs) as Promise<Row[]>;
}

function rowWith(rows: Row[], name: string, value: string): Row {
  const row = rows.find((r) => r.entries.some((e) => e.name === name && e.value === value));
  if (!row) throw new Error(`No queue item with ${name}=${value}: ${JSON.stringify(rows.map((r) => r.entries))}`);
  return row;
}

/** The item's card in the popup. */
const itemCard = (popup: Page, id: string) => popup.locator(`[data-testid=item][data-id="${id}"]`);

/**
 * Presses "View reply" on the item's card in `popup`: a new tab with the extension's reply.html?id=<id>.
 * Returns the tab and the frame that shows the reply (support/reply-frame.ts).
 */
async function viewReply(
  context: BrowserContext,
  ext: ExtensionPages,
  browser: ExtBrowser,
  extensionOrigin: string,
  popup: Page,
  id: string,
) {
  const button = itemCard(popup, id).getByRole('button', { name: 'View reply' });
  await expect(button, 'the item\'s card offers "View reply"').toBeVisible();
  const opened = context.waitForEvent('page');
  await button.click();
  const tab = await opened;
  await ext.adopt(tab);
  await expectExtensionPage(tab, browser, new RegExp(`^${escape(extensionOrigin)}/reply\\.html\\?id=${escape(id)}$`));
  return { tab, frame: await replyFrame(tab, browser) };
}

// ---------------------------------------------------------------------------------------------
// Django

async function signInToDjango(page: Page, django: DjangoApp, user: keyof typeof DJANGO_USERS) {
  await page.goto(`${django.origin}/accounts/login/?next=/reports/new/`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', DJANGO_USERS[user]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${django.origin}/reports/new/`);
  await expect(page.locator('header .user')).toHaveText(user);
}

interface ReportInput {
  title: string;
  site: string;
  visitedOn: string;
  notes: string;
}

async function fillReport(page: Page, report: ReportInput) {
  await page.fill('input[name=title]', report.title);
  await page.fill('input[name=site]', report.site);
  await page.fill('input[name=visited_on]', report.visitedOn);
  await page.fill('textarea[name=notes]', report.notes);
}

/** Presses "Save report" while offline: the page's notice says it is saved. */
async function saveReportOffline(page: Page) {
  await page.getByRole('button', { name: 'Save report' }).click();
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
}

test('Django: a form answered 200 with field errors fails as "the form again" with Django\'s error text; a valid one is sent and its reply viewable; a success page with an "add another" form stays sent', async ({
  context,
  page,
  network,
  ext,
  extBrowser,
  extensionOrigin,
  django,
}) => {
  // Stays valid in the browser (a text input), refused by Django's DateField.
  const invalid: ReportInput = {
    title: 'Pump 4 – March visit',
    site: 'Pump station 4',
    visitedOn: '2024-02-30',
    notes: 'Seal replaced',
  };
  const valid: ReportInput = {
    title: 'Pump 7 – March visit',
    site: 'Pump station 7',
    visitedOn: '2024-03-02',
    notes: 'Filter cleaned',
  };
  const quick: ReportInput = {
    title: 'Pump 9 – March visit',
    site: 'Pump station 9',
    visitedOn: '2024-03-03',
    notes: 'All good',
  };

  await signInToDjango(page, django, 'ada');
  const validPage = await context.newPage();
  await validPage.goto(`${django.origin}/reports/new/`);
  const quickPage = await context.newPage();
  await quickPage.goto(`${django.origin}/reports/add/`);
  await fillReport(page, invalid);
  await fillReport(validPage, valid);
  await fillReport(quickPage, quick);

  await network.offline();
  await saveReportOffline(page);
  await saveReportOffline(validPage);
  await saveReportOffline(quickPage);
  await network.online();
  const rows = await settledRows(ext, 3);

  // The server's side: Django refused the invalid one with its errorlist (200), created the other two once each.
  const invalidPosts = django.posts('/reports/new/', invalid.title);
  expect(invalidPosts.length, 'the invalid report reached Django').toBeGreaterThanOrEqual(1);
  expect(invalidPosts.map((p) => [p.status, p.outcome, p.location])).toEqual(
    invalidPosts.map(() => [200, 'invalid', null]),
  );
  const stored = await django.reports();
  expect(stored.map((r) => [r.title, r.author])).toEqual([
    [valid.title, 'ada'],
    [quick.title, 'ada'],
  ]);
  const [validReport] = stored;

  // The extension: the re-shown form is not "sent".
  const invalidRow = rowWith(rows, 'title', invalid.title);
  expect(
    invalidRow.status,
    `Django answered 200 with the form again and "Enter a valid date.": ${JSON.stringify(invalidRow.result ?? invalidRow.lastError)}`,
  ).toBe('failed');
  expect(invalidRow.lastError?.kind).toBe('form-again');
  expect(invalidRow.lastError?.siteMessage).toContain('Enter a valid date.');
  await expect(notice(page)).toHaveAttribute('data-tone', 'problem');
  // Field errors are not a stale token (Django renders a new masked token with every form): no resend.
  expect(invalidPosts.length, 'the form with field errors was sent once').toBe(1);

  // Controls: the valid report (302 to its page) and the quick one (200 with "add another") are sent, each posted once.
  expect(rowWith(rows, 'title', valid.title)).toMatchObject({
    status: 'sent',
    result: { status: 200, finalUrl: `${django.origin}/reports/${validReport.id}/` },
  });
  expect(django.posts('/reports/new/', valid.title).map((p) => p.status)).toEqual([302]);
  expect(rowWith(rows, 'title', quick.title)).toMatchObject({
    status: 'sent',
    result: { status: 200, finalUrl: `${django.origin}/reports/add/` },
  });
  expect(
    django.posts('/reports/add/').map((p) => [p.status, p.outcome]),
    'the "add another" form on the success page was not taken for the form again (no resend)',
  ).toEqual([[200, 'created']]);
  await expect(notice(validPage)).toHaveAttribute('data-tone', 'sent');
  await expect(notice(quickPage)).toHaveAttribute('data-tone', 'sent');

  // The replies: the server's own words for the sent one and for the failed one.
  const popup = await ext.open('popup.html');
  const sentReply = await viewReply(
    context,
    ext,
    extBrowser,
    extensionOrigin,
    popup,
    rowWith(rows, 'title', valid.title).id,
  );
  await expect
    .poll(() => sentReply.frame.text(), { message: 'the reply of the sent report' })
    .toContain(`Report #${validReport.id} created`);
  await ext.close(sentReply.tab);
  const failedReply = await viewReply(context, ext, extBrowser, extensionOrigin, popup, invalidRow.id);
  await expect
    .poll(() => failedReply.frame.text(), { message: 'the reply of the failed report' })
    .toContain('Enter a valid date.');
  await ext.close(failedReply.tab);
  await ext.close(popup);
});

test("Django: a report whose title was taken between capture and replay is a conflict, not retried on its own (the person's Retry sends it)", async ({
  page,
  network,
  ext,
  django,
}) => {
  const report: ReportInput = {
    title: 'Pump 4 – March visit',
    site: 'Pump station 4',
    visitedOn: '2024-03-01',
    notes: 'Valve replaced',
  };
  await signInToDjango(page, django, 'ada');
  await fillReport(page, report);
  await network.offline();
  await saveReportOffline(page);
  // Meanwhile someone else files a report with the same title.
  const theirs = await django.addReport({ title: report.title, author: 'bob' });
  await network.online();
  const [row] = await settledRows(ext, 1);

  // The server's side: Django re-showed the form with its unique error; the only report is theirs.
  const posts = django.posts('/reports/new/', report.title);
  expect(posts.length, 'the report reached Django').toBeGreaterThanOrEqual(1);
  expect(posts.map((p) => [p.status, p.outcome])).toEqual(posts.map(() => [200, 'invalid']));
  expect((await django.reports()).map((r) => [r.id, r.title, r.author])).toEqual([[theirs, report.title, 'bob']]);

  expect(
    row.status,
    `Django answered 200 with "Report with this Title already exists.": ${JSON.stringify(row.result ?? row.lastError)}`,
  ).toBe('failed');
  expect(row.lastError?.kind).toBe('conflict');
  expect(row.lastError?.siteMessage).toContain('Report with this Title already exists.');
  await expect(notice(page)).toHaveAttribute('data-tone', 'problem');
  expect(posts.length, 'a conflict is not resent').toBe(1);

  // Not retried on its own: "Send now" sends nothing more.
  await sendNow(ext);
  await sendNow(ext);
  await page.waitForTimeout(QUIET_MS);
  expect(django.posts('/reports/new/', report.title), 'POSTs after two "Send now" presses').toHaveLength(posts.length);
  expect((await ext.readQueue())[0]).toMatchObject({ status: 'failed', lastError: { kind: 'conflict' } });

  // Control: the person's Retry does send it (and the site says the same again).
  const popup = await ext.open('popup.html');
  await itemCard(popup, row.id).getByRole('button', { name: 'Retry', exact: true }).click();
  await django.waitForPosts('/reports/new/', posts.length + 1, report.title);
  await ext.waitForQueue((rows) => rows[0]?.status === 'failed' && rows[0].lastError?.kind === 'conflict');
  await ext.close(popup);
});

// ---------------------------------------------------------------------------------------------
// The PHP wiki

const WIKI_PAGE = 'pump-4';

async function signInToWiki(page: Page, wiki: PhpWiki, user: WikiUser, options: { remember: boolean }) {
  await page.goto(wiki.loginUrl());
  await page.fill('input[name=u]', user);
  await page.fill('input[name=p]', WIKI_USERS[user]);
  if (options.remember) await page.check('input[name=r]');
  await page.getByRole('button', { name: 'Log In' }).click();
  await page.waitForURL(wiki.viewUrl('start'));
  await expect(page.locator('span.user')).toHaveText(user);
}

/** Opens the edit page as ada, types `text` and presses Save while offline. Returns the page's token. */
async function editOffline(
  page: Page,
  wiki: PhpWiki,
  network: { offline(): Promise<void> },
  text: string,
): Promise<string> {
  await page.goto(wiki.editUrl(WIKI_PAGE));
  await expect(page.locator('span.user')).toHaveText('ada');
  const token = await page.inputValue('input[name=sectok]');
  expect(token).toMatch(/^[0-9a-f]{32}$/);
  await page.fill('textarea[name=wikitext]', text);
  await network.offline();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  return token;
}

const saveSummary = (wiki: PhpWiki) =>
  wiki.saves().map((r) => ({ outcome: r.outcome, status: r.status, sectok: r.post?.sectok, user: r.user }));

test('PHP wiki: the session expired, "remember me" signed the user in with a fresh token, the wiki showed the form again ("Security Token did not match"): the token is refreshed and the edit delivered, two POSTs', async ({
  page,
  network,
  ext,
  wiki,
}) => {
  const text = 'Pump 4: valve replaced, pressure 3.2 bar.';
  await signInToWiki(page, wiki, 'ada', { remember: true });
  const capturedToken = await editOffline(page, wiki, network, text);
  wiki.endSessions();
  await network.online();
  const [row] = await settledRows(ext, 1);
  await page.waitForTimeout(QUIET_MS);

  // The server's side first: the first POST came with the old token and was refused with the form
  // again; the edit is saved only if a second POST carried the fresh session's token.
  const saves = wiki.saves();
  expect(saves[0], 'the replay reached the wiki with the captured token').toMatchObject({
    status: 200,
    outcome: 'stale-token',
    rememberedSignIn: true,
    post: { sectok: capturedToken, wikitext: text },
  });
  expect(wiki.pageText(WIKI_PAGE), `the edit is saved on the wiki (saves: ${JSON.stringify(saveSummary(wiki))})`).toBe(
    text,
  );
  expect(saves, `exactly two POSTs: ${JSON.stringify(saveSummary(wiki))}`).toHaveLength(2);
  expect(saves[1]).toMatchObject({ status: 302, outcome: 'saved', user: 'ada', post: { wikitext: text } });
  expect(saves[1].post?.sectok, "the second POST carried the fresh session's token").toBe(saves[1].expectedToken);
  expect(saves[1].post?.sectok).not.toBe(capturedToken);
  expect(wiki.changes(WIKI_PAGE).map((c) => [c.user, c.text])).toEqual([['ada', text]]);

  expect(row).toMatchObject({ status: 'sent', result: { status: 200, finalUrl: wiki.viewUrl(WIKI_PAGE) } });
  await expect(notice(page)).toHaveAttribute('data-tone', 'sent');
});

test('PHP wiki: a token refused again after the refresh ends failed as "the form again", with the wiki\'s "security token did not match"', async ({
  page,
  network,
  ext,
  wiki,
}) => {
  const text = 'Pump 4: seal replaced.';
  await signInToWiki(page, wiki, 'ada', { remember: true });
  const capturedToken = await editOffline(page, wiki, network, text);
  wiki.endSessions();
  wiki.refuseTokens(true); // no token the extension can get will be accepted
  await network.online();
  const [row] = await settledRows(ext, 1);
  await page.waitForTimeout(QUIET_MS);

  const saves = wiki.saves();
  expect(saves.length, 'the replay reached the wiki').toBeGreaterThanOrEqual(1);
  expect(saves.map((r) => [r.status, r.outcome])).toEqual(saves.map(() => [200, 'stale-token']));
  expect(saves[0].post?.sectok).toBe(capturedToken);
  expect(wiki.pageText(WIKI_PAGE), 'nothing was saved').toBe('');

  expect(
    row.status,
    `the wiki answered 200 with the edit form and "Security Token did not match": ${JSON.stringify(row.result ?? row.lastError)}`,
  ).toBe('failed');
  expect(row.lastError?.kind).toBe('form-again');
  expect(row.lastError?.siteMessage).toMatch(/security token did not match/i);
  await expect(notice(page)).toHaveAttribute('data-tone', 'problem');
  expect(
    saves.map((r) => r.post?.sectok),
    `resent once, with the token re-read from the page: ${JSON.stringify(saveSummary(wiki))}`,
  ).toEqual([capturedToken, expect.not.stringMatching(`^${capturedToken}$`)]);
});

/** Ends ada's session while her edit waits offline; the replay is answered with the sign-in form. */
async function signedOutEdit(
  page: Page,
  wiki: PhpWiki,
  network: { offline(): Promise<void>; online(): Promise<void> },
  ext: ExtensionPages,
  text: string,
): Promise<Row> {
  await signInToWiki(page, wiki, 'ada', { remember: false });
  await editOffline(page, wiki, network, text);
  wiki.endSessions();
  await network.online();
  const [row] = await settledRows(ext, 1);
  // The server's side: one POST, answered 200 with "Permission Denied" and the sign-in form.
  expect(saveSummary(wiki)).toEqual([{ outcome: 'signed-out', status: 200, sectok: expect.any(String), user: null }]);
  expect(
    row.status,
    `the wiki answered 200 with its sign-in form: ${JSON.stringify(row.result ?? row.lastError)}`,
  ).not.toBe('sent');
  expect(row.lastError?.kind).toBe('auth');
  return row;
}

test('PHP wiki: an edit refused because the session ended waits without hammering the wiki, and is sent on its own, once, after the user signs in again', async ({
  context,
  page,
  network,
  ext,
  wiki,
}) => {
  const text = 'Pump 4: impeller checked.';
  await signedOutEdit(page, wiki, network, ext, text);

  // Waiting: "Send now" and opening the wiki's sign-in page send nothing.
  await sendNow(ext);
  const tab = await context.newPage();
  await tab.goto(wiki.loginUrl());
  await page.waitForTimeout(QUIET_MS);
  expect(saveSummary(wiki), 'POSTs after "Send now" and the sign-in page').toHaveLength(1);

  // The user signs in again; the wiki's page loads (not a sign-in page): the edit goes, once.
  await tab.fill('input[name=u]', 'ada');
  await tab.fill('input[name=p]', WIKI_USERS.ada);
  await tab.getByRole('button', { name: 'Log In' }).click();
  await tab.waitForURL(wiki.viewUrl('start'));
  await expect(tab.locator('span.user')).toHaveText('ada');
  await wiki.waitForSaves(2);
  await page.waitForTimeout(QUIET_MS);
  expect(wiki.pageText(WIKI_PAGE)).toBe(text);
  // The item's sectok belonged to the ended session: sent as captured, the wiki would refuse it with the
  // form again ("Security Token did not match") before a refreshed resend. Exactly one more POST means
  // the resumed item goes with the new session's token.
  expect(
    saveSummary(wiki),
    'exactly one more POST after the sign-in (the contract: "the server receives exactly one more POST")',
  ).toEqual([
    { outcome: 'signed-out', status: 200, sectok: expect.any(String), user: null },
    { outcome: 'saved', status: 302, sectok: expect.any(String), user: 'ada' },
  ]);
  expect(wiki.changes(WIKI_PAGE).map((c) => [c.user, c.text])).toEqual([['ada', text]]);
  await ext.waitForQueue((rows) => rows.length === 1 && rows[0].status === 'sent', 10_000);
  await expect(notice(tab), 'the page that loaded after the sign-in says the edit was sent').toHaveAttribute(
    'data-tone',
    'sent',
  );
});

test("PHP wiki: after the session ended, another account (bob) signs in: the edit is not sent on its own, the popup names both accounts, and the person's Retry sends it", async ({
  context,
  page,
  network,
  ext,
  wiki,
}) => {
  const text = 'Pump 4: bearings greased.';
  const row = await signedOutEdit(page, wiki, network, ext, text);

  const tab = await context.newPage();
  await signInToWiki(tab, wiki, 'bob', { remember: false });
  await tab.goto(wiki.viewUrl(WIKI_PAGE)); // another page of the wiki, as bob

  const popup = await ext.open('popup.html');
  const card = itemCard(popup, row.id);
  await expect(card, 'the popup says why it waits: the edit was made as ada, bob is signed in now').toContainText(
    /\bbob\b/,
  );
  await expect(card).toContainText(/\bada\b/);
  await page.waitForTimeout(QUIET_MS);
  expect(saveSummary(wiki), 'nothing was sent as bob on its own').toHaveLength(1);
  expect(wiki.pageText(WIKI_PAGE)).toBe('');
  expect((await ext.readQueue())[0].status).not.toBe('sent');

  // The person decides: Retry sends it (as bob, who is signed in now).
  await card.getByRole('button', { name: 'Retry', exact: true }).click();
  await ext.waitForQueue((rows) => rows.length === 1 && rows[0].status === 'sent');
  expect(wiki.pageText(WIKI_PAGE)).toBe(text);
  expect(wiki.changes(WIKI_PAGE).map((c) => [c.user, c.text])).toEqual([['bob', text]]);
  await ext.close(popup);
});

// ---------------------------------------------------------------------------------------------
// The reply viewer, conflicts by status, notices

/** Everything a rendered reply could make the browser request; none may reach the server from the viewer. */
const REPLY_SIDE_EFFECTS = [
  '/callhome',
  '/pixel',
  '/missing.png',
  '/style.css',
  '/refreshed',
  '/auto-submitted',
  '/linked',
];

/** A confirmation page that tries everything a page can do on its own. */
function hostileReply(origin: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ticket #4711</title>
<base href="${origin}/">
<meta http-equiv="refresh" content="3;url=${origin}/refreshed">
<link rel="stylesheet" href="${origin}/style.css">
<script>fetch('${origin}/callhome?from=head-script', { mode: 'no-cors' }); document.title = 'SCRIPT RAN';</script>
</head><body>
<h1>Ticket #4711 created</h1>
<p id="marker">We will call you back.</p>
<img src="${origin}/pixel" alt="">
<img src="/missing.png" onerror="fetch('${origin}/callhome?from=onerror', { mode: 'no-cors' })" alt="">
<p><a id="link" href="${origin}/linked">Open your ticket</a></p>
<iframe name="sink" title="sink" style="width:1px;height:1px;border:0"></iframe>
<form id="auto" method="post" action="${origin}/auto-submitted" target="sink"><input type="hidden" name="follow" value="up"></form>
<script>document.getElementById('marker').textContent = 'SCRIPT RAN'; document.getElementById('auto').submit();</script>
</body></html>`;
}

test("the reply viewer shows the server's confirmation as inert content: no script runs, nothing is loaded, no form submits, no link navigates", async ({
  context,
  page,
  network,
  ext,
  extBrowser,
  extensionOrigin,
}) => {
  const site = await startSite('127.0.0.1');
  try {
    site.page(
      '/tickets/new',
      html(
        'New ticket',
        '<form method="post" action="/tickets"><label>Subject <input name="subject"></label><label>Details <textarea name="details"></textarea></label><button>Open ticket</button></form>',
      ),
    );
    site.route('/tickets', (request) =>
      request.method === 'POST' ? { status: 200, body: hostileReply(site.origin) } : { status: 405 },
    );
    site.page('/control', hostileReply(site.origin));

    await page.goto(`${site.origin}/tickets/new`);
    await page.fill('input[name=subject]', 'Pump 4 leaking');
    await page.fill('textarea[name=details]', 'Since Monday');
    await network.offline();
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
    await network.online();
    const [row] = await settledRows(ext, 1);
    expect(site.received('/tickets', 'POST')).toHaveLength(1);
    expect(row).toMatchObject({ status: 'sent', result: { status: 200, finalUrl: `${site.origin}/tickets` } });

    const popup = await ext.open('popup.html');
    const { tab, frame } = await viewReply(context, ext, extBrowser, extensionOrigin, popup, row.id);
    await expect
      .poll(() => frame.text(), { message: 'the reply viewer shows the confirmation' })
      .toContain('Ticket #4711 created');
    await tab.waitForTimeout(4000); // past the reply's meta refresh (3 s)
    const shown = await frame.text();
    expect(shown, 'the reply is still shown (no refresh, no form navigated the frame)').toContain(
      'Ticket #4711 created',
    );
    expect(shown, 'no script of the reply ran').toContain('We will call you back.');
    expect(shown).not.toContain('SCRIPT RAN');
    const sideEffects = () =>
      summary(site.received().filter((r) => REPLY_SIDE_EFFECTS.some((p) => r.url.startsWith(p))));
    expect(sideEffects(), 'requests the reply made from the viewer').toEqual([]);

    await frame.clickText('Open your ticket');
    await tab.waitForTimeout(1500);
    expect(await frame.text(), 'the link did not navigate the frame').toContain('Ticket #4711 created');
    expect(await tab.evaluate(() => location.href), 'nor the tab').toBe(`${extensionOrigin}/reply.html?id=${row.id}`);
    expect(sideEffects(), "requests after clicking the reply's link").toEqual([]);
    await ext.close(tab);
    await ext.close(popup);

    // Control: the same reply in a normal tab does all of it, and the link navigates.
    const control = await context.newPage();
    await control.goto(`${site.origin}/control`);
    await site.waitFor('/callhome?from=head-script', 1);
    await site.waitFor('/callhome?from=onerror', 1);
    await site.waitFor('/pixel', 1);
    await site.waitFor('/missing.png', 1);
    await site.waitFor('/style.css', 1);
    await site.waitFor('/auto-submitted', 1, 'POST');
    await site.waitFor('/refreshed', 1);
    const clicked = await context.newPage();
    await clicked.goto(`${site.origin}/control`);
    await clicked.click('#link');
    await site.waitFor('/linked', 1);
  } finally {
    await site.close();
  }
});

test("409 and 412 are conflicts, never retried on their own; the person's Retry sends one again", async ({
  page,
  server,
  network,
  ext,
}) => {
  server.page(
    '/form/booking',
    html(
      'Booking',
      `
<form id="room" method="post" action="/submit/room"><input name="room" value="Hall B"><button>Book the room</button></form>
<form id="van" method="post" action="/submit/van"><input name="van" value="Van 3"><button>Book the van</button></form>`,
    ),
  );
  // The first answer is the conflict; a later one (were it ever sent) succeeds: a retry cannot hide.
  server.respond('/submit/room', (_request, count) =>
    count === 1
      ? { status: 409, body: '<h1>Conflict</h1><p>Hall B is already booked.</p>' }
      : { status: 303, headers: { location: '/thanks' } },
  );
  server.respond('/submit/van', (_request, count) =>
    count === 1
      ? { status: 412, body: '<h1>Precondition Failed</h1>' }
      : { status: 303, headers: { location: '/thanks' } },
  );

  await page.goto(`${server.origin}/form/booking`);
  await network.offline();
  await page.click('#room button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  await page.click('#van button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  await network.online();
  const rows = await settledRows(ext, 2);
  expect(server.received('/submit/room').map((r) => r.status)).toEqual([409]);
  expect(server.received('/submit/van').map((r) => r.status)).toEqual([412]);
  const room = rowWith(rows, 'room', 'Hall B');
  const van = rowWith(rows, 'van', 'Van 3');
  expect(room).toMatchObject({ status: 'failed', lastError: { kind: 'conflict', status: 409 } });
  expect(van).toMatchObject({ status: 'failed', lastError: { kind: 'conflict', status: 412 } });

  await sendNow(ext);
  await sendNow(ext);
  await page.waitForTimeout(QUIET_MS);
  expect(server.received('/submit/room'), 'POSTs of the 409 item after two "Send now" presses').toHaveLength(1);
  expect(server.received('/submit/van'), 'POSTs of the 412 item after two "Send now" presses').toHaveLength(1);

  // Control: Retry on the room sends it (and it goes through); the van is still not sent.
  const popup = await ext.open('popup.html');
  await itemCard(popup, room.id).getByRole('button', { name: 'Retry', exact: true }).click();
  await server.waitForRequests('/submit/room', 2);
  const after = await ext.waitForQueue((r) => r.some((row) => row.id === room.id && row.status === 'sent'));
  expect(after.find((r) => r.id === van.id)).toMatchObject({ status: 'failed', lastError: { kind: 'conflict' } });
  expect(server.received('/submit/van')).toHaveLength(1);
  await ext.close(popup);
});

const READING_FORM = html(
  'Meter reading',
  `
<form method="post" action="/submit/reading">
  <label>Meter <input name="meter" value="M-104"></label>
  <label>Reading <textarea name="reading"></textarea></label>
  <button>Send reading</button>
</form>`,
);

test('a page\'s notices replace each other (never an old "Saved" under a newer one), and the delivered form is reset', async ({
  page,
  server,
  network,
  ext,
}) => {
  server.page('/form/reading', READING_FORM);
  await page.goto(`${server.origin}/form/reading`);
  // The most notices the page ever held at once.
  await page.evaluate(() => {
    const w = window as unknown as { maxNotices: number };
    w.maxNotices = 0;
    new MutationObserver(() => {
      w.maxNotices = Math.max(w.maxNotices, document.querySelectorAll('form-outbox-notice').length);
    }).observe(document.documentElement, { childList: true, subtree: true });
  });
  const notices = page.locator('form-outbox-notice');

  await page.fill('textarea[name=reading]', '1200 kWh');
  await network.offline();
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  await page.fill('textarea[name=reading]', '1250 kWh'); // corrected: a second submission
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  await expect(page.locator('textarea[name=reading]'), 'while saved, the form keeps what was typed').toHaveValue(
    '1250 kWh',
  );
  await expect(notices, 'one notice on the page after two submissions').toHaveCount(1);

  await network.online();
  await server.waitForRequests('/submit/reading', 2);
  await ext.waitForQueue((rows) => rows.length === 2 && rows.every((r) => r.status === 'sent'));
  await expect(notice(page)).toHaveAttribute('data-tone', 'sent');
  await expect(notices).toHaveCount(1);
  expect(
    await page.evaluate(() => (window as unknown as { maxNotices: number }).maxNotices),
    'the most notices the page held at once',
  ).toBe(1);
  await expect(page.locator('textarea[name=reading]'), 'the delivered form is reset').toHaveValue('');
  await expect(page.locator('input[name=meter]')).toHaveValue('M-104');
});

test('the rescued page of a dropped link says sent once delivered, not "will be sent"', async ({
  page,
  server,
  extBrowser,
  extensionOrigin,
}) => {
  server.page('/form/reading', READING_FORM);
  await page.goto(`${server.origin}/form/reading`);
  await page.fill('textarea[name=reading]', '1300 kWh');
  await server.stop();
  await page.click('button');
  await expectExtensionPage(page, extBrowser, new RegExp(`^${escape(extensionOrigin)}/rescued\\.html\\?id=`));
  await expect(page.getByRole('heading', { name: 'Your form is saved' })).toBeVisible();
  await expect(page.locator('body'), 'while it waits, the page says it will be sent').toContainText('will be sent');

  await server.start();
  await server.waitForRequests('/submit/reading', 1, 60_000);
  await expect(page.getByRole('status')).toContainText('Sent', { timeout: 30_000 });
  await expect(page.locator('body')).not.toContainText('will be sent');
});
