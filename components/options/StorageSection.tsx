import type { StorageUsage } from '@/utils/db/storage-usage';
import { t } from '@/utils/i18n';
import { formatBytes } from '@/utils/core/format-bytes';

export interface StorageSectionProps {
  /** Undefined while the first reading is under way. */
  usage?: StorageUsage;
  error?: string;
  locale?: string;
  onRefresh(): void;
}

/** Bytes used by the extension on this device (and the quota, when known), and submissions per state. */
export function StorageSection({ usage, error, locale, onRefresh }: StorageSectionProps) {
  const counts = usage?.counts;
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const bytes = (n: number | undefined) => (n === undefined ? t('optionsStorageUnknown') : formatBytes(n, locale));
  return (
    <section class="card" aria-labelledby="storage-title" data-testid="storage" aria-busy={usage ? 'false' : 'true'}>
      <div class="card-head">
        <h2 id="storage-title">{t('optionsStorageTitle')}</h2>
        <button type="button" class="button" onClick={onRefresh}>
          {t('optionsStorageRefresh')}
        </button>
      </div>
      {!usage && !error && <p class="muted">{t('optionsStorageChecking')}</p>}
      {usage && (
        <dl class="stats">
          <div>
            <dt>{t('optionsStorageUsed')}</dt>
            <dd
              data-testid="storage-used"
              data-bytes={usage.usage ?? ''}
              data-i18n={usage.usage === undefined ? undefined : 'text'}
            >
              {bytes(usage.usage)}
            </dd>
          </div>
          {usage.quota !== undefined && (
            <div>
              <dt>{t('optionsStorageQuota')}</dt>
              <dd
                data-testid="storage-quota"
                data-bytes={usage.quota}
                data-i18n={usage.quota === undefined ? undefined : 'text'}
              >
                {bytes(usage.quota)}
              </dd>
            </div>
          )}
        </dl>
      )}
      {counts && (
        <>
          <h3>{t('optionsStorageItems')}</h3>
          <dl class="stats counts" data-testid="storage-counts">
            <div>
              <dt>{t('optionsCountWaiting')}</dt>
              <dd data-testid="count-waiting" data-i18n="text">
                {number(counts.pending + counts.sending)}
              </dd>
            </div>
            <div>
              <dt>{t('optionsCountFailed')}</dt>
              <dd data-testid="count-failed" data-i18n="text">
                {number(counts.failed)}
              </dd>
            </div>
            <div>
              <dt>{t('optionsCountSent')}</dt>
              <dd data-testid="count-sent" data-i18n="text">
                {number(counts.sent)}
              </dd>
            </div>
          </dl>
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {t('optionsStorageError', error)}
        </p>
      )}
    </section>
  );
}
