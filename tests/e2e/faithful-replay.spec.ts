/**
 * Faithful and safe replay (issue 4), end to end in Chromium and Firefox (projects in playwright.config.ts): what servers that really check
 * receive from a replay, compared with what they receive from the browser's own online submission
 * of the same form; stale CSRF tokens, expired sessions, redirects after POST; never twice by accident.
 * Every "does not happen" has a control in the same test that shows it happening where it should.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, notice, type ExtensionPages } from './support/browsers';
import { stopServiceWorkers } from './support/extension';
import { comparable, type RecordedRequest, type ScriptedResponse } from './support/form-server';
import { startCookieTarget, startNotesApp, USER, type NotesApp } from './support/framework-server';
import { nativeThenReplayed, type NetworkSwitch } from './support/native-vs-replay';
import { simpleForm } from './forms';

async function signIn(page: Page, app: NotesApp) {
  await page.goto(`${app.origin}/notes/new`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.fill('input[name=username]', USER.name);
  await page.fill('input[name=password]', USER.password);
  await page.click('button');
  await page.waitForURL(`${app.origin}/notes/new`);
}

/** Fills and submits the note form while offline; the extension keeps it. */
async function captureNoteOffline(page: Page, network: NetworkSwitch, app: NotesApp, text: string) {
  await page.goto(`${app.origin}/notes/new`);
  await page.fill('textarea[name=text]', text);
  await network.offline();
  await page.click('button[name=save]');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
}

/** Sends a protocol message from the popup page (an extension page, as the popup's commands are). */
function popupCommand(ext: ExtensionPages, type: string, data: object) {
  return ext.evaluate(
    ([type, data]) => ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage({ type, data }),
    [type, data] as const,
  );
}

