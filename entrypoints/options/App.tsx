import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { EncryptionSection } from '@/components/options/EncryptionSection';
import { OptionsPage } from '@/components/options/OptionsPage';
import { getSettings, updateSettings, watchSettings } from '@/utils/platform/settings-store';
import { useNotificationsSwitch } from '@/components/use-notifications-switch';
import type { Settings } from '@/utils/core/settings';
import type { OutboxDatabase } from '@/utils/db/database';
import { observeStorageUsage, readStorageUsage, type StorageUsage } from '@/utils/db/storage-usage';
import { expectOk } from '@/utils/core/wire';
import { t } from '@/utils/i18n';
import { sendToBackground } from '@/utils/messaging';
import { exportToFile } from '@/utils/pages/export-data';
import { importFile } from '@/utils/options/import-file';
import { errorWords } from '@/utils/platform/words';

const message = (error: unknown) => errorWords(error, t);

/**
 * Wires the settings page: the settings in browser.storage.local (read, followed live so that the
 * popup's notification switch and other tabs stay in step, written on every change) and the storage
 * used (the queue read live, never written: the background is its single writer).
 */
export function App({ db }: { db: OutboxDatabase }) {
  const [settings, setSettings] = useState<Settings>();
  const [saveError, setSaveError] = useState<string>();
  const [usage, setUsage] = useState<StorageUsage>();
  const [usageError, setUsageError] = useState<string>();
  // Writes go one after another: each reads the stored settings and writes them back whole.
  const writes = useRef<Promise<unknown>>(Promise.resolve());
  const locale = useMemo(() => browser.i18n?.getUILanguage?.(), []);
  const [notificationsOn, switchNotifications] = useNotificationsSwitch();

  useEffect(() => {
    let current = true;
    void getSettings().then(
      (loaded) => current && setSettings(loaded),
      (error: unknown) => setSaveError(message(error)),
    );
    const stop = watchSettings(setSettings);
    return () => {
      current = false;
      stop();
    };
  }, []);

  const refreshUsage = useCallback(() => {
    void readStorageUsage(db).then(
      (next) => {
        setUsage(next);
        setUsageError(undefined);
      },
      (error: unknown) => setUsageError(message(error)),
    );
  }, [db]);

  useEffect(() => {
    const stop = observeStorageUsage(
      db,
      (next) => {
        setUsage(next);
        setUsageError(undefined);
      },
      (error) => setUsageError(message(error)),
    );
    // Coming back to the tab: the numbers may have moved without a change of the counts (a file replaced, a prune elsewhere).
    const onVisible = () => document.visibilityState === 'visible' && refreshUsage();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [db, refreshUsage]);

  const change = useCallback(
    (changes: Partial<Settings>) => {
      // Notifications need the browser's permission, asked for now, within the person's gesture.
      if (changes.notifications !== undefined) {
        const { notifications, ...rest } = changes;
        void switchNotifications(notifications).then(
          () => setSaveError(undefined),
          (error: unknown) => setSaveError(message(error)),
        );
        if (Object.keys(rest).length === 0) return;
        changes = rest;
      }
      // Shown at once; the stored value (normalised) comes back through watchSettings.
      setSettings((old) => (old ? { ...old, ...changes } : old));
      writes.current = writes.current
        .then(() => updateSettings(changes))
        .then(
          () => setSaveError(undefined),
          (error: unknown) => {
            setSaveError(message(error));
            void getSettings().then(setSettings, () => undefined);
          },
        );
    },
    [switchNotifications],
  );

  return (
    <OptionsPage
      settings={settings && { ...settings, notifications: notificationsOn }}
      onChange={change}
      saveError={saveError}
      usage={usage}
      usageError={usageError}
      onRefreshUsage={refreshUsage}
      locale={locale}
      encryption={<EncryptionSection />}
      onDeleteDrafts={async () => {
        return expectOk(await sendToBackground('discardAllDrafts', {})).count;
      }}
      yourData={{
        onExport: () => exportToFile(db),
        onImport: (file) => importFile(file, sendToBackground),
        onDeleteEverything: async () => {
          expectOk(await sendToBackground('deleteEverything', {}));
        },
      }}
    />
  );
}
