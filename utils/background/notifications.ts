/**
 * Desktop notifications after a drain pass: one per pass, summing what was delivered and what failed
 * for good ("3 saved submissions were sent."). Nothing when the pass settled nothing, or when the user
 * has not turned notifications on (the setting and the browser's permission: notification-permission.ts).
 */
import { browser } from 'wxt/browser';
import { t, tn } from '../i18n';
import { notificationsOn } from '../platform/notification-permission';

export const DRAIN_NOTIFICATION_ID = 'form-outbox-drain';
export const NOTIFICATION_ICON = '/notification-icon.png';

/** The notification's title and text for a pass that sent `sent` and failed `failed` items (pure). */
export function drainNotice(report: { sent: number; failed: number }): { title: string; message: string } | undefined {
  const { sent, failed } = report;
  if (sent && failed) return { title: t('notifyFailedTitle'), message: t('notifyMixed', sent, failed) };
  if (failed) return { title: t('notifyFailedTitle'), message: tn('notifyFailed', failed) };
  if (sent) return { title: t('notifySentTitle'), message: tn('notifySent', sent) };
  return undefined;
}

/** Shows the pass's notification if there is something to say and notifications are on. */
export async function notifyDrain(report: { sent: number; failed: number }): Promise<void> {
  const notice = drainNotice(report);
  if (!notice || !(await notificationsOn()) || !browser.notifications) return;
  await browser.notifications.create(DRAIN_NOTIFICATION_ID, {
    type: 'basic',
    iconUrl: browser.runtime.getURL(NOTIFICATION_ICON as '/'),
    title: notice.title,
    message: notice.message,
  });
}

export const LOCKED_NOTIFICATION_ID = 'form-outbox-locked';
const LOCKED_TOLD_SESSION_KEY = 'lockedNotified';

/**
 * Once per browser session: submissions wait because encryption is on and locked. Without it a
 * user would not know that the queue is held until they open the popup.
 */
export async function notifyLocked(waiting: number): Promise<void> {
  if (waiting === 0 || !(await notificationsOn()) || !browser.notifications) return;
  if ((await browser.storage.session.get(LOCKED_TOLD_SESSION_KEY))[LOCKED_TOLD_SESSION_KEY]) return;
  await browser.storage.session.set({ [LOCKED_TOLD_SESSION_KEY]: true });
  await browser.notifications.create(LOCKED_NOTIFICATION_ID, {
    type: 'basic',
    iconUrl: browser.runtime.getURL(NOTIFICATION_ICON as '/'),
    title: t('lockedTitle'),
    message: tn('lockedBodyWaiting', waiting),
  });
}
