/**
 * Playwright support for Firefox: Debian's firefox-esr driven over WebDriver BiDi (channel
 * 'moz-firefox'), the unpacked Firefox build installed as a temporary add-on at a pinned
 * moz-extension UUID, and a real offline switch that cuts tabs and the background page alike.
 *
 * The fixtures keep the Chromium suite's names (context, extensionId, page, server) and add
 * `extensionOrigin` and `network`, so that a later suite can be parameterised by browser.
 * See /work/shared/docs/testing.md, "Firefox, end to end".
 */
import { test as base, firefox, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import type { FormServer } from './form-server';
import { provideContext, provideFormServer } from './shared-fixtures';
import type { NetworkSwitch } from './native-vs-replay';

export const FIREFOX_ESR = process.env.FIREFOX_PATH ?? '/usr/lib/firefox-esr/firefox-esr';
export const FIREFOX_EXTENSION_PATH = path.resolve(process.env.FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv2');

/** The add-on's id (a copy of GECKO_ID in wxt.config.ts: tests do not import the build config). */
export const GECKO_ID = 'form-outbox@form-outbox.dev';
/** The moz-extension UUID the tests pin (Firefox otherwise picks a random one per profile). */
export const EXTENSION_UUID = '7d1e5c3a-4f0b-4c1e-9a57-f0a0b0c0d0e1';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** Whether this machine can run the Firefox specs (firefox-esr installed). */
export const firefoxAvailable = (): boolean => fs.existsSync(FIREFOX_ESR);

/** Preferences every Firefox test profile gets. */
export const FIREFOX_PREFS: Record<string, string | number | boolean> = {
  // A stable moz-extension://<uuid>/ for the add-on.
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
  // Offline means offline for 127.0.0.1 too (the test server), not only for the outside world.
  'network.disable-localhost-when-offline': true,
  // Only the tests decide the offline state, not the OS's link status.
  'network.manage-offline-status': false,
  // Desktop notifications through Firefox's own alert window. The default system backend needs a
  // notification daemon (D-Bus); headless test machines have none, so each notification was closed
  // at once (onClosed with byUser true) and notifications.getAll() never listed it.
  'alerts.useSystemBackend': false,
  // Optional permissions (desktop notifications) are granted when the extension asks, without the
  // doorhanger a person would answer: the request itself still runs, from a real click.
  'extensions.webextOptionalPermissionPrompts': false,
};

/** The BiDi session Playwright keeps with the browser (Playwright internals; no public API exists). */
interface BidiSession {
  send(method: string, params: unknown): Promise<any>;
}

/**
 * The one place that reaches into Playwright's internals: the server-side browser of `context`,
 * holding its WebDriver BiDi session. Works with @playwright/test 1.63-1.64.
 */
function bidiBrowser(context: BrowserContext): { _browserSession: BidiSession } {
  const browser = (context as any)._connection?.toImpl?.(context)?._browser;
  if (!browser?._browserSession || typeof browser._browserSession.send !== 'function') {
    throw new Error(
      'No WebDriver BiDi session on this context: is it a moz-firefox context, and did Playwright internals change?',
    );
  }
  return browser;
}

/** The WebDriver BiDi session of `context`'s browser. */
export function bidiSession(context: BrowserContext): BidiSession {
  return bidiBrowser(context)._browserSession;
}

/** Sends one raw WebDriver BiDi command. */
export function bidi<T = any>(context: BrowserContext, method: string, params: unknown): Promise<T> {
  return bidiSession(context).send(method, params);
}

/** Installs an unpacked build as a temporary add-on (gone when the browser closes). Returns its id. */
export async function installTemporaryAddon(context: BrowserContext, extensionPath: string): Promise<string> {
  const { extension } = await bidi<{ extension: string }>(context, 'webExtension.install', {
    extensionData: { type: 'path', path: path.resolve(extensionPath) },
  });
  return extension;
}

/** Evaluates `expression` with chrome (system) privileges in the browser's parent process. */
export async function evaluateInChrome(context: BrowserContext, expression: string): Promise<unknown> {
  const { contexts } = await bidi<{ contexts: Array<{ context: string }> }>(context, 'browsingContext.getTree', {
    'moz:scope': 'chrome',
  });
  if (!contexts.length)
    throw new Error('No chrome browsing context (was Firefox started with --remote-allow-system-access?)');
  const answer = await bidi(context, 'script.evaluate', {
    expression,
    target: { context: contexts[0].context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  if (answer.type === 'exception')
    throw new Error(`Chrome-context evaluation failed: ${answer.exceptionDetails?.text ?? JSON.stringify(answer)}`);
  return answer.result?.value;
}

/**
 * Goes offline (or back online) for real: `Services.io.offline` is global, so the background page
 * gets its `offline`/`online` events and loses the network too (context.setOffline alone reaches only
 * tabs); context.setOffline keeps Playwright's own emulation in step for the tabs.
 */
export async function setFirefoxOffline(context: BrowserContext, offline: boolean): Promise<void> {
  if (offline) {
    await context.setOffline(true);
    await evaluateInChrome(context, 'Services.io.offline = true');
  } else {
    await evaluateInChrome(context, 'Services.io.offline = false');
    await context.setOffline(false);
  }
}

/** Launches firefox-esr with a fresh profile at `profileDir` and the add-on installed. */
export async function launchFirefoxWithExtension(
  profileDir: string,
  extensionPath = FIREFOX_EXTENSION_PATH,
): Promise<BrowserContext> {
  if (!fs.existsSync(path.join(extensionPath, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${extensionPath}: run "npx wxt build -b firefox" first.`);
  }
  if (!firefoxAvailable()) {
    throw new Error(`No Firefox at ${FIREFOX_ESR}: apt-get install -y firefox-esr`);
  }
  const context = await firefox.launchPersistentContext(profileDir, {
    channel: 'moz-firefox',
    executablePath: FIREFOX_ESR,
    headless: true,
    args: ['--remote-allow-system-access'],
    firefoxUserPrefs: FIREFOX_PREFS,
  });
  try {
    const id = await installTemporaryAddon(context, extensionPath);
    if (id !== GECKO_ID) throw new Error(`Installed add-on has id ${id}, expected ${GECKO_ID}`);
  } catch (error) {
    await context.close();
    throw error;
  }
  return context;
}

/** A `script.realmCreated` payload (WebDriver BiDi). */
interface RealmInfo {
  realm: string;
  origin: string;
  context: string;
  type: string;
  sandbox?: string;
}

/**
 * Firefox's WebDriver BiDi sometimes never announces the realm of a document that replaced the tab's
 * initial about:blank in another process (a moz-extension page loads in the extension process): the
 * navigation commits, `script.getRealms` lists the new realm and evaluates in it, but no
 * `script.realmCreated` event is sent (about half the time on a busy 2-core machine). Playwright
 * creates a page's execution contexts only from that event, so every evaluation and locator in the
 * tab then waits forever. This asks Firefox for the tab's realms and hands Playwright's BiDi
 * connection the event it missed (Playwright ignores a realm it already knows, so a late real
 * event is harmless). Playwright internals, like `bidiBrowser`.
 */
export async function announceMissedRealm(
  context: BrowserContext,
  page: Page,
  origin = EXTENSION_ORIGIN,
): Promise<void> {
  const connection = (bidiBrowser(context) as unknown as { _connection: { _dispatchMessage(message: unknown): void } })
    ._connection;
  const bidiPage = (page as any)._connection?.toImpl?.(page)?.delegate;
  const contextId: string | undefined = bidiPage?._session?.sessionId;
  const known: Map<string, unknown> | undefined = bidiPage?._contextIdToContext;
  if (!contextId || !known || typeof connection?._dispatchMessage !== 'function') {
    throw new Error("Cannot reach the page's WebDriver BiDi session: did Playwright internals change?");
  }
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { realms } = await bidi<{ realms: RealmInfo[] }>(context, 'script.getRealms', {
      context: contextId,
      type: 'window',
    });
    const main = realms.find((r) => !r.sandbox && r.origin === origin);
    if (main) {
      if (!known.has(main.realm))
        connection._dispatchMessage({ type: 'event', method: 'script.realmCreated', params: main });
      return;
    }
    if (Date.now() > deadline)
      throw new Error(`No realm for ${origin} in the tab after 15 s: ${JSON.stringify(realms)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Opens an extension page (e.g. 'popup.html') in a new tab, ready for locators and evaluation:
 * Playwright's own tab and `goto`, then announceMissedRealm (without it, about half of these tabs
 * hung for ever; a tab added from the browser chrome hangs the same way, and its `page` event was
 * seen to never come). Firefox never reports `load` for such pages to Playwright, so the wait is for
 * the commit, then for the document itself.
 */
export async function openExtensionPage(context: BrowserContext, pagePath: string): Promise<Page> {
  const url = `${EXTENSION_ORIGIN}/${pagePath}`;
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await announceMissedRealm(context, page, EXTENSION_ORIGIN);
  await page.waitForFunction(() => document.readyState === 'complete');
  return page;
}

/**
 * Closes a tab showing an extension page. Firefox acknowledges `browsingContext.close` for a
 * moz-extension tab but never sends `browsingContext.contextDestroyed`, so a plain page.close()
 * waits about a minute; leaving for about:blank first makes the close report normally.
 */
export async function closeExtensionPage(page: Page): Promise<void> {
  await page.goto('about:blank', { waitUntil: 'commit' });
  await page.close();
}

type Fixtures = {
  context: BrowserContext;
  /** The host of the extension's URLs (the pinned UUID), as `extensionId` is in Chromium. */
  extensionId: string;
  /** `moz-extension://<uuid>`. */
  extensionOrigin: string;
  /** Real offline/online for pages and the background page alike. */
  network: NetworkSwitch;
  server: FormServer;
  page: Page;
};

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  context: ({}, use) => provideContext('form-outbox-e2e-ff-', launchFirefoxWithExtension, use),
  // eslint-disable-next-line no-empty-pattern
  extensionId: async ({}, use) => use(EXTENSION_UUID),
  // eslint-disable-next-line no-empty-pattern
  extensionOrigin: async ({}, use) => use(EXTENSION_ORIGIN),
  network: async ({ context }, use) => {
    await use({ offline: () => setFirefoxOffline(context, true), online: () => setFirefoxOffline(context, false) });
  },
  page: async ({ context }, use) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await use(page);
  },
  // eslint-disable-next-line no-empty-pattern
  server: ({}, use) => provideFormServer(use),
});

export { expect } from '@playwright/test';
