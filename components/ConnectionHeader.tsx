import type { ConnectionState } from '@/utils/popup/connection';
import { absoluteTime, relativeTime } from '@/utils/popup/format';
import { t } from '@/utils/i18n';
import { BrandMark } from './BrandMark';

export interface ConnectionHeaderProps {
  state: ConnectionState;
  lastSentAt?: number;
  now: number;
  locale?: string;
  /** Whether "Send now" has anything to do. */
  canSendNow: boolean;
  onSendNow(): void;
  /** Opens the settings page (no button without it). */
  onOpenSettings?(): void;
}

const LABEL = { online: 'connOnline', offline: 'connOffline', unreachable: 'connUnreachable' } as const;

/** The header: connection state, the time of the last successful send, "Send now" and the way to the settings. */
export function ConnectionHeader({
  state,
  lastSentAt,
  now,
  locale,
  canSendNow,
  onSendNow,
  onOpenSettings,
}: ConnectionHeaderProps) {
  const hint =
    state === 'offline' ? t('connOfflineHint') : state === 'unreachable' ? t('connUnreachableHint') : undefined;
  return (
    <header class="header">
      <div class="header-row">
        <h1 class="brand">
          <BrandMark />
          {t('popupTitle')}
        </h1>
        <div class="header-actions">
          {onOpenSettings && (
            <button
              type="button"
              class="button button-quiet"
              onClick={onOpenSettings}
              title={t('optionsOpenSettingsLabel')}
            >
              {t('optionsOpenSettings')}
            </button>
          )}
          <button
            type="button"
            class="button button-primary"
            onClick={onSendNow}
            disabled={!canSendNow || state === 'offline'}
            title={t('sendNowLabel')}
          >
            {t('sendNow')}
          </button>
        </div>
      </div>
      <div class="header-row header-status">
        <p class={`conn conn-${state}`} data-testid="connection" data-state={state} title={hint}>
          <span class="conn-dot" aria-hidden="true" />
          <span>{t(LABEL[state])}</span>
        </p>
        <p class="last-sent" data-testid="last-sent">
          {lastSentAt ? (
            <time
              dateTime={new Date(lastSentAt).toISOString()}
              title={absoluteTime(lastSentAt, locale)}
              data-i18n="title"
            >
              {t('lastSent', relativeTime(lastSentAt, now, locale))}
            </time>
          ) : (
            t('neverSent')
          )}
        </p>
      </div>
      {hint && <p class="conn-hint">{hint}</p>}
    </header>
  );
}
