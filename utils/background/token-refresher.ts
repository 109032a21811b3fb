/**
 * The replay's `refreshTokens` port: re-reads the item's page with the user's session (never
 * following a redirect off the page's origin: another origin's page is never a source of values),
 * takes fresh values of its form's hidden fields (planTokenRefresh) and persists them into the item, so that
 * the one immediate resend, and any later retry, carries them. The Idempotency-Key stays: the
 * refused attempt had no effect, and the submission is the same one the user made.
 */
import type { TokenRefreshResult } from '../core/replay-engine';
import { signInFormOf } from '../core/sign-in-page';
import { looksSignedOut, planTokenRefresh } from '../core/token-refresh';
import type { FormEntry, OutboxItem } from '../core/types';
import type { OutboxDatabase } from '../db/database';
import { replaceLeasedEntries } from '../db/outbox-repository';
import { fetchFormPage } from './http-sender';
import { logFailure } from '../core/log';

/** Stores the refreshed entries of a leased item; answers the updated item, or undefined when it changed meanwhile. */
export type PersistEntries = (item: OutboxItem, entries: FormEntry[], now: number) => Promise<OutboxItem | undefined>;

/** Creates the port for `db`. Never throws. `persist` lets encrypted items be re-sealed. */
export function createTokenRefresher(
  db: OutboxDatabase,
  persist: PersistEntries = (item, entries, now) => replaceLeasedEntries(db, item.id, entries, now),
) {
  return async function refreshTokens(item: OutboxItem): Promise<TokenRefreshResult> {
    try {
      const page = await fetchFormPage(item.source.pageUrl);
      if (page.kind === 'error')
        return { kind: 'not-refreshed', reason: `the form's page could not be read: ${page.message}` };
      if (page.kind === 'elsewhere') {
        // Another origin's page is never a source of values; a sign-in page there (SSO) still says why.
        const answer = { status: page.status, finalUrl: page.location, redirected: true };
        if (looksSignedOut(answer, item.source.pageUrl)) return { kind: 'signed-out' };
        return { kind: 'not-refreshed', reason: `the form's page redirected to another site (${page.location})` };
      }
      if (looksSignedOut(page, item.source.pageUrl) || (page.redirected && signInFormOf(page.html, page.finalUrl)))
        return { kind: 'signed-out' };
      if (page.status >= 300) return { kind: 'not-refreshed', reason: `the form's page answered ${page.status}` };
      const plan = planTokenRefresh(item.request, page.html, page.finalUrl);
      if (plan.kind !== 'refreshed') return { kind: 'not-refreshed', reason: plan.kind };
      const updated = await persist(item, plan.entries, Date.now());
      return updated
        ? { kind: 'refreshed', item: updated }
        : { kind: 'not-refreshed', reason: 'the item changed meanwhile' };
    } catch (error) {
      logFailure('token refresh')(error);
      return { kind: 'not-refreshed', reason: error instanceof Error ? error.message : String(error) };
    }
  };
}
