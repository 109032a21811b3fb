import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { notifyDrain } from '@/utils/background/notifications';
import {
  notificationsOn,
  registerNotificationPermissionSync,
  switchNotifications,
} from '@/utils/platform/notification-permission';
import { getSetting, setSetting } from '@/utils/platform/settings-store';
import { installFakePermissions, type FakePermissions } from '../fake-permissions';

let permissions: FakePermissions;
let shown: string[];

beforeEach(() => {
  permissions = installFakePermissions();
  shown = [];
  (fakeBrowser.notifications as unknown as Record<string, unknown>).create = async (id: string) => void shown.push(id);
});

describe('desktop notifications (an optional permission)', () => {
  it('are off by default: neither the setting nor the permission', async () => {
    expect(await getSetting('notifications')).toBe(false);
    expect(await notificationsOn()).toBe(false);
    await notifyDrain({ sent: 1, failed: 0 });
    expect(shown).toEqual([]);
  });

  it('are shown only with the setting on and the permission granted', async () => {
    await setSetting('notifications', true); // setting without permission
    await notifyDrain({ sent: 1, failed: 0 });
    expect(shown).toEqual([]);

    await setSetting('notifications', false);
    permissions.granted.add('notifications'); // permission without setting
    await notifyDrain({ sent: 1, failed: 0 });
    expect(shown).toEqual([]);

    // Control: both.
    await setSetting('notifications', true);
    await notifyDrain({ sent: 1, failed: 0 });
    expect(shown).toEqual(['form-outbox-drain']);
  });

  it('switching on asks the browser; refused, they stay off; switching off gives the permission back', async () => {
    permissions.answer = false;
    expect(await switchNotifications(true)).toBe(false);
    expect(permissions.requests).toBe(1);
    expect(await getSetting('notifications')).toBe(false);

    permissions.answer = true;
    expect(await switchNotifications(true)).toBe(true);
    expect(await getSetting('notifications')).toBe(true);
    expect(await notificationsOn()).toBe(true);

    expect(await switchNotifications(false)).toBe(false);
    expect(await getSetting('notifications')).toBe(false);
    expect(permissions.granted.has('notifications')).toBe(false);
  });

  it('the background follows the permission however it changes (a popup closed while the browser asked, the add-on manager)', async () => {
    registerNotificationPermissionSync();
    await fakeBrowser.permissions.request({ permissions: ['notifications'] });
    await expect.poll(() => getSetting('notifications')).toBe(true);

    // Another permission changing leaves it alone.
    await fakeBrowser.permissions.remove({ permissions: ['cookies'] });
    permissions.granted.add('cookies');
    await fakeBrowser.permissions.remove({ permissions: ['cookies'] });
    expect(await getSetting('notifications')).toBe(true);

    await fakeBrowser.permissions.remove({ permissions: ['notifications'] });
    await expect.poll(() => getSetting('notifications')).toBe(false);
  });
});
