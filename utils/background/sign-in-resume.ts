/**
 * Signed out, then back. A submission refused because the session had ended (ItemError kind 'auth')
 * waits, failed, without any request to the site. When the person is signed in on that site again,
 * it is sent on its own, once:
 *
 *   failed(auth) --a page of its site loads, is not a sign-in page, shows the same account (or none)-->
 *     pending, due now, the page noted to be told (resumeAfterSignIn) --replay--> sent | failed again
 *   failed(auth) --the page shows another account than at capture--> waits with accountMismatch until
 *     the person presses Retry (a shared computer: never send one person's form as another's)
 *
 * How a page of the site is seen: while items wait, a small watch script (entrypoints/signin-watch.ts)
 * is registered for those sites only (scripting.registerContentScripts); pages of other sites carry
 * nothing. The account a page showed at capture is read from it right after the capture (a probe run
 * in that document), sealed when encryption is on. A site gets at most one resume per RESUME_INTERVAL_MS.
 */
import { browser } from 'wxt/browser';
import { sealPayload } from '../core/sealing';
import type { PageSender } from '../core/sender';
import type { OutboxItem } from '../core/types';
import type { OutboxDatabase } from '../db/database';
import * as repo from '../db/outbox-repository';
import { findAccountName } from '../capture/page-identity';
import type { Vault } from './vault';
import { logFailure } from '../core/log';

export const WATCH_SCRIPT_ID = 'form-outbox-signin-watch';
export const RESUME_INTERVAL_MS = 30_000;

export interface SignInResumeDeps {
  db: OutboxDatabase;
  vault: Vault;
  /** Asks for a replay pass. */
  replay(): Promise<void>;
}

/** The match pattern for an origin's pages (match patterns have no port: the sender's origin is checked). */
function patternOf(origin: string): string | undefined {
  try {
    const { protocol, hostname } = new URL(origin);
    return protocol === 'http:' || protocol === 'https:' ? `${protocol}//${hostname}/*` : undefined;
  } catch {
    return undefined;
  }
}

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
};

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function createSignInResume(deps: SignInResumeDeps) {
  const { db, vault } = deps;
  const lastResume = new Map<string, number>();

  /** The account name shown at capture, opened if sealed (undefined when unknown or locked). */
  async function capturedAccount(item: OutboxItem): Promise<string | undefined> {
    if (item.account) return item.account;
    if (!item.accountSealed) return undefined;
    try {
      const opened = await vault.openPayload(item.accountSealed);
      return opened ? (JSON.parse(opened) as string) : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    /** Registers the watch script for the sites whose submissions wait for a sign-in, and only those. */
    async sync(): Promise<void> {
      const waiting = await repo.listSignedOut(db);
      const patterns = [
        ...new Set(
          waiting
            .flatMap((item) => [patternOf(item.origin), patternOf(originOf(item.source.pageUrl))])
            .filter((p): p is string => !!p),
        ),
      ].sort();
      const registered = await browser.scripting.getRegisteredContentScripts({ ids: [WATCH_SCRIPT_ID] });
      const current = registered[0]?.matches?.slice().sort();
      if (JSON.stringify(current ?? []) === JSON.stringify(patterns)) return;
      if (registered.length) await browser.scripting.unregisterContentScripts({ ids: [WATCH_SCRIPT_ID] });
      if (!patterns.length) return;
      await browser.scripting.registerContentScripts([
        {
          id: WATCH_SCRIPT_ID,
          matches: patterns,
          js: ['/signin-watch.js'],
          runAt: 'document_idle',
          allFrames: false,
          persistAcrossSessions: true,
        } as never,
      ]);
    },

    /**
     * A page of a waiting site loaded (the watch script's report; the origin is the browser's).
     * Resumes what waits for that site, or records that another account is shown.
     */
    async onPage(report: { signInForm: boolean; account?: string }, sender: PageSender): Promise<number> {
      if (report.signInForm || sender.frameId !== 0 || sender.origin === 'null') return 0;
      const now = Date.now();
      if (now - (lastResume.get(sender.origin) ?? Number.NEGATIVE_INFINITY) < RESUME_INTERVAL_MS) return 0;
      const waiting = (await repo.listSignedOut(db)).filter(
        (item) =>
          !item.accountMismatch && (item.origin === sender.origin || originOf(item.source.pageUrl) === sender.origin),
      );
      if (!waiting.length) return 0;
      // Sealed items need the key to be sent (and their account to be read): they wait for an unlock.
      if (await vault.isLocked()) return 0;
      lastResume.set(sender.origin, now);
      const shown = typeof report.account === 'string' ? report.account.slice(0, 80) : undefined;
      let resumed = 0;
      for (const item of waiting) {
        const captured = await capturedAccount(item);
        if (captured && shown && !sameName(captured, shown)) {
          await repo.markAccountMismatch(db, item.id, item.accountSealed ? {} : { captured, shown }, now);
          continue;
        }
        if (
          await repo.resumeAfterSignIn(db, item.id, now, {
            tabId: sender.tabId,
            frameId: sender.frameId,
            documentId: sender.documentId,
          })
        )
          resumed++;
      }
      if (resumed) void deps.replay().catch(logFailure('replay failed'));
      return resumed;
    },

    /**
     * Reads which account the page that made a submission shows, right after the capture (the page is
     * still there while offline), and keeps it with the item: sealed when encryption is on.
     */
    async probeAccount(itemId: string, sender: PageSender): Promise<void> {
      const target = sender.documentId
        ? { tabId: sender.tabId, documentIds: [sender.documentId] }
        : { tabId: sender.tabId, frameIds: [sender.frameId] };
      const [result] = await browser.scripting.executeScript({ target: target as never, func: findAccountName });
      const account = typeof result?.result === 'string' ? result.result.slice(0, 80) : undefined;
      if (!account) return;
      const publicKey = await vault.sealingKey();
      await repo.recordAccount(
        db,
        itemId,
        publicKey ? { accountSealed: await sealPayload(publicKey, JSON.stringify(account), []) } : { account },
      );
    },
  };
}
