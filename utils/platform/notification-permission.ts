/**
 * Desktop notifications are an optional permission (manifest `optional_permissions`): the browser
 * asks the person only when they turn notifications on (the popup's switch, the settings page), and
 * the extension gives the permission back when they turn them off.
 *
 * State: notifications are on when the `notifications` setting is on AND the browser has granted the
 * permission. Both start off. The background keeps the setting in step with the permission however
 * it changes (our switch, whose page may close while the browser asks, or the browser's own add-on
 * manager), so the two agree.
 */
import { browser } from 'wxt/browser';
import { getSetting, setSetting, watchSettings } from './settings-store';
import { logFailure } from '../core/log';

const NOTIFICATIONS = { permissions: ['notifications'] as const };

type PermissionsApi = {
  contains(p: typeof NOTIFICATIONS): Promise<boolean>;
  request(p: typeof NOTIFICATIONS): Promise<boolean>;
  remove(p: typeof NOTIFICATIONS): Promise<boolean>;
  onAdded: {
    addListener(cb: (p: { permissions?: string[] }) => void): void;
    removeListener(cb: (p: { permissions?: string[] }) => void): void;
  };
  onRemoved: {
    addListener(cb: (p: { permissions?: string[] }) => void): void;
    removeListener(cb: (p: { permissions?: string[] }) => void): void;
  };
};
/** The permissions API, typed for what this module uses. */
export const permissions = () => browser.permissions as unknown as PermissionsApi;
/** Whether a permissions event is about notifications. */
export const concernsNotifications = (p: { permissions?: string[] }) =>
  p.permissions?.includes('notifications') === true;

/** Whether the browser has granted the notifications permission. */
export function notificationsGranted(): Promise<boolean> {
  return permissions().contains(NOTIFICATIONS);
}

/** Whether a notification may be shown now: the person turned them on and the browser allows it. */
export async function notificationsOn(): Promise<boolean> {
  return (await getSetting('notifications')) && (await notificationsGranted());
}

/**
 * Turns desktop notifications on or off, as the person just asked. Must be called from their click
 * or key press, before any `await`: browsers refuse a permission request without a user gesture.
 * On asks for the permission first and stays off if the browser (or the person) refuses; off stores
 * the choice and gives the permission back. Resolves to the new state.
 */
export async function switchNotifications(on: boolean): Promise<boolean> {
  if (on) {
    const granted = await permissions().request(NOTIFICATIONS);
    if (granted) await setSetting('notifications', true);
    return granted;
  }
  await setSetting('notifications', false);
  await permissions().remove(NOTIFICATIONS);
  return false;
}

/**
 * Background: follows the permission. Granted (by our switch or the browser's add-on manager) turns
 * the setting on; withdrawn turns it off. Registered synchronously at start, like every listener.
 */
export function registerNotificationPermissionSync(): void {
  const follow = (on: boolean) => (p: { permissions?: string[] }) => {
    if (!concernsNotifications(p)) return;
    void setSetting('notifications', on).catch(logFailure('notification setting'));
  };
  permissions().onAdded.addListener(follow(true));
  permissions().onRemoved.addListener(follow(false));
}
