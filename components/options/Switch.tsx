export interface SwitchProps {
  id: string;
  label: string;
  /** A sentence under the label, read out with the switch (aria-describedby). */
  hint?: string;
  checked: boolean;
  disabled?: boolean;
  onChange(checked: boolean): void;
}

/** An on/off setting: a labelled checkbox with the switch role and an optional explanation. */
export function Switch({ id, label, hint, checked, disabled, onChange }: SwitchProps) {
  return (
    <div class="setting">
      <div class="switch-row">
        <input
          id={id}
          type="checkbox"
          role="switch"
          class="switch-input"
          checked={checked}
          disabled={disabled}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
        />
        <label for={id} class="setting-label">
          {label}
        </label>
      </div>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
