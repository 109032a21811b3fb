import type { OutboxItem } from '@/utils/core/types';
import { formatBytes } from '@/utils/core/format-bytes';
import { fieldLabelLookup, isSensitive } from '@/utils/popup/field-labels';
import { MASK } from '@/utils/popup/mask';
import { t } from '@/utils/i18n';
import { FieldName } from './FieldName';

export interface ItemDetailsProps {
  item: OutboxItem;
  id: string;
  /** Puts the item's whole target address on the clipboard (absent where there is no clipboard). */
  onCopyAddress?(): void;
}

/**
 * An item's whole addresses (the card shows them shortened), its fields by the labels the person
 * saw (sensitive values masked), its files, and for a sent item the server's answer.
 */
export function ItemDetails({ item, id, onCopyAddress }: ItemDetailsProps) {
  const values = item.request.entries.filter((e): e is { name: string; value: string } => !('file' in e));
  const files = item.request.entries.filter((e) => 'file' in e);
  const fieldOf = fieldLabelLookup(item);
  return (
    <div class="details" id={id} data-testid="item-details">
      <h3>{t('submittedTo')}</h3>
      <p class="mono break" data-testid="full-address" data-i18n="text">
        {item.request.method} {item.request.url}
      </p>
      {onCopyAddress && (
        <button type="button" class="button button-quiet copy-address" onClick={onCopyAddress}>
          {t('copyAddress')}
        </button>
      )}
      {item.source.pageUrl && item.source.pageUrl !== item.request.url && (
        <>
          <h3>{t('fromPage')}</h3>
          <p class="mono break" data-testid="page-address" data-i18n="text">
            {item.source.pageUrl}
          </p>
        </>
      )}
      <h3>{t('fields')}</h3>
      {item.sealed ? (
        <p class="muted">{t('sealedDetails')}</p>
      ) : values.length === 0 ? (
        <p class="muted">{t('noFields')}</p>
      ) : (
        <dl class="kv fields">
          {values.map((entry, index) => {
            const field = fieldOf(entry.name);
            const masked = isSensitive(field);
            return (
              <div class="kv-row" key={`${entry.name}-${index}`} data-testid="field">
                <dt>
                  <FieldName field={field} />
                </dt>
                <dd
                  class={masked ? 'masked' : 'break pre'}
                  data-masked={masked ? 'true' : undefined}
                  data-i18n={masked ? undefined : 'text'}
                >
                  {masked ? (
                    <span aria-label={t('maskedValue')} title={t('maskedValue')}>
                      {entry.value === '' ? t('emptyValue') : MASK}
                    </span>
                  ) : entry.value === '' ? (
                    <span class="muted">{t('emptyValue')}</span>
                  ) : (
                    entry.value
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      {files.length > 0 && (
        <>
          <h3>{t('files')}</h3>
          <ul class="files">
            {files.map((entry, index) =>
              'file' in entry ? (
                <li key={`${entry.name}-${index}`}>
                  <FieldName field={fieldOf(entry.name)} />: <span data-i18n="text">{entry.file.name || '—'}</span>{' '}
                  <span class="muted" data-i18n="text">
                    ({formatBytes(entry.file.blob?.size ?? 0)})
                  </span>
                </li>
              ) : null,
            )}
          </ul>
        </>
      )}
      {item.status === 'sent' && item.result && (
        <>
          <h3>{t('response')}</h3>
          <dl class="kv fields">
            <div class="kv-row">
              <dt>{t('responseStatus')}</dt>
              <dd data-i18n="text" data-testid="response-status">
                {item.result.status}
              </dd>
            </div>
            <div class="kv-row">
              <dt>{t('responseUrl')}</dt>
              <dd class="mono break" data-i18n="text">
                {item.result.finalUrl}
              </dd>
            </div>
          </dl>
        </>
      )}
    </div>
  );
}
