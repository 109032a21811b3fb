/**
 * The drafts' browser side: injecting the drafts code into a document (entrypoints/drafts.ts, kept
 * out of the content script every page carries), tabs, the pending "open and restore" tabs, and the
 * navigation and request events the drafts follow. Registered from the background's entrypoint.
 */
import { browser } from 'wxt/browser';
import type { Drafts, DraftsCall, DraftsDeps, DraftTarget } from './drafts';
import { logFailure } from '../core/log';

const PENDING_OPENS_KEY = 'pendingDraftOpens';
export const DRAFTS_EXPIRY_ALARM = 'form-outbox-drafts-expiry';

/**
 * Injects the drafts code into the document `target` and calls it with `call`. Where the browser can
 * address that very document (documentIds) it does; either way the call runs only if the document is
 * (still) of `origin` (a frame may have navigated elsewhere meanwhile; a sandboxed document's origin
 * is opaque whatever its address).
 */
export async function callDraftsScript(target: DraftTarget, origin: string, call: DraftsCall): Promise<void> {
  const run = async (to: object) => {
    await browser.scripting.executeScript({ target: to as never, files: ['/drafts.js'] });
    await browser.scripting.executeScript({
      target: to as never,
      func: (request: DraftsCall, expected: string) => {
        // The document's own origin ("null" when sandboxed), not its address's: a sandboxed document
        // at the draft's address is not of the draft's origin.
        if (self.origin !== expected) return;
        const api = (globalThis as unknown as { formOutboxDrafts?: Record<string, (call: DraftsCall) => void> })
          .formOutboxDrafts;
        api?.[request.kind]?.(request);
      },
      args: [call, origin],
    });
  };
  const { tabId, frameId, documentId } = target;
  try {
    await run(documentId ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [frameId] });
  } catch (error) {
    // A browser without documentIds in scripting targets: the frame, with the in-page origin check.
    if (!documentId || !/documentId/i.test(String(error))) throw error;
    await run({ tabId, frameIds: [frameId] });
  }
}

/** The browser-facing dependencies of createDrafts. */
export function draftBrowserPorts(): Pick<
  DraftsDeps,
  'callPage' | 'openTab' | 'isPrivateTab' | 'showUnlock' | 'pendingOpens'
> {
  return {
    callPage: callDraftsScript,
    async openTab(url) {
      const tab = await browser.tabs.create({ url, active: true });
      if (tab.id === undefined) throw new Error('The browser did not open a tab.');
      return tab.id;
    },
    async isPrivateTab(tabId) {
      const tab = await browser.tabs.get(tabId).catch(() => undefined);
      return !tab || tab.incognito;
    },
    async showUnlock() {
      // The popup, in a tab: it asks for the passphrase while the vault is locked.
      await browser.tabs.create({ url: browser.runtime.getURL('/popup.html'), active: true });
    },
    pendingOpens: {
      async read() {
        const stored = browser.storage.session
          ? (await browser.storage.session.get(PENDING_OPENS_KEY))[PENDING_OPENS_KEY]
          : undefined;
        return (stored as Record<string, { id: string; at: number }> | undefined) ?? {};
      },
      async write(value) {
        await browser.storage.session?.set({ [PENDING_OPENS_KEY]: value });
      },
    },
  };
}

const report = (what: string) => logFailure(`drafts (${what})`);

/**
 * Registers the drafts' listeners (synchronously, so that the events that wake the worker reach
 * them): page loads (offers), document responses, commits and failures (native submissions), closed
 * tabs, and the hourly expiry check.
 */
export function registerDraftListeners(drafts: Drafts): void {
  const web = { url: [{ schemes: ['http', 'https'] }] };
  browser.webNavigation.onCompleted.addListener((details) => {
    void drafts.onPageLoaded(details as typeof details & { documentId?: string }).catch(report('offer'));
  }, web);
  browser.webNavigation.onCommitted.addListener((details) => drafts.onCommitted(details), web);
  browser.webNavigation.onErrorOccurred.addListener((details) => drafts.onNavigationError(details), web);
  browser.webRequest.onHeadersReceived.addListener(
    (details) => {
      drafts.onResponse(details);
      return undefined;
    },
    { urls: ['http://*/*', 'https://*/*'], types: ['main_frame', 'sub_frame'] },
  );
  browser.tabs.onRemoved.addListener((tabId) => drafts.onTabRemoved(tabId));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === DRAFTS_EXPIRY_ALARM) void drafts.pruneExpired(true).catch(report('expiry'));
  });
  void browser.alarms
    .get(DRAFTS_EXPIRY_ALARM)
    .then((alarm) => {
      if (!alarm) return browser.alarms.create(DRAFTS_EXPIRY_ALARM, { periodInMinutes: 60 });
    })
    .catch(report('alarm'));
}
