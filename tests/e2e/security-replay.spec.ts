/**
 * Security of the replay (issue 15), end to end in Chromium and Firefox: attacks 1 (header rules
 * matching other parties' requests), 2 (redirects carrying every cookie), 3 (the token refresh
 * reading another site) and 9 (an unknown sign-in page counted as sent).
 *
 * The victim site A is http://localhost:<port> (signed in: one cookie of each SameSite kind), the
 * attacker's site B is http://127.0.0.1:<port>: two different sites (support/two-sites.ts). Each test
 * asserts its controls first (the extension's own replay still carries the Origin, Referer and
 * cookies it should, to the right site) and then the attack: against a vulnerable build the first
 * assertion that fails is the attack's.
 */
import type { Page } from '@playwright/test';
import { test, expect, notice, submitAndExpectNotice, type ExtensionPages } from './support/browsers';
import { expectExtensionPage } from './support/extension-page';
import type { QueueRow } from './support/extension';
import type { RecordedRequest } from './support/form-server';
import {
  closedPort,
  cookieNames,
  formBody,
  html,
  startSite,
  startTwoSites,
  summary,
  VICTIM_COOKIES,
  type Answer,
  type Site,
} from './support/two-sites';

const ALL_VICTIM_COOKIES = ['lax', 'none', 'strict'];

/** A signed-in request to the victim: it carries one of A's first-party cookies. */
const signedIn = (request: { headers: Record<string, unknown> }) =>
  /(^|;\s*)(lax|strict)=/.test(String(request.headers.cookie ?? ''));

/** Signs the user in on the victim site (sets its cookies) in `page`, and checks the browser sends all three. */
async function signInToVictim(page: Page, victim: Site) {
  victim.page('/set-cookies', html('Signed in', '<p>Welcome back, Ada.</p>'), { 'set-cookie': VICTIM_COOKIES });
  victim.page('/whoami', html('Who am I', '<p>ada</p>'));
  await page.goto(`${victim.origin}/set-cookies`);
  await page.goto(`${victim.origin}/whoami`);
  const [load] = victim.received('/whoami', 'GET');
  expect(cookieNames(load), 'the browser sends the victim all three cookies on its own page loads').toEqual(
    ALL_VICTIM_COOKIES,
  );
}

/** Submits with `selector` while offline: a new in-page notice says it was saved. */
async function submitOffline(page: Page, selector: string) {
  await submitAndExpectNotice(page, () => page.click(selector));
}

/** The popup's "Send now": the extension-page message replayNow. */
function sendNow(ext: ExtensionPages) {
  return ext.evaluate(
    ([type, data]) => ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage({ type, data }),
    ['replayNow', {}] as const,
  );
}

const settled = (row: QueueRow) => row.status === 'sent' || row.status === 'failed';

/** Waits until `count` items are in the queue and none is waiting or being sent. */
function waitForSettled(ext: ExtensionPages, count: number, timeoutMs = 45_000) {
  return ext.waitForQueue((rows) => rows.length === count && rows.every(settled), timeoutMs);
}

function rowFor(rows: QueueRow[], url: string): QueueRow {
  const row = rows.find((r) => r.url === url);
  if (!row) throw new Error(`No queue item for ${url}: ${JSON.stringify(rows.map((r) => r.url))}`);
  return row;
}

/** A web page's service worker on the attacker's site: on a message, fetches the victim with credentials 'omit'. */
const ATTACKER_WORKER = `
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  const port = event.ports[0];
  const target = event.data.target;
  event.waitUntil((async () => {
    const result = {};
    try {
      const response = await fetch(target + '/api/me', { credentials: 'omit', cache: 'no-store' });
      result.me = await response.json();
    } catch (error) {
      result.me = String(error);
    }
    try {
      const response = await fetch(target + '/api/email', {
        method: 'POST', credentials: 'omit', cache: 'no-store',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=mallory%40attacker.example',
      });
      result.email = response.status;
    } catch (error) {
      result.email = String(error);
    }
    port.postMessage(result);
  })());
});
`;

