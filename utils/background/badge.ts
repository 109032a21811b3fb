/** The toolbar badge: how many items wait, red when something failed. */
import { browser } from 'wxt/browser';
import type { QueueCounts } from '../db/outbox-repository';

export const BADGE_WAITING_COLOR = '#1a73e8';
export const BADGE_FAILED_COLOR = '#c62828';

/** Badge text, color and tooltip for the given counts (pure, for tests). */
export function badgeFor(counts: QueueCounts): { text: string; color: string; title: string } {
  const waiting = counts.pending + counts.sending;
  const parts: string[] = [];
  if (waiting) parts.push(`${waiting} waiting to be sent`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  const total = waiting + counts.failed;
  return {
    text: total === 0 ? '' : total > 999 ? '999+' : String(total),
    color: counts.failed ? BADGE_FAILED_COLOR : BADGE_WAITING_COLOR,
    title: parts.length ? `Form Outbox: ${parts.join(', ')}` : 'Form Outbox: nothing waiting',
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
