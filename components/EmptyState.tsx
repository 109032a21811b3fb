import { t } from '@/utils/i18n';

/** What the popup says when nothing is queued and nothing was sent: what Form Outbox does and how to try it. */
export function EmptyState() {
  return (
    <section class="empty" aria-labelledby="empty-title" data-testid="empty">
      <svg class="empty-art" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
        <rect x="8" y="14" width="48" height="36" rx="6" fill="none" stroke="currentColor" stroke-width="3" />
        <path d="M10 18l22 16 22-16" fill="none" stroke="currentColor" stroke-width="3" stroke-linejoin="round" />
      </svg>
      <h2 id="empty-title">{t('emptyTitle')}</h2>
      <p>{t('emptyBody')}</p>
      <p class="muted">{t('emptyTry')}</p>
    </section>
  );
}