test.describe('a real framework (Express + express-session + csrf-sync) with an Origin check', () => {
  let app: NotesApp;
  test.beforeEach(async () => {
    app = await startNotesApp();
  });
  test.afterEach(async () => {
    await app.close();
  });

  test("a signed-in, CSRF-protected form: the replay is accepted and identical to the browser's own submission", async ({
    context,
    page,
    network,
    ext,
    extensionOrigin,
  }) => {
    await signIn(page, app);
    const text = 'Pump B: seal replaced ✓';
    await page.fill('textarea[name=text]', text);
    await page.click('button[name=save]');
    await page.waitForURL(`${app.origin}/notes/1`);
    const [native] = await app.waitFor('/notes', 1);
    expect(native.status).toBe(303);

    await captureNoteOffline(page, network, app, text);
    expect(app.received('/notes')).toHaveLength(1);
    await network.online();
    const [, replayed] = await app.waitFor('/notes', 2);
    await expect(notice(page)).toHaveAttribute('data-tone', 'sent');
    expect(replayed.status).toBe(303);
    expect(comparable(replayed)).toEqual(comparable(native));
    expect(String(native.headers.cookie)).toMatch(/^notes\.sid=/);
    expect(native.headers.origin).toBe(app.origin);
    expect(app.notes).toEqual([
      { user: USER.name, text },
      { user: USER.name, text },
    ]);
    const [row] = await ext.waitForQueue((rows) => rows[0]?.status === 'sent');
    expect(row.result).toMatchObject({ status: 200, finalUrl: `${app.origin}/notes/2` });

    // Controls: the server really checks. The same signed-in request with the extension's own Origin,
    // or without the token, is refused.
    const token = await page.locator('input[name=_csrf]').inputValue();
    const asExtension = await context.request.post(`${app.origin}/notes`, {
      form: { _csrf: token, text: 'from the extension origin' },
      headers: { origin: extensionOrigin },
      maxRedirects: 0,
    });
    expect(asExtension.status()).toBe(403);
    expect(await asExtension.text()).toContain('Origin checking failed');
    const noToken = await context.request.post(`${app.origin}/notes`, {
      form: { text: 'no token' },
      headers: { origin: app.origin },
      maxRedirects: 0,
    });
    expect(noToken.status()).toBe(403);
    const good = await context.request.post(`${app.origin}/notes`, {
      form: { _csrf: token, text: 'control' },
      headers: { origin: app.origin },
      maxRedirects: 0,
    });
    expect(good.status()).toBe(303);
    expect(app.notes).toHaveLength(3);
  });

  test('a stale CSRF token: the token rotates between capture and replay; the replay refreshes it from the page and succeeds', async ({
    context,
    page,
    network,
    ext,
    extensionOrigin,
  }) => {
    await signIn(page, app);
    const staleToken = await page.locator('input[name=_csrf]').inputValue();
    await captureNoteOffline(page, network, app, 'written before the token rotated');
    await app.rotateCsrfTokens();
    const [freshToken] = await app.csrfTokens();
    expect(freshToken).not.toBe(staleToken);
    const pageLoadsBefore = app.received('/notes/new', 'GET').length;

    await network.online();
    const [refused, accepted] = await app.waitFor('/notes', 2);
    await expect(notice(page)).toHaveAttribute('data-tone', 'sent');
    // Control: the first replay, with the token the page had, was refused by csrf-sync.
    expect(refused.status).toBe(403);
    expect(new URLSearchParams(refused.body.toString()).get('_csrf')).toBe(staleToken);
    // The page was read again with the user's session, and the resend carried its fresh token.
    expect(app.received('/notes/new', 'GET').length).toBe(pageLoadsBefore + 1);
    expect(accepted.status).toBe(303);
    const body = new URLSearchParams(accepted.body.toString());
    expect(body.get('_csrf')).toBe(freshToken);
    expect(body.get('_charset_')).toBe('UTF-8');
    expect(body.get('text')).toBe('written before the token rotated');
    expect(accepted.headers['idempotency-key']).toBe(refused.headers['idempotency-key']);
    expect(app.notes).toEqual([{ user: USER.name, text: 'written before the token rotated' }]);
    const [row] = await ext.waitForQueue((rows) => rows[0]?.status === 'sent');
    expect(row.entries.find((e) => e.name === '_csrf')?.value).toBe(freshToken);
    await page.waitForTimeout(1000);
    expect(app.received('/notes')).toHaveLength(2);
  });

  test('an expired session: failed as "sign in again", not retried; once signed in again, it is sent on its own, exactly once', async ({
    page,
    network,
    ext,
  }) => {
    await signIn(page, app);
    await captureNoteOffline(page, network, app, 'written before the session ended');
    await app.endSessions();

    await network.online();
    await expect(notice(page)).toHaveAttribute('data-tone', 'problem');
    const [row] = await ext.waitForQueue((rows) => rows[0]?.status === 'failed');
    expect(row.lastError).toMatchObject({ kind: 'auth' });
    // Stored as a code; the words are the catalogue's (reasonSignedOutNoCode), chosen where shown.
    expect(row.lastError).toMatchObject({ kind: 'auth' });
    expect(row.lastError?.message).toBeUndefined();
    const [first] = app.received('/notes');
    expect(first.status).toBe(302); // to /login: the framework's own answer to a signed-out POST
    // Not retried: more triggers (the user's "Send now"), no more requests.
    expect(await popupCommand(ext, 'replayNow', {})).toEqual({ ok: true });
    await page.waitForTimeout(2000);
    expect(app.received('/notes')).toHaveLength(1);
    // Control: a page of the site that is a sign-in page is not "signed in again": still nothing.
    await page.goto(`${app.origin}/login`);
    await page.waitForTimeout(2000);
    expect(app.received('/notes')).toHaveLength(1);
    expect(app.notes).toHaveLength(0);

    // The user signs in again (a new session, so a new CSRF token): the site's next page lets it go.
    await signIn(page, app);
    await ext.waitForQueue((rows) => rows[0]?.status === 'sent');
    await expect(notice(page)).toHaveAttribute('data-tone', 'sent');
    const posts = app.received('/notes');
    // Resumed after a new sign-in: the form's token belonged to the old session, so it is refreshed
    // from the page before the one request, which is accepted.
    expect(posts.map((r) => r.status)).toEqual([302, 303]);
    expect(new URLSearchParams(posts[1].body.toString()).get('_csrf')).not.toBe(
      new URLSearchParams(posts[0].body.toString()).get('_csrf'),
    );
    expect(app.notes).toEqual([{ user: USER.name, text: 'written before the session ended' }]);
    // Exactly once: more pages of the site send nothing more.
    await page.goto(`${app.origin}/notes/new`);
    await page.waitForTimeout(1500);
    expect(app.received('/notes')).toHaveLength(2);
  });
});

