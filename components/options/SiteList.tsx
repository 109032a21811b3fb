import { useRef, useState } from 'preact/hooks';
import { normalizeSite } from '@/utils/core/settings';
import { t } from '@/utils/i18n';

export interface SiteListProps {
  /** Prefix for element ids (unique on the page). */
  id: string;
  title: string;
  hint?: string;
  /** Label of the input that adds a site. */
  addLabel: string;
  /** Shown instead of the list when it is empty. */
  emptyText: string;
  sites: readonly string[];
  /** Called with the normalised host the user asked to add (not yet in the list). */
  onAdd(site: string): void;
  onRemove(site: string): void;
  /** Say "example.com added" once added (off when the caller asks for a confirmation first). */
  announceAdd?: boolean;
}

/**
 * An editable list of sites: what the user types is normalised to a host ("https://Example.com/a"
 * becomes example.com); anything that is not a host is refused with the reason, and the input keeps
 * the text so it can be corrected.
 */
export function SiteList({
  id,
  title,
  hint,
  addLabel,
  emptyText,
  sites,
  onAdd,
  onRemove,
  announceAdd = true,
}: SiteListProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const input = useRef<HTMLInputElement>(null);

  const add = (event: Event) => {
    event.preventDefault();
    const typed = text.trim();
    const site = normalizeSite(typed);
    if (!typed) return setError(t('optionsSiteEmptyInput'));
    if (!site) return setError(t('optionsSiteInvalid', typed));
    if (sites.includes(site)) return setError(t('optionsSiteDuplicate', site));
    setError(undefined);
    setText('');
    setStatus(announceAdd ? t('optionsSiteAdded', site) : undefined);
    onAdd(site);
  };

  const remove = (site: string) => {
    onRemove(site);
    setStatus(t('optionsSiteRemoved', site));
    // The removed button is gone: keep the keyboard user in the list's own controls.
    input.current?.focus();
  };

  const describedBy = error ? `${id}-error` : `${id}-format`;
  return (
    <div class="site-list" role="group" aria-labelledby={`${id}-title`} data-testid={`${id}-list`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {hint && <p class="hint">{hint}</p>}
      {sites.length ? (
        <ul class="sites">
          {sites.map((site) => (
            <li key={site} class="site-row">
              <span class="mono break">{site}</span>
              <button
                type="button"
                class="button button-quiet"
                aria-label={t('optionsRemoveSite', site)}
                onClick={() => remove(site)}
              >
                {t('optionsRemove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted empty-list">{emptyText}</p>
      )}
      <form class="add-site" onSubmit={add} noValidate>
        <label for={`${id}-input`}>{addLabel}</label>
        <div class="add-row">
          <input
            ref={input}
            id={`${id}-input`}
            type="text"
            inputMode="url"
            autocomplete="off"
            spellcheck={false}
            placeholder={t('optionsSitePlaceholder')}
            value={text}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={describedBy}
            onInput={(e) => {
              setText((e.currentTarget as HTMLInputElement).value);
              if (error) setError(undefined);
            }}
          />
          <button type="submit" class="button">
            {t('optionsAdd')}
          </button>
        </div>
        {error ? (
          <p id={`${id}-error`} class="error" role="alert">
            {error}
          </p>
        ) : (
          <p id={`${id}-format`} class="hint">
            {t('optionsSiteFormat')}
          </p>
        )}
      </form>
      <p class="visually-hidden" role="status">
        {status}
      </p>
    </div>
  );
}
