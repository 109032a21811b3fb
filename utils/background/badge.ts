/** The toolbar badge: how many items wait, red when something failed. */
import { browser } from 'wxt/browser';
import type { QueueCounts } from '../db/outbox-repository';
import { t, tn } from '../i18n';

export const BADGE_WAITING_COLOR = '#1a73e8';
export const BADGE_FAILED_COLOR = '#c62828';

/** "Form Outbox: 2 waiting to be sent, 1 failed" in the catalogue's words. */
function tooltip(waiting: number, failed: number): string {
  if (waiting && failed) return t('badgeBoth', tn('badgeWaiting', waiting), failed);
  if (waiting) return tn('badgeWaiting', waiting);
  if (failed) return tn('badgeFailed', failed);
  return t('badgeNothing');
}

/** Badge text, color and tooltip for the given counts (pure apart from the catalogue, for tests). */
export function badgeFor(counts: QueueCounts): { text: string; color: string; title: string } {
  const waiting = counts.pending + counts.sending;
  const total = waiting + counts.failed;
  return {
    text: total === 0 ? '' : total > 999 ? '999+' : String(total),
    color: counts.failed ? BADGE_FAILED_COLOR : BADGE_WAITING_COLOR,
    title: tooltip(waiting, counts.failed),
  };
}

/** Applies the badge for `counts` to the toolbar action. */
export async function showBadge(counts: QueueCounts): Promise<void> {
  const badge = badgeFor(counts);
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  await Promise.all([
    action.setBadgeText({ text: badge.text }),
    action.setBadgeBackgroundColor({ color: badge.color }),
    action.setTitle({ title: badge.title }),
  ]);
}