test("attack 1: while a replay pass runs, the attacker's service worker fetching the victim gets no cookie and no forged Origin or Referer", async ({
  context,
  page,
  network,
  ext,
}) => {
  const { victim: A, attacker: B, close } = await startTwoSites();
  try {
    // The victim: a same-site form (item b), a search (target of item a), and an API.
    A.page(
      '/account',
      html(
        'Account',
        '<form method="post" action="/account/update"><input name="nickname" value="Ada L."><button>Save</button></form>',
      ),
    );
    A.route('/account/update', () => ({ status: 303, headers: { location: '/account/saved' } }));
    A.page('/account/saved', html('Saved', '<p>Saved.</p>'));
    A.page('/search', html('Results', '<p>No results.</p>'));
    A.route('/api/me', (request) => ({
      status: 200,
      headers: { 'content-type': 'application/json', 'access-control-allow-origin': B.origin },
      body: JSON.stringify(signedIn(request) ? { user: 'ada', email: 'ada@victim.example' } : { user: null }),
    }));
    A.route('/api/email', (request) => ({
      status: signedIn(request) || request.headers.origin === A.origin ? 200 : 403,
      headers: { 'access-control-allow-origin': B.origin },
      body: 'ok',
    }));
    // The attacker: a search form whose action is on the victim (item a), a slow order (item c), a service worker.
    let releaseSlow: () => void = () => undefined;
    B.route(
      '/slow',
      () =>
        new Promise((resolve) => {
          const answer = () => resolve({ status: 303, headers: { location: '/done' } });
          releaseSlow = answer;
          setTimeout(answer, 20_000); // at the latest; the test releases it once the worker has fetched
        }),
    );
    B.page('/done', html('Done', '<p>Done.</p>'));
    B.page('/sw.js', ATTACKER_WORKER, { 'content-type': 'text/javascript' });
    B.page(
      '/shop',
      html(
        'Shop',
        `
<form id="search" method="get" action="${A.origin}/search"><input name="q" value="blue shoes"><button>Search</button></form>
<form id="slow" method="post" action="/slow"><input name="item" value="kept waiting"><button>Order</button></form>
<script>navigator.serviceWorker.register('/sw.js');</script>`,
      ),
    );

    const pageA = await context.newPage();
    await signInToVictim(pageA, A);
    await pageA.goto(`${A.origin}/account`);
    await page.goto(`${B.origin}/shop`);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.state)), {
        message: "the attacker's service worker is running",
      })
      .toBe('activated');
    /** The worker fetches A's /api/me and POSTs to A's /api/email, with credentials 'omit'; answers what it read. */
    const askWorker = () =>
      page.evaluate(
        (target) =>
          navigator.serviceWorker.ready.then(
            (registration) =>
              new Promise<{ me: unknown; email: unknown }>((resolve) => {
                const channel = new MessageChannel();
                channel.port1.onmessage = (event) => resolve(event.data);
                registration.active!.postMessage({ target }, [channel.port2]);
              }),
          ),
        A.origin,
      );
    /** What the browser decides about a request's authority: Origin, Referer, Cookie. */
    const authority = (r: RecordedRequest) => ({
      origin: r.headers.origin,
      referer: r.headers.referer,
      cookie: r.headers.cookie,
    });

    // The same requests with no replay pass running: what the browser itself sends for them.
    const before = await askWorker();
    const [meBefore] = A.received('/api/me');
    const [emailBefore] = A.received('/api/email');

    await network.offline();
    await submitOffline(pageA, 'button'); // (b) same-site POST on A
    await submitOffline(page, '#search button'); // (a) cross-site GET to A
    await submitOffline(page, '#slow button'); // (c) POST to B, held open until the worker has fetched (20 s at most)
    await network.online();

    // The replays of (a) and (b) reach A while (c) keeps the pass open at B.
    const [replayB] = await A.waitFor('/account/update', 1, 'POST');
    const [replayA] = await A.waitFor('/search', 1, 'GET');
    await B.waitFor('/slow', 1, 'POST');
    await page.waitForTimeout(300); // the pass settles (a) and (b) and moves on; (c) still hangs
    const during = await askWorker();
    expect(
      B.received('/slow', 'POST')[0].status,
      'the replay pass was still running (item c unanswered) while the worker fetched',
    ).toBe(0);
    releaseSlow();

    // Controls: the extension's own replays carried what the browser's own submissions would; the
    // worker's requests outside a pass carry no cookie and the attacker's own Origin.
    expect(replayB.headers.origin).toBe(A.origin);
    expect(replayB.headers.referer).toBe(`${A.origin}/account`);
    expect(cookieNames(replayB)).toEqual(ALL_VICTIM_COOKIES);
    expect(cookieNames(replayA), 'a cross-site GET carries Lax and None cookies, never Strict').toEqual([
      'lax',
      'none',
    ]);
    expect(replayA.headers.referer).toBe(`${B.origin}/`);
    const rows = await waitForSettled(ext, 3);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    await expect(notice(pageA)).toHaveAttribute('data-tone', 'sent');
    expect(before).toEqual({ me: { user: null }, email: 403 });
    expect(authority(meBefore).cookie).toBeUndefined();
    expect(authority(emailBefore)).toMatchObject({ origin: B.origin, cookie: undefined });

    // The attack: during the pass, the worker's requests get nothing from the extension's rules.
    const me = A.received('/api/me');
    const email = A.received('/api/email');
    expect(summary([...me, ...email])).toHaveLength(4);
    expect
      .soft(authority(me[1]), `the attacker's GET to the victim during a replay pass: ${summary([me[1]])}`)
      .toEqual(authority(meBefore));
    expect
      .soft(authority(email[1]), `the attacker's POST to the victim during a replay pass: ${summary([email[1]])}`)
      .toEqual(authority(emailBefore));
    expect(during, "what the attacker's worker read and changed on the victim during a replay pass").toEqual(before);
  } finally {
    await close();
  }
});

