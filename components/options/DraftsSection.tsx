import { useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, KEEP_DRAFTS_CHOICES_MS, type Settings } from '@/utils/core/settings';
import { t, tn } from '@/utils/i18n';
import { DurationSelect } from './HistorySection';
import { SiteList } from './SiteList';
import { Switch } from './Switch';

export interface DraftsSectionProps {
  settings: Settings;
  onChange(changes: Partial<Settings>): void;
  /** Deletes every draft; resolves with how many. */
  onDeleteAll?(): Promise<number>;
}

/** Drafts: on or off, how long they are kept, sites without drafts, and deleting them all. */
export function DraftsSection({ settings, onChange, onDeleteAll }: DraftsSectionProps) {
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<string>();
  return (
    <section class="card" aria-labelledby="drafts-title" data-testid="drafts-settings">
      <h2 id="drafts-title">{t('optionsDraftsTitle')}</h2>
      <Switch
        id="drafts"
        label={t('optionsDrafts')}
        hint={t('optionsDraftsHint')}
        checked={settings.drafts}
        onChange={(drafts) => onChange({ drafts })}
      />
      <DurationSelect
        id="keep-drafts"
        label={t('optionsKeepDrafts')}
        hint={t('optionsKeepDraftsHint')}
        value={settings.keepDraftsMs}
        choices={KEEP_DRAFTS_CHOICES_MS}
        defaultValue={DEFAULT_SETTINGS.keepDraftsMs}
        onChange={(keepDraftsMs) => onChange({ keepDraftsMs })}
      />
      <SiteList
        id="drafts-off"
        title={t('optionsDraftsOffTitle')}
        hint={t('optionsDraftsOffHint')}
        addLabel={t('optionsDraftsOffAdd')}
        emptyText={t('optionsDraftsOffEmpty')}
        sites={settings.draftsOffSites}
        onAdd={(site) => onChange({ draftsOffSites: [...settings.draftsOffSites, site] })}
        onRemove={(site) => onChange({ draftsOffSites: settings.draftsOffSites.filter((s) => s !== site) })}
      />
      {onDeleteAll && (
        <div class="setting">
          {confirming ? (
            <div role="group" aria-labelledby="drafts-delete-confirm">
              <p id="drafts-delete-confirm">{t('optionsDeleteDraftsConfirm')}</p>
              <div class="actions">
                <button
                  type="button"
                  class="button button-danger"
                  onClick={() => {
                    setConfirming(false);
                    void onDeleteAll().then(
                      (count) => setStatus(tn('optionsDraftsDeleted', count)),
                      (error: unknown) => setStatus(String(error)),
                    );
                  }}
                >
                  {t('optionsDeleteDraftsYes')}
                </button>
                <button type="button" class="button" onClick={() => setConfirming(false)}>
                  {t('cancel')}
                </button>
              </div>
            </div>
          ) : (
            <button type="button" class="button" onClick={() => setConfirming(true)}>
              {t('optionsDeleteDrafts')}
            </button>
          )}
          <p class="hint" role="status" data-testid="drafts-deleted">
            {status}
          </p>
        </div>
      )}
    </section>
  );
}