test.describe("cookies: never more than the browser's own submission", () => {
  /** Online submission, then the same form captured offline and replayed; returns both as the target saw them. */
  async function nativeAndReplay(
    network: NetworkSwitch,
    page: Page,
    formUrl: string,
    target: Awaited<ReturnType<typeof startCookieTarget>>,
    path: string,
    method: 'POST' | 'GET',
  ) {
    const before = target.received(path, method).length;
    await page.goto(formUrl);
    await page.click('button');
    const native = (await target.waitFor(path, before + 1, method))[before];
    // The answer's page, before the next navigation (a press that was the form's first touch waits
    // a moment for Form Outbox's code, so the browser's navigation may start after the click returns).
    await page.waitForURL((url) => url.href !== formUrl);
    await page.waitForLoadState();

    await page.goto(formUrl);
    await network.offline();
    await page.click('button');
    await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
    await network.online();
    const replayed = (await target.waitFor(path, before + 2, method))[before + 1];
    await expect(notice(page)).toHaveAttribute('data-tone', 'sent');
    return { native, replayed };
  }

  const cookieNames = (request: RecordedRequest) =>
    String(request.headers.cookie ?? '')
      .split('; ')
      .filter(Boolean)
      .map((c) => c.split('=')[0])
      .sort();

  /**
   * The guarantee, in every browser: the replay carries no cookie the browser's own submission did
   * not (checked first, by name, for a clear message); and it carries exactly the native cookies.
   * (Firefox's cookies API hides the Secure cookies of http://localhost, the target here, from
   * cookies.getAll: http-sender.ts reads them under https. Without that, Firefox's replay carried none.)
   */
  function expectCrossSiteReplay(native: RecordedRequest, replayed: RecordedRequest) {
    const nativeNames = cookieNames(native);
    for (const name of cookieNames(replayed))
      expect(nativeNames, `replayed cookie ${name} was not in the native submission`).toContain(name);
    expect(comparable(replayed)).toEqual(comparable(native));
  }

  test('cross-site form (page on 127.0.0.1, target on localhost): only SameSite=None cookies for a POST, None and Lax for a GET; a same-site form gets them all', async ({
    context,
    page,
    server,
    network,
  }) => {
    const target = await startCookieTarget();
    try {
      await page.goto(`${target.origin}/set-cookies`);
      const stored = (await context.cookies(target.origin)).map((c) => `${c.name}:${c.sameSite}:${c.secure}`).sort();
      expect(stored).toEqual(['lax:Lax:false', 'none:None:true', 'none_http_only:None:true', 'strict:Strict:false']);

      // Control: a same-site form; the browser sends every cookie, Strict included, and so does the replay.
      const same = await nativeAndReplay(network, page, `${target.origin}/form`, target, '/submit', 'POST');
      expect(cookieNames(same.native)).toEqual(['lax', 'none', 'none_http_only', 'strict']);
      expect(comparable(same.replayed)).toEqual(comparable(same.native));

      // Cross-site POST: the browser sends only the SameSite=None cookies (HttpOnly ones included).
      server.page(
        '/cross',
        `<!doctype html><title>Cross-site POST</title>
<form method="post" action="${target.origin}/submit"><input name="item" value="cross-site"><button>Send</button></form>`,
      );
      const post = await nativeAndReplay(network, page, `${server.origin}/cross`, target, '/submit', 'POST');
      expect(cookieNames(post.native)).toEqual(['none', 'none_http_only']);
      expect(post.native.headers.origin).toBe(server.origin);
      expectCrossSiteReplay(post.native, post.replayed);

      // Cross-site GET (a top-level navigation with a safe method): None and Lax, never Strict.
      server.page(
        '/cross-get',
        `<!doctype html><title>Cross-site GET</title>
<form method="get" action="${target.origin}/search"><input name="q" value="seal kit"><button>Search</button></form>`,
      );
      const get = await nativeAndReplay(network, page, `${server.origin}/cross-get`, target, '/search', 'GET');
      expect(cookieNames(get.native)).toEqual(['lax', 'none', 'none_http_only']);
      expectCrossSiteReplay(get.native, get.replayed);
    } finally {
      await target.close();
    }
  });
});