/** The victim's e-mail setting, where the attacker's redirects point. */
const VICTIM_EMAIL_PATH = '/settings/email?email=mallory%40attacker.example';

/** The victim's side of attack 2: cookies, a same-site form (the control item), the e-mail setting. */
function victimForRedirects(A: Site) {
  A.page(
    '/notes/new',
    html(
      'New note',
      '<form method="post" action="/notes"><textarea name="text">pump B serviced</textarea><button>Save</button></form>',
    ),
  );
  A.route('/notes', () => ({ status: 303, headers: { location: '/notes/1' } }));
  A.page('/notes/1', html('Note 1', '<p>pump B serviced</p>'));
  A.route('/settings/email', (request) => ({
    status: 200,
    body: html(
      'E-mail changed',
      `<p>${signedIn(request) ? 'Your e-mail is now mallory@attacker.example.' : 'Sign in first.'}</p>`,
    ),
  }));
}

for (const status of [307, 302, 303] as const) {
  test(`attack 2: an item of the attacker's site answered ${status} to the victim: the victim receives nothing from the replay (${status === 307 ? 'failed' : 'sent, where it pointed recorded'}); same-site redirects are still followed`, async ({
    context,
    page,
    network,
    ext,
  }) => {
    const { victim: A, attacker: B, close } = await startTwoSites();
    try {
      victimForRedirects(A);
      B.page(
        '/shop',
        html(
          'Shop',
          `
<form id="buy" method="post" action="/checkout"><input name="email" value="mallory@attacker.example"><button>Buy</button></form>
<form id="order" method="post" action="/order"><input name="item" value="socks"><button>Order</button></form>`,
        ),
        { 'set-cookie': 'b_session=B1; Path=/; SameSite=Lax' },
      );
      B.route('/checkout', () => ({ status, headers: { location: `${A.origin}${VICTIM_EMAIL_PATH}` } }));
      B.route('/order', () => ({ status: 303, headers: { location: '/order/thanks' } }));
      B.page('/order/thanks', html('Thanks', '<p>Order received.</p>'));

      const pageA = await context.newPage();
      await signInToVictim(pageA, A);
      await pageA.goto(`${A.origin}/notes/new`);
      await page.goto(`${B.origin}/shop`);

      await network.offline();
      await submitOffline(pageA, 'button');
      await submitOffline(page, '#buy button');
      await submitOffline(page, '#order button');
      await network.online();
      const rows = await waitForSettled(ext, 3);

      // Controls: an item of A reaches A with A's Origin, Referer and cookies; a same-site redirect
      // (B -> B/order/thanks) is followed with B's cookies; the attacker's item itself reached B.
      const [note] = A.received('/notes', 'POST');
      expect(summary(A.received('/notes', 'POST'))).toHaveLength(1);
      expect(note.headers.origin).toBe(A.origin);
      expect(note.headers.referer).toBe(`${A.origin}/notes/new`);
      expect(cookieNames(note)).toEqual(ALL_VICTIM_COOKIES);
      expect(rowFor(rows, `${A.origin}/notes`)).toMatchObject({
        status: 'sent',
        result: { finalUrl: `${A.origin}/notes/1` },
      });
      expect(B.received('/order', 'POST').map((r) => [r.headers.origin, r.headers.referer, cookieNames(r)])).toEqual([
        [B.origin, `${B.origin}/shop`, ['b_session']],
      ]);
      const thanks = B.received('/order/thanks', 'GET');
      expect(thanks.map(cookieNames), "the same-site redirect was followed with B's cookies").toEqual([['b_session']]);
      expect(rowFor(rows, `${B.origin}/order`)).toMatchObject({
        status: 'sent',
        result: { finalUrl: `${B.origin}/order/thanks` },
      });
      const checkout = B.received('/checkout', 'POST');
      expect(checkout.map((r) => [r.headers.origin, cookieNames(r)])).toEqual([[B.origin, ['b_session']]]);

      // The attack: the redirect to the victim is not followed.
      expect(
        summary(A.received('/settings')),
        `the replay of the attacker's item, answered ${status}, reached the victim`,
      ).toEqual([]);
      const attack = rowFor(rows, `${B.origin}/checkout`);
      if (status === 307) {
        expect(attack.status, 'a 307 asks to send the form elsewhere: the item fails').toBe('failed');
        expect(attack.lastError?.kind).toBeTruthy();
      } else {
        expect(attack).toMatchObject({ status: 'sent', result: { finalUrl: `${A.origin}${VICTIM_EMAIL_PATH}` } });
      }
    } finally {
      await close();
    }
  });
}

