import type { DraftRecord } from '@/utils/core/draft-record';
import { draftPreview, draftText } from '@/utils/core/draft-form';
import { draftExpiresAt, EXPIRY_WARNING_MS } from '@/utils/core/draft-expiry';
import type { ItemStatus } from '@/utils/core/types';
import { absoluteTime, hostOf, pathOf, relativeTime } from '@/utils/popup/format';
import { t } from '@/utils/i18n';

export interface DraftCardProps {
  draft: DraftRecord;
  /** The status of the outbox item it waits for (state `queued`), if that item still exists. */
  itemStatus?: ItemStatus;
  now: number;
  locale?: string;
  retentionMs: number;
  onOpen(): void;
  onCopy(text: string): void;
  onDiscard(): void;
}

function stateNote(draft: DraftRecord, itemStatus?: ItemStatus): string | undefined {
  if (draft.state === 'queued')
    return itemStatus === 'failed' ? t('draftStateFailed') : itemStatus ? t('draftStateQueued') : undefined;
  if (draft.state === 'sentByScript') return t('draftStateByScript');
  if (draft.state === 'submitted') return t('draftStateSubmitted');
  return undefined;
}

/** One draft: where it was typed, when, when it expires, a preview, and open & restore, copy, discard. */
export function DraftCard({ draft, itemStatus, now, locale, retentionMs, onOpen, onCopy, onDiscard }: DraftCardProps) {
  const titleId = `draft-${draft.id}-title`;
  const fields = draft.content?.fields;
  const title = draft.content?.pageTitle.trim() || t('untitled');
  const expiresAt = draftExpiresAt(draft.updatedAt, retentionMs);
  const soon = expiresAt - now <= EXPIRY_WARNING_MS;
  const preview = fields ? draftPreview(fields, 160) : undefined;
  const text = fields ? draftText(fields) : '';
  const note = stateNote(draft, itemStatus);
  return (
    <li
      class={`item item-draft${soon ? ' item-expiring' : ''}`}
      aria-labelledby={titleId}
      data-testid="draft"
      data-id={draft.id}
      data-state={draft.state}
    >
      <div class="item-head">
        <span class="site" data-i18n="text">
          {hostOf(draft.pageKey)}
        </span>
      </div>
      <p class="item-title" id={titleId} data-i18n="text">
        {title}
      </p>
      <p class="item-meta">
        <span class="mono" data-i18n="text">
          {pathOf(draft.content?.pageUrl ?? draft.pageKey)}
        </span>
        <span aria-hidden="true"> · </span>
        <time
          dateTime={new Date(draft.updatedAt).toISOString()}
          title={absoluteTime(draft.updatedAt, locale)}
          data-i18n="title"
        >
          {t('draftTyped', relativeTime(draft.updatedAt, now, locale))}
        </time>
        <span aria-hidden="true"> · </span>
        <time
          class={soon ? 'expiry-soon' : undefined}
          dateTime={new Date(expiresAt).toISOString()}
          title={absoluteTime(expiresAt, locale)}
          data-i18n="title"
          data-testid="draft-expiry"
        >
          {t('draftExpires', relativeTime(expiresAt, now, locale))}
        </time>
      </p>
      {preview !== undefined ? (
        <p class="draft-preview" data-testid="draft-preview">
          {preview || t('draftEmptyPreview')}
        </p>
      ) : (
        <p class="draft-preview muted">{t('draftEncrypted')}</p>
      )}
      {note && <p class="note">{note}</p>}
      <div class="actions" role="group" aria-labelledby={titleId}>
        <button
          type="button"
          class="button button-primary"
          aria-describedby={titleId}
          title={t('draftOpenRestoreLabel')}
          disabled={!fields}
          onClick={onOpen}
        >
          {t('draftOpenRestore')}
        </button>
        <button type="button" class="button" aria-describedby={titleId} disabled={!text} onClick={() => onCopy(text)}>
          {t('draftCopy')}
        </button>
        <button type="button" class="button button-danger push-end" aria-describedby={titleId} onClick={onDiscard}>
          {t('draftDiscard')}
        </button>
      </div>
    </li>
  );
}
