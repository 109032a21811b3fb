import type { ComponentChildren } from 'preact';
import type { Settings } from '@/utils/core/settings';
import type { StorageUsage } from '@/utils/db/storage-usage';
import { t } from '@/utils/i18n';
import { CaptureSection } from './CaptureSection';
import { DataSection, type DataSectionProps } from './DataSection';
import { DraftsSection } from './DraftsSection';
import { HistorySection } from './HistorySection';
import { SensitiveSection } from './SensitiveSection';
import { StorageSection } from './StorageSection';
import { Switch } from './Switch';
import { BrandMark } from '../BrandMark';

export interface OptionsPageProps {
  /** Undefined while the settings are being read. */
  settings?: Settings;
  onChange(changes: Partial<Settings>): void;
  /** Why the last change could not be saved, if it could not. */
  saveError?: string;
  usage?: StorageUsage;
  usageError?: string;
  onRefreshUsage(): void;
  locale?: string;
  /** The encryption section (it talks to the vault itself). */
  encryption?: ComponentChildren;
  /** Deletes every draft; resolves with how many (no button without it). */
  onDeleteDrafts?(): Promise<number>;
  /** Export, import, delete everything (no "Your data" section without it). */
  yourData?: DataSectionProps;
}

/** The whole settings page: capture, sensitive forms, notifications, history, storage, encryption, your data. */
export function OptionsPage({
  settings,
  onChange,
  saveError,
  usage,
  usageError,
  onRefreshUsage,
  locale,
  encryption,
  onDeleteDrafts,
  yourData,
}: OptionsPageProps) {
  return (
    <div class="page">
      <header class="page-head">
        <h1 class="brand">
          <BrandMark />
          {t('optionsTitle')}
        </h1>
        <p class="muted">{t('optionsIntro')}</p>
      </header>
      <main class="sections" aria-busy={settings ? 'false' : 'true'}>
        {saveError && (
          <p class="error banner" role="alert">
            {t('optionsSaveFailed', saveError)}
          </p>
        )}
        {settings?.paused && (
          <p class="paused banner" role="status" data-testid="paused-banner">
            {t('optionsPausedBanner')}
          </p>
        )}
        {!settings && <p class="muted">{t('optionsLoading')}</p>}
        {settings && (
          <>
            <CaptureSection settings={settings} onChange={onChange} />
            <SensitiveSection
              sites={settings.sensitiveSites}
              onChange={(sensitiveSites) => onChange({ sensitiveSites })}
            />
            <section class="card" aria-labelledby="notifications-title" data-testid="notifications">
              <h2 id="notifications-title">{t('optionsNotificationsTitle')}</h2>
              <Switch
                id="notifications"
                label={t('optionsNotifications')}
                hint={t('optionsNotificationsHint')}
                checked={settings.notifications}
                onChange={(notifications) => onChange({ notifications })}
              />
            </section>
            <HistorySection settings={settings} onChange={onChange} />
            <DraftsSection settings={settings} onChange={onChange} onDeleteAll={onDeleteDrafts} />
          </>
        )}
        <StorageSection usage={usage} error={usageError} locale={locale} onRefresh={onRefreshUsage} />
        {encryption}
        {yourData && <DataSection {...yourData} />}
      </main>
    </div>
  );
}
