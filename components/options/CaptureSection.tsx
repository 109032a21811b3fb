import type { Settings, SiteMode } from '@/utils/core/settings';
import { t } from '@/utils/i18n';
import { SiteList } from './SiteList';
import { Switch } from './Switch';

export interface CaptureSectionProps {
  settings: Settings;
  onChange(changes: Partial<Settings>): void;
}

const MODES: Array<{ mode: SiteMode; label: 'optionsModeAllButBlocked' | 'optionsModeOnlyAllowed' }> = [
  { mode: 'all-but-blocked', label: 'optionsModeAllButBlocked' },
  { mode: 'only-allowed', label: 'optionsModeOnlyAllowed' },
];

/** Pause, where forms are saved (blocked or allowed sites), and GET forms. */
export function CaptureSection({ settings, onChange }: CaptureSectionProps) {
  const blocking = settings.siteMode === 'all-but-blocked';
  const listKey = blocking ? 'blockedSites' : 'allowedSites';
  const list = settings[listKey];
  return (
    <section class="card" aria-labelledby="capture-title" data-testid="capture">
      <h2 id="capture-title">{t('optionsCaptureTitle')}</h2>
      <Switch
        id="paused"
        label={t('optionsPause')}
        hint={t('optionsPauseHint')}
        checked={settings.paused}
        onChange={(paused) => onChange({ paused })}
      />

      <fieldset class="setting modes">
        <legend class="setting-label">{t('optionsSiteModeLegend')}</legend>
        {MODES.map(({ mode, label }) => (
          <div class="radio-row" key={mode}>
            <input
              type="radio"
              id={`mode-${mode}`}
              name="site-mode"
              value={mode}
              checked={settings.siteMode === mode}
              onChange={() => onChange({ siteMode: mode })}
            />
            <label for={`mode-${mode}`}>{t(label)}</label>
          </div>
        ))}
      </fieldset>

      <SiteList
        key={listKey}
        id={blocking ? 'blocked' : 'allowed'}
        title={t(blocking ? 'optionsBlockedTitle' : 'optionsAllowedTitle')}
        hint={t(blocking ? 'optionsBlockedHint' : 'optionsAllowedHint')}
        addLabel={t(blocking ? 'optionsBlockedAdd' : 'optionsAllowedAdd')}
        emptyText={t(blocking ? 'optionsBlockedEmpty' : 'optionsAllowedEmpty')}
        sites={list}
        onAdd={(site) => onChange({ [listKey]: [...list, site] })}
        onRemove={(site) => onChange({ [listKey]: list.filter((s) => s !== site) })}
      />

      <Switch
        id="capture-get"
        label={t('optionsGet')}
        hint={t('optionsGetHint')}
        checked={settings.captureGet}
        onChange={(captureGet) => onChange({ captureGet })}
      />
    </section>
  );
}
