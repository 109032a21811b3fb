import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { SiteList } from './SiteList';

export interface SensitiveSectionProps {
  sites: readonly string[];
  onChange(sites: string[]): void;
}

/**
 * Sites where forms with passwords, card numbers or one-time codes may be saved. Adding one first
 * shows what that means (what is stored, where, for how long) and needs an explicit confirmation.
 */
export function SensitiveSection({ sites, onChange }: SensitiveSectionProps) {
  const [asking, setAsking] = useState<string>();
  const warning = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (asking) warning.current?.focus();
  }, [asking]);

  const confirm = () => {
    if (asking && !sites.includes(asking)) onChange([...sites, asking]);
    setAsking(undefined);
  };

  return (
    <section class="card" aria-labelledby="sensitive-title" data-testid="sensitive">
      <h2 id="sensitive-title">{t('optionsSensitiveTitle')}</h2>
      <p>{t('optionsSensitiveIntro')}</p>
      <SiteList
        id="sensitive"
        title={t('optionsSensitiveListTitle')}
        addLabel={t('optionsSensitiveAdd')}
        emptyText={t('optionsSensitiveEmpty')}
        sites={sites}
        onAdd={setAsking}
        announceAdd={false}
        onRemove={(site) => onChange(sites.filter((s) => s !== site))}
      />
      {asking && (
        <div
          class="danger-box"
          role="alertdialog"
          aria-modal="false"
          aria-labelledby="sensitive-warning-title"
          aria-describedby="sensitive-warning-text sensitive-warning-advice"
          tabIndex={-1}
          ref={warning}
          data-testid="sensitive-warning"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setAsking(undefined);
          }}
        >
          <h3 id="sensitive-warning-title">{t('optionsSensitiveWarningTitle', asking)}</h3>
          <p id="sensitive-warning-text">{t('optionsSensitiveWarning', asking)}</p>
          <p id="sensitive-warning-advice" class="advice">
            {t('optionsSensitiveAdvice')}
          </p>
          <div class="actions">
            <button type="button" class="button button-danger-solid" onClick={confirm}>
              {t('optionsSensitiveConfirm', asking)}
            </button>
            <button type="button" class="button" onClick={() => setAsking(undefined)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