test("attack 2, no offline needed: a flaky-link rescue on the attacker's site, answered 307 to the victim when its port opens, never reaches the victim", async ({
  context,
  page,
  ext,
  extensionOrigin,
  extBrowser,
}) => {
  const { victim: A, attacker: B, close } = await startTwoSites();
  // A port of B that refuses connections until the test opens it.
  const C = await startSite('127.0.0.1', { port: await closedPort(), listen: false });
  try {
    victimForRedirects(A);
    B.page(
      '/shop',
      html(
        'Shop',
        `
<form id="buy" method="post" action="${C.origin}/checkout"><input name="email" value="mallory@attacker.example"><button>Buy</button></form>
<form id="order" method="post" action="${C.origin}/order"><input name="item" value="socks"><button>Order</button></form>`,
      ),
      { 'set-cookie': 'b_session=B1; Path=/; SameSite=Lax' },
    );
    C.route('/checkout', () => ({ status: 307, headers: { location: `${A.origin}${VICTIM_EMAIL_PATH}` } }));
    C.route('/order', () => ({ status: 303, headers: { location: '/order/thanks' } }));
    C.page('/order/thanks', html('Thanks', '<p>Order received.</p>'));
    const rescuedPage = new RegExp(`^${extensionOrigin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/rescued\\.html\\?id=`);

    await signInToVictim(page, A);
    // Online: both submissions die on the refused connection and are rescued (each in its own tab:
    // a tab showing an extension page is not navigated again under Firefox).
    await page.goto(`${B.origin}/shop`);
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);
    await page.click('#buy button');
    await expectExtensionPage(page, extBrowser, rescuedPage);
    const second = await context.newPage();
    await second.goto(`${B.origin}/shop`);
    await second.click('#order button');
    await expectExtensionPage(second, extBrowser, rescuedPage);
    expect((await ext.readQueue()).map((r) => r.url).sort()).toEqual([`${C.origin}/checkout`, `${C.origin}/order`]);

    await C.start();
    await sendNow(ext);
    const rows = await waitForSettled(ext, 2);

    // Controls: the replays reached B's port with B's Origin and cookies; the same-site redirect was followed.
    expect(C.received('/checkout', 'POST').map((r) => [r.headers.origin, cookieNames(r)])).toEqual([
      [B.origin, ['b_session']],
    ]);
    expect(C.received('/order', 'POST').map((r) => [r.headers.origin, cookieNames(r)])).toEqual([
      [B.origin, ['b_session']],
    ]);
    expect(
      C.received('/order/thanks', 'GET').map(cookieNames),
      "the same-site redirect was followed with B's cookies",
    ).toEqual([['b_session']]);
    expect(rowFor(rows, `${C.origin}/order`)).toMatchObject({
      status: 'sent',
      result: { finalUrl: `${C.origin}/order/thanks` },
    });

    // The attack.
    expect(
      summary(A.received('/settings')),
      'the replay of the rescued item, answered 307, reached the victim',
    ).toEqual([]);
    const attack = rowFor(rows, `${C.origin}/checkout`);
    expect(attack.status, 'a 307 asks to send the form elsewhere: the item fails').toBe('failed');
    expect(attack.lastError?.kind).toBeTruthy();
  } finally {
    await C.close();
    await close();
  }
});

