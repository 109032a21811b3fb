import { useRef } from 'preact/hooks';
import { t } from '@/utils/i18n';

export type PopupTab = 'outbox' | 'drafts';

export interface PopupTabsProps {
  tab: PopupTab;
  /** How many drafts there are (undefined until read). */
  draftCount?: number;
  query: string;
  onTab(tab: PopupTab): void;
  onQuery(query: string): void;
}

const TABS: PopupTab[] = ['outbox', 'drafts'];

/** The Outbox / Drafts switch (a tab list: arrow keys move between the tabs) and the search across both. */
export function PopupTabs({ tab, draftCount, query, onTab, onQuery }: PopupTabsProps) {
  const buttons = useRef<Record<PopupTab, HTMLButtonElement | null>>({ outbox: null, drafts: null });
  const move = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const next = TABS[(TABS.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    onTab(next);
    buttons.current[next]?.focus();
  };
  return (
    <div class="tabs-bar">
      <div class="tabs" role="tablist" aria-label={t('popupTitle')} onKeyDown={move}>
        {TABS.map((name) => (
          <button
            key={name}
            ref={(el) => void (buttons.current[name] = el)}
            type="button"
            role="tab"
            id={`tab-${name}`}
            class="tab"
            aria-selected={tab === name && !query.trim()}
            aria-controls="popup-panel"
            tabIndex={tab === name ? 0 : -1}
            onClick={() => onTab(name)}
          >
            {name === 'outbox' ? t('tabOutbox') : draftCount ? t('tabDraftsCount', draftCount) : t('tabDrafts')}
          </button>
        ))}
      </div>
      <div class="search">
        <label class="visually-hidden" for="popup-search">
          {t('searchLabel')}
        </label>
        <input
          id="popup-search"
          type="search"
          placeholder={t('searchPlaceholder')}
          value={query}
          onInput={(e) => onQuery((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && query) {
              e.preventDefault();
              onQuery('');
            }
          }}
        />
      </div>
    </div>
  );
}
