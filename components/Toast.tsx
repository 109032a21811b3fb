import { t } from '@/utils/i18n';

export interface ToastProps {
  message: string;
  tone: 'info' | 'error';
  actionLabel?: string;
  onAction?(): void;
  onDismiss(): void;
}

/** A short message at the bottom of the popup, with an optional action (Undo). Announced politely, errors assertively. */
export function Toast({ message, tone, actionLabel, onAction, onDismiss }: ToastProps) {
  return (
    <div class={`toast toast-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid="toast">
      <span class="toast-text">{message}</span>
      {actionLabel && onAction && (
        <button type="button" class="button button-inverse" onClick={onAction}>
          {actionLabel}
        </button>
      )}
      <button type="button" class="toast-close" aria-label={t('dismiss')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