test("attack 3: the token refresh re-reads the attacker's page, redirected to the victim's settings: the victim's tokens are never taken; a same-origin stale token is still refreshed", async ({
  context,
  page,
  network,
  ext,
}) => {
  const { victim: A, attacker: B, close } = await startTwoSites();
  try {
    const secrets = { csrf: 'A-CSRF-SECRET-7f3a', auth: 'A-AUTH-SECRET-91c2', meta: 'A-META-SECRET-44d0' };
    // The victim: a notes form whose CSRF token rotates (the control), and a signed-in settings page.
    let notesToken = 'A-notes-token-old';
    A.route('/notes/new', (request) =>
      signedIn(request)
        ? {
            status: 200,
            body: html(
              'New note',
              `<form method="post" action="/notes"><input type="hidden" name="_csrf" value="${notesToken}"><textarea name="text">pump B serviced</textarea><button>Save</button></form>`,
            ),
          }
        : { status: 302, headers: { location: '/login' } },
    );
    A.route('/notes', (request) => {
      if (!signedIn(request)) return { status: 302, headers: { location: '/login' } };
      if (formBody(request)._csrf !== notesToken) return { status: 403, body: 'Invalid CSRF token' };
      return { status: 303, headers: { location: '/notes/1' } };
    });
    A.page('/notes/1', html('Note 1', '<p>pump B serviced</p>'));
    A.route('/settings/account', (request) =>
      signedIn(request)
        ? {
            status: 200,
            body: html(
              'Account settings',
              `
<form method="post" action="/settings/account">
  <input type="hidden" name="_csrf" value="${secrets.csrf}">
  <input type="hidden" name="authenticity_token" value="${secrets.auth}">
  <label>E-mail <input name="email" value="ada@victim.example"></label>
  <button>Save</button>
</form>`,
              `<meta name="csrf-token" content="${secrets.meta}">`,
            ),
          }
        : { status: 302, headers: { location: '/login' } },
    );
    // The attacker: a token-protected form; it refuses the replay with 403, then sends the re-read to the victim.
    const attackerForm = html(
      'Profile',
      `
<form method="post" action="/profile/update">
  <input type="hidden" name="_csrf" value="B-csrf-1">
  <input type="hidden" name="authenticity_token" value="B-auth-1">
  <label>Nickname <input name="nickname" value="shopper"></label>
  <button>Save</button>
</form>`,
    );
    B.route('/profile', () =>
      B.received('/profile/update', 'POST').length
        ? { status: 302, headers: { location: `${A.origin}/settings/account` } }
        : { status: 200, body: attackerForm },
    );
    B.route('/profile/update', (_request, count) =>
      count === 1
        ? { status: 403, body: 'Invalid authenticity token' }
        : { status: 303, headers: { location: '/profile' } },
    );

    const pageA = await context.newPage();
    await signInToVictim(pageA, A);
    await pageA.goto(`${A.origin}/notes/new`);
    await page.goto(`${B.origin}/profile`);

    await network.offline();
    await submitOffline(pageA, 'button');
    await submitOffline(page, 'button');
    notesToken = 'A-notes-token-new'; // A's token rotates while the note waits
    await network.online();
    const rows = await waitForSettled(ext, 2);

    // Control: the stale token on A was refreshed from A's own page and the resend accepted.
    const notes = A.received('/notes', 'POST');
    expect(notes.map((r) => [r.status, formBody(r)._csrf])).toEqual([
      [403, 'A-notes-token-old'],
      [303, 'A-notes-token-new'],
    ]);
    for (const request of notes) {
      expect(request.headers.origin).toBe(A.origin);
      expect(request.headers.referer).toBe(`${A.origin}/notes/new`);
      expect(cookieNames(request)).toEqual(ALL_VICTIM_COOKIES);
    }
    expect(rowFor(rows, `${A.origin}/notes`)).toMatchObject({
      status: 'sent',
      result: { finalUrl: `${A.origin}/notes/1` },
    });

    // The attack: B gets exactly one POST, the original; A's settings page is never read by the extension.
    const posts = B.received('/profile/update', 'POST');
    const leaked = posts.filter((r) => Object.values(secrets).some((secret) => r.body.toString().includes(secret)));
    expect(
      leaked.map((r) => r.body.toString()),
      "the victim's tokens were posted to the attacker",
    ).toEqual([]);
    expect(posts.map(formBody)).toEqual([{ _csrf: 'B-csrf-1', authenticity_token: 'B-auth-1', nickname: 'shopper' }]);
    expect(summary(A.received('/settings')), "the re-read followed the attacker's redirect to the victim").toEqual([]);
    const attack = rowFor(rows, `${B.origin}/profile/update`);
    expect(attack.status).toBe('failed');
    expect(attack.lastError?.kind).toBeTruthy();
  } finally {
    await close();
  }
});

