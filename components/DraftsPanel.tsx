import { expirySummary } from '@/utils/core/draft-expiry';
import type { DraftRecord } from '@/utils/core/draft-record';
import type { DraftsViewModel } from '@/utils/popup/drafts';
import { durationLabel } from '@/utils/options/format';
import { t, tn } from '@/utils/i18n';
import { DraftCard } from './DraftCard';

export interface DraftsPanelProps {
  view?: DraftsViewModel;
  now: number;
  locale?: string;
  onOpen(draft: DraftRecord): void;
  onCopy(text: string): void;
  onDiscard(draft: DraftRecord): void;
  onClearExpired(): void;
}

/** The Drafts view: what expired or expires soon (never silently), then every draft, newest first. */
export function DraftsPanel({ view, now, locale, onOpen, onCopy, onDiscard, onClearExpired }: DraftsPanelProps) {
  if (!view) return <p class="muted loading">{t('loading')}</p>;
  const summary = expirySummary(
    view.drafts.map((d) => d.updatedAt),
    view.retentionMs,
    now,
  );
  return (
    <section class="group group-drafts" aria-labelledby="drafts-heading" data-testid="drafts">
      <div class="group-head">
        <h2 id="drafts-heading">
          {t('tabDrafts')}{' '}
          <span
            class="count"
            data-i18n="text"
            data-testid="count-drafts"
            aria-label={tn('draftsCountLabel', view.total)}
          >
            {view.total}
          </span>
        </h2>
      </div>
      {view.expired && view.expired.count > 0 && (
        <div class="draft-banner" role="status" data-testid="drafts-expired">
          <p>{tn('draftsExpired', view.expired.count, durationLabel(view.retentionMs))}</p>
          <button type="button" class="button" onClick={onClearExpired}>
            {t('draftsExpiredOk')}
          </button>
        </div>
      )}
      {summary.expiringSoon > 0 && (
        <p class="draft-banner draft-banner-warn" role="status" data-testid="drafts-expiring">
          {tn('draftExpiresSoon', summary.expiringSoon)}
        </p>
      )}
      {!view.enabled && (
        <p class="note" data-testid="drafts-off">
          {t('draftsOffNote')}
        </p>
      )}
      {view.drafts.length ? (
        <ul class="items">
          {view.drafts.map((draft) => (
            <DraftCard
              key={draft.id}
              draft={draft}
              itemStatus={draft.itemId ? view.itemStatus[draft.itemId] : undefined}
              now={now}
              locale={locale}
              retentionMs={view.retentionMs}
              onOpen={() => onOpen(draft)}
              onCopy={onCopy}
              onDiscard={() => onDiscard(draft)}
            />
          ))}
        </ul>
      ) : (
        <div class="empty" data-testid="drafts-empty">
          <h2>{t('draftsEmptyTitle')}</h2>
          <p>{t('draftsEmptyBody')}</p>
        </div>
      )}
    </section>
  );
}
