import { useEffect, useRef } from 'preact/hooks';
import type { OutboxItem } from '@/utils/core/types';
import { shortAddress, shortSite } from '@/utils/popup/address';
import { absoluteTime, hostOf, relativeTime } from '@/utils/popup/format';
import { failureReason, technicalDetail } from '@/utils/popup/reason';
import { t, tn } from '@/utils/i18n';
import { EditForm } from './EditForm';
import { ItemDetails } from './ItemDetails';

export interface ItemCardProps {
  item: OutboxItem;
  now: number;
  online: boolean;
  locale?: string;
  expanded: boolean;
  editing: boolean;
  onToggleDetails(): void;
  onRetry(): void;
  onEdit(): void;
  onEditSubmit(values: Record<number, string>): void;
  onEditCancel(): void;
  onOpenPage(): void;
  /** Opens the server's stored answer (sent and failed items that have one). */
  onViewReply?(): void;
  /** Puts the whole target address on the clipboard (from the details). */
  onCopyAddress?(): void;
  onDiscard(): void;
}

function Time({
  at,
  now,
  locale,
  template,
}: {
  at: number;
  now: number;
  locale?: string;
  template: (when: string) => string;
}) {
  return (
    <time dateTime={new Date(at).toISOString()} title={absoluteTime(at, locale)} data-i18n="title">
      {template(relativeTime(at, now, locale))}
    </time>
  );
}

/** One queued submission: where it goes, when it was saved, its state, and what can be done with it. */
export function ItemCard(props: ItemCardProps) {
  const { item, now, online, locale, expanded, editing } = props;
  const titleId = `item-${item.id}-title`;
  const detailsId = `item-${item.id}-details`;
  const status = item.status;
  const statusLabel =
    status === 'sending'
      ? t('statusSending')
      : status === 'pending'
        ? t('statusWaiting')
        : status === 'failed'
          ? t('statusFailed')
          : t('statusSent');
  const title = item.source.pageTitle.trim() || t('untitled');
  const target = shortAddress(item.request.url);
  const detail = item.lastError && technicalDetail(item.lastError);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(editing);
  useEffect(() => {
    // Closing the edit form (Escape, Cancel) would drop focus to the page: give it back to the button that opened it.
    if (wasEditing.current && !editing && (!document.activeElement || document.activeElement === document.body))
      editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  return (
    <li
      class={`item item-${status}`}
      aria-labelledby={titleId}
      data-testid="item"
      data-status={status}
      data-id={item.id}
    >
      <div class="item-head">
        <span class={`pill pill-${status}`}>{statusLabel}</span>
        <span class="site" title={item.source.pageUrl} data-i18n="text title">
          {shortSite(item.source.pageUrl)}
        </span>
        <button
          type="button"
          class="button button-quiet toggle"
          aria-expanded={expanded}
          aria-controls={detailsId}
          onClick={props.onToggleDetails}
        >
          {expanded ? t('hideDetails') : t('details')}
          <svg class="chevron" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" stroke-width="1.8" />
          </svg>
        </button>
      </div>
      <p class="item-title" id={titleId} data-i18n="text">
        {title}
      </p>
      <p class="item-meta">
        {/* The whole address: this title, and "Submitted to" in the details (keyboard, copyable). */}
        <span class="mono" title={target.full} data-testid="target" data-i18n="text title">
          {item.request.method} {target.site}
          {target.site && target.path && <span aria-hidden="true"> › </span>}
          {target.path}
        </span>
        <span aria-hidden="true"> · </span>
        <Time at={item.capturedAt} now={now} locale={locale} template={(w) => t('capturedAt', w)} />
        {item.attempts > 0 && (
          <>
            <span aria-hidden="true"> · </span>
            <span>{tn('attempts', item.attempts)}</span>
          </>
        )}
        {status === 'pending' && (
          <>
            <span aria-hidden="true"> · </span>
            {online ? (
              <Time
                at={Math.max(item.nextAttemptAt, now)}
                now={now}
                locale={locale}
                template={(w) => t('nextAttempt', w)}
              />
            ) : (
              <span>{t('nextAttemptOnline')}</span>
            )}
          </>
        )}
        {status === 'sent' && item.result && (
          <>
            <span aria-hidden="true"> · </span>
            <Time at={item.result.sentAt} now={now} locale={locale} template={(w) => t('sentAt', w)} />
          </>
        )}
      </p>
      {item.lastError && status !== 'sent' && (
        <div class={status === 'failed' ? 'reason reason-failed' : 'reason'}>
          <p data-testid="reason">{failureReason(item.lastError, item.request.url)}</p>
          {detail && (
            <details class="tech">
              <summary>{t('technicalDetail')}</summary>
              <code class="mono break pre" data-i18n="text" data-testid="detail">
                {detail}
              </code>
            </details>
          )}
        </div>
      )}
      {item.maybeSent && status !== 'sent' && <p class="note">{t('maybeSent')}</p>}
      {status === 'failed' && item.lastError?.kind === 'auth' && !item.accountMismatch && (
        <p class="note" data-testid="waits-for-sign-in">
          {t('waitsForSignIn', hostOf(item.request.url))}
        </p>
      )}
      {status === 'failed' && item.accountMismatch && (
        <p class="note" data-testid="account-mismatch">
          {item.accountMismatch.captured && item.accountMismatch.shown
            ? t('accountMismatch', item.accountMismatch.captured, item.accountMismatch.shown)
            : t('accountMismatchNoNames')}
        </p>
      )}
      <div class="actions" role="group" aria-labelledby={titleId}>
        {status === 'failed' && (
          <>
            <button type="button" class="button button-primary" aria-describedby={titleId} onClick={props.onRetry}>
              {t('retry')}
            </button>
            {!item.sealed && (
              <button
                type="button"
                class="button"
                ref={editButton}
                aria-describedby={titleId}
                aria-expanded={editing}
                onClick={props.onEdit}
              >
                {t('editRetry')}
              </button>
            )}
          </>
        )}
        {status !== 'sent' && (
          <button
            type="button"
            class="button"
            aria-describedby={titleId}
            title={t('openPageLabel')}
            onClick={props.onOpenPage}
          >
            {t('openPage')}
          </button>
        )}
        {item.hasReply && (status === 'sent' || status === 'failed') && props.onViewReply && (
          <button
            type="button"
            class="button"
            aria-describedby={titleId}
            title={t('viewReplyLabel')}
            onClick={props.onViewReply}
          >
            {t('viewReply')}
          </button>
        )}
        {status !== 'sending' && (
          <button
            type="button"
            class="button button-danger push-end"
            aria-describedby={titleId}
            onClick={props.onDiscard}
          >
            {t('discard')}
          </button>
        )}
      </div>
      {editing && status === 'failed' && (
        <EditForm item={item} onSubmit={props.onEditSubmit} onCancel={props.onEditCancel} />
      )}
      {expanded && <ItemDetails item={item} id={detailsId} onCopyAddress={props.onCopyAddress} />}
    </li>
  );
}