test.describe('redirects after POST', () => {
  for (const status of [302, 303]) {
    test(`a ${status} after the POST: sent, with the final URL recorded`, async ({
      context,
      page,
      server,
      network,
      ext,
      extensionOrigin,
    }) => {
      server.respond(`/submit/r${status}`, () => ({ status, headers: { location: '/thanks' } }));
      const { native, replayed } = await nativeThenReplayed(
        context,
        page,
        server,
        {
          formPath: `/form/r${status}`,
          html: simpleForm(`/submit/r${status}`),
          target: `/submit/r${status}`,
          fill: (p) => p.fill('input[name=item]', `after a ${status}`),
          submit: (p) => p.click('button'),
        },
        network,
      );
      expect(native.status).toBe(status);
      expect(replayed.status).toBe(status);
      const [row] = await ext.waitForQueue((rows) => rows[0]?.status === 'sent');
      expect(row.result).toEqual(expect.objectContaining({ status: 200, finalUrl: `${server.origin}/thanks` }));
    });
  }
});

test.describe('never twice by accident', () => {
  test('Submit pressed twice offline on an unchanged form queues one item; a changed form queues another', async ({
    context,
    page,
    server,
    network,
    ext,
    extensionOrigin,
  }) => {
    server.page('/form', simpleForm('/submit/twice'));
    await page.goto(`${server.origin}/form`);
    await page.fill('input[name=item]', 'first');
    await network.offline();
    await page.click('button');
    await expect(notice(page)).toHaveAttribute('data-title', /^Saved/);
    await page.click('button');
    await expect(notice(page)).toHaveAttribute('data-title', 'Already saved');
    // One notice per page: the newer word replaces the older.
    await expect(page.locator('form-outbox-notice')).toHaveCount(1);
    expect(await ext.readQueue()).toHaveLength(1);
    // Control: a changed form is another submission.
    await page.fill('input[name=item]', 'second');
    await page.click('button');
    await expect(notice(page)).toHaveAttribute('data-title', /^Saved/);
    await expect(page.locator('form-outbox-notice')).toHaveCount(1);
    const queued = await ext.readQueue();
    expect(queued.map((r) => r.entries[0].value)).toEqual(['first', 'second']);

    await network.online();
    await server.waitForRequests('/submit/twice', 2);
    await ext.waitForQueue((rows) => rows.every((r) => r.status === 'sent'));
    await page.waitForTimeout(1500);
    expect(server.received('/submit/twice').map((r) => r.body.toString())).toEqual(['item=first', 'item=second']);
  });

  // Chromium only: it stops the MV3 service worker through CDP; Firefox's MV2 background page is persistent.
  test('a send cut off by a worker stop: the popup says it may already have arrived; it is resent with the same key', async ({
    page,
    server,
    network,
    ext,
    extensionId,
    extBrowser,
    context,
  }) => {
    test.skip(
      extBrowser === 'firefox',
      'stops the MV3 service worker through CDP; the Firefox build has a persistent MV2 background page',
    );
    let releaseFirst: () => void = () => undefined;
    let releaseThird: () => void = () => undefined;
    const thirdMayAnswer = new Promise<void>((resolve) => (releaseThird = resolve));
    server.page('/form', simpleForm('/submit/cut'));
    // 1st: no answer until the worker is stopped; 2nd: the server is busy (the item stays pending);
    // 3rd: accepted, once the test has looked at the popup (however slow the machine).
    server.respond('/submit/cut', async (_request, count): Promise<ScriptedResponse> => {
      if (count === 1)
        return new Promise(
          (resolve) => (releaseFirst = () => resolve({ status: 303, headers: { location: '/thanks' } })),
        );
      if (count === 2) return { status: 503, headers: { 'retry-after': '3' } };
      await thirdMayAnswer;
      return { status: 303, headers: { location: '/thanks' } };
    });
    await page.goto(`${server.origin}/form`);
    await page.fill('input[name=item]', 'maybe twice');
    await network.offline();
    await page.click('button');
    await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
    await network.online();
    await server.waitForRequests('/submit/cut', 1);
    await stopServiceWorkers(page);
    releaseFirst();
    // Any message wakes the worker again (the user's "Send now").
    expect(await popupCommand(ext, 'replayNow', {})).toEqual({ ok: true });
    await server.waitForRequests('/submit/cut', 2);

    // What the user sees while it waits: the item, flagged as possibly received already.
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByText('The server may already have received this one.')).toBeVisible();
    await popup.close();
    releaseThird();

    const [first, second, third] = await server.waitForRequests('/submit/cut', 3);
    expect(second.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
    expect(third.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
    const [row] = await ext.waitForQueue((r) => r[0]?.status === 'sent');
    expect(row).toMatchObject({ maybeSent: true, attempts: 3 });
  });
});