test('attack 9: a POST redirected to a page that is plainly a sign-in form (path without a sign-in word) is "signed out", not sent; a page without a password field is sent', async ({
  context,
  page,
  network,
  ext,
}) => {
  const { victim: A, attacker: B, close } = await startTwoSites();
  try {
    A.page(
      '/account/edit',
      html(
        'Edit account',
        '<form method="post" action="/account"><input name="nickname" value="Ada L."><button>Save</button></form>',
      ),
    );
    A.route('/account', () => ({ status: 302, headers: { location: '/welcome-back?next=%2Faccount%2Fedit' } }));
    A.page(
      '/welcome-back',
      html(
        'Welcome back',
        `
<form method="post" action="/welcome-back">
  <label>User name <input name="username" autocomplete="username"></label>
  <label>Password <input type="password" name="password" autocomplete="current-password"></label>
  <button>Continue</button>
</form>`,
      ),
    );
    B.route('/profile', (request): Answer =>
      request.method === 'POST'
        ? { status: 303, headers: { location: '/profile/saved' } }
        : {
            status: 200,
            headers: { 'set-cookie': 'b_session=B1; Path=/; SameSite=Lax' },
            body: html(
              'Profile',
              '<form method="post" action="/profile"><input name="nickname" value="shopper"><button>Save</button></form>',
            ),
          },
    );
    B.page(
      '/profile/saved',
      html(
        'Saved',
        '<p>Saved.</p><form action="/search"><label>Search <input name="q"></label><button>Search</button></form>',
      ),
    );

    const pageA = await context.newPage();
    await signInToVictim(pageA, A);
    await pageA.goto(`${A.origin}/account/edit`);
    await page.goto(`${B.origin}/profile`);

    await network.offline();
    await submitOffline(pageA, 'button');
    await submitOffline(page, 'button');
    await network.online();
    const rows = await waitForSettled(ext, 2);

    // Controls: both replays carried their page's Origin, Referer and cookies; the one that ends on a
    // page without a password field is sent.
    const [post] = A.received('/account', 'POST');
    expect(post.headers.origin).toBe(A.origin);
    expect(post.headers.referer).toBe(`${A.origin}/account/edit`);
    expect(cookieNames(post)).toEqual(ALL_VICTIM_COOKIES);
    const [control] = B.received('/profile', 'POST');
    expect([control.headers.origin, control.headers.referer, cookieNames(control)]).toEqual([
      B.origin,
      `${B.origin}/profile`,
      ['b_session'],
    ]);
    expect(rowFor(rows, `${B.origin}/profile`)).toMatchObject({
      status: 'sent',
      result: { finalUrl: `${B.origin}/profile/saved` },
    });
    await expect(notice(page)).toHaveAttribute('data-tone', 'sent');

    // The attack: the sign-in page at /welcome-back means signed out.
    const attack = rowFor(rows, `${A.origin}/account`);
    expect(
      { status: attack.status, kind: attack.lastError?.kind },
      'a replay that ended on a sign-in form was counted as sent',
    ).toEqual({ status: 'failed', kind: 'auth' });
    await expect(notice(pageA)).toHaveAttribute('data-tone', 'problem');
  } finally {
    await close();
  }
});
