import type { FieldName as Field } from '@/utils/popup/field-labels';

/**
 * A field's name as a person reads it: the label they saw, with the raw field name as quieter
 * secondary text (and as the title); just the raw name when there is no label.
 */
export function FieldName({ field, nameId }: { field: Field; nameId?: string }) {
  if (field.label === undefined)
    return (
      <span class="mono field-raw" data-i18n="text">
        {field.name}
      </span>
    );
  return (
    <>
      <span class="field-label" title={field.name} data-i18n="text title">
        {field.label}
      </span>{' '}
      <span class="mono field-name" id={nameId} data-testid="field-name" data-i18n="text">
        {field.name}
      </span>
    </>
  );
}
