import { DEFAULT_SETTINGS, KEEP_SENT_CHOICES_MS, RETRY_WINDOW_CHOICES_MS, type Settings } from '@/utils/core/settings';
import { t } from '@/utils/i18n';
import { durationChoices } from '@/utils/options/format';

export interface DurationSelectProps {
  id: string;
  label: string;
  hint: string;
  value: number;
  choices: readonly number[];
  defaultValue: number;
  zero?: string;
  onChange(value: number): void;
}

/** A labelled duration menu (also the drafts section's retention). */
export function DurationSelect({ id, label, hint, value, choices, defaultValue, zero, onChange }: DurationSelectProps) {
  return (
    <div class="setting">
      <label for={id} class="setting-label">
        {label}
      </label>
      <p id={`${id}-hint`} class="hint">
        {hint}
      </p>
      <select
        id={id}
        class="select"
        aria-describedby={`${id}-hint`}
        value={String(value)}
        onChange={(e) => onChange(Number((e.currentTarget as HTMLSelectElement).value))}
      >
        {durationChoices(choices, value, defaultValue, zero).map((choice) => (
          <option key={choice.value} value={String(choice.value)}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface HistorySectionProps {
  settings: Settings;
  onChange(changes: Partial<Settings>): void;
}

/** How long sent items are kept, and how long failing sends are retried. */
export function HistorySection({ settings, onChange }: HistorySectionProps) {
  return (
    <section class="card" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title">{t('optionsHistoryTitle')}</h2>
      <DurationSelect
        id="keep-sent"
        label={t('optionsKeepSent')}
        hint={t('optionsKeepSentHint')}
        value={settings.keepSentMs}
        choices={KEEP_SENT_CHOICES_MS}
        defaultValue={DEFAULT_SETTINGS.keepSentMs}
        zero={t('optionsDontKeep')}
        onChange={(keepSentMs) => onChange({ keepSentMs })}
      />
      <DurationSelect
        id="retry-window"
        label={t('optionsRetryWindow')}
        hint={t('optionsRetryWindowHint')}
        value={settings.retryWindowMs}
        choices={RETRY_WINDOW_CHOICES_MS}
        defaultValue={DEFAULT_SETTINGS.retryWindowMs}
        onChange={(retryWindowMs) => onChange({ retryWindowMs })}
      />
      <p class="note-box">{t('optionsFailedKept')}</p>
    </section>
  );
}
