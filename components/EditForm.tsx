import { useEffect, useRef, useState } from 'preact/hooks';
import type { OutboxItem } from '@/utils/core/types';
import { fieldLabelLookup, isSensitive } from '@/utils/popup/field-labels';
import { t } from '@/utils/i18n';
import { FieldName } from './FieldName';

export interface EditFormProps {
  item: OutboxItem;
  /** Called with the changed text values only, keyed by entry index. */
  onSubmit(values: Record<number, string>): void;
  onCancel(): void;
}

/** Lets the user fix a failed item's text values before retrying it. Files are kept as they are. */
export function EditForm({ item, onSubmit, onCancel }: EditFormProps) {
  const [values, setValues] = useState<Record<number, string>>({});
  const first = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);
  let firstAssigned = false;
  const fieldOf = fieldLabelLookup(item);
  const submit = (event: Event) => {
    event.preventDefault();
    const changed: Record<number, string> = {};
    for (const [index, value] of Object.entries(values)) {
      const entry = item.request.entries[Number(index)];
      if (entry && !('file' in entry) && entry.value !== value) changed[Number(index)] = value;
    }
    onSubmit(changed);
  };
  return (
    <form
      class="edit"
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      aria-label={t('editTitle')}
      data-testid="edit-form"
    >
      <p class="edit-title">{t('editTitle')}</p>
      {item.request.entries.map((entry, index) => {
        const id = `edit-${item.id}-${index}`;
        if ('file' in entry) {
          return (
            <p class="edit-file muted" key={id}>
              <FieldName field={fieldOf(entry.name)} />: <span data-i18n="text">{entry.file.name}</span> —{' '}
              {t('editFileKept')}
            </p>
          );
        }
        const value = values[index] ?? entry.value;
        const ref = firstAssigned ? undefined : ((firstAssigned = true), first);
        const onInput = (e: Event) => {
          const next = (e.currentTarget as HTMLInputElement).value;
          setValues((v) => ({ ...v, [index]: next }));
        };
        const field = fieldOf(entry.name);
        // The label the person saw names the box; the raw field name describes it.
        const nameId = field.label === undefined ? undefined : `${id}-name`;
        return (
          <div class="edit-field" key={id}>
            {field.label === undefined ? (
              <label for={id} class="mono" data-i18n="text">
                {entry.name}
              </label>
            ) : (
              <p class="edit-label">
                <label for={id} class="field-label" data-i18n="text">
                  {field.label}
                </label>{' '}
                <span class="mono field-name" id={nameId} data-i18n="text">
                  {field.name}
                </span>
              </p>
            )}
            {entry.value.includes('\n') ? (
              <textarea
                id={id}
                name={entry.name}
                value={value}
                onInput={onInput}
                ref={ref}
                rows={3}
                aria-describedby={nameId}
              />
            ) : (
              <input
                id={id}
                name={entry.name}
                type={isSensitive(field) ? 'password' : 'text'}
                value={value}
                onInput={onInput}
                ref={ref}
                autoComplete="off"
                aria-describedby={nameId}
              />
            )}
          </div>
        );
      })}
      <div class="actions">
        <button type="submit" class="button button-primary">
          {t('editSubmit')}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
