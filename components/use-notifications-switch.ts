/** The desktop-notifications switch of the popup and the settings page (see notification-permission.ts). */
import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  concernsNotifications,
  notificationsGranted,
  permissions,
  switchNotifications,
} from '@/utils/platform/notification-permission';
import { getSetting, watchSettings } from '@/utils/platform/settings-store';
import { logFailure } from '@/utils/core/log';

/**
 * The switch shown in the popup and the settings page: whether notifications are on (the setting
 * and the permission, followed live), and the function to call from the person's gesture.
 */
export function useNotificationsSwitch(): [on: boolean, change: (on: boolean) => Promise<boolean>] {
  const [setting, setSettingState] = useState(false);
  const [granted, setGranted] = useState(false);
  // Redrawn after every attempt: a refused request changes no state, but the clicked box must uncheck.
  const [, redraw] = useState(0);

  useEffect(() => {
    let current = true;
    const reread = () =>
      void notificationsGranted().then(
        (yes) => current && setGranted(yes),
        logFailure('reading the notifications permission'),
      );
    void getSetting('notifications').then((on) => current && setSettingState(on));
    const stopSettings = watchSettings((settings) => setSettingState(settings.notifications));
    reread();
    const onChange = (p: { permissions?: string[] }) => concernsNotifications(p) && reread();
    permissions().onAdded.addListener(onChange);
    permissions().onRemoved.addListener(onChange);
    return () => {
      current = false;
      stopSettings();
      permissions().onAdded.removeListener(onChange);
      permissions().onRemoved.removeListener(onChange);
    };
  }, []);

  const change = useCallback(async (on: boolean) => {
    const now = await switchNotifications(on);
    setGranted(on ? now : false);
    setSettingState(now);
    redraw((n) => n + 1);
    return now;
  }, []);

  return [setting && granted, change];
}
