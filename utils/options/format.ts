/**
 * Words for the settings page: durations ("Don't keep", "1 day", "3 days"), the choices a duration
 * menu offers, and byte counts. Pure apart from the locale catalogue behind `t`.
 */
import { t, tn } from '../i18n';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A duration in plain words, in the largest unit that divides it exactly ("36 hours", not "1.5
 * days"); `zero` names 0 ms (e.g. "Don't keep"). Values that are not whole seconds are rounded.
 */
export function durationLabel(ms: number, zero = tn('optionsSeconds', 0)): string {
  if (ms <= 0) return zero;
  const units = [
    [DAY, 'optionsDays'],
    [HOUR, 'optionsHours'],
    [MINUTE, 'optionsMinutes'],
  ] as const;
  for (const [size, base] of units) {
    if (ms % size === 0) return tn(base, ms / size);
  }
  return tn('optionsSeconds', Math.max(1, Math.round(ms / SECOND)));
}

export interface DurationChoice {
  value: number;
  label: string;
}

/**
 * The entries of a duration menu: the standard `choices`, plus `current` when it is not one of them
 * (a value stored by an older version or by hand is shown as it is, not silently replaced), in
 * increasing order. The default is marked.
 */
export function durationChoices(
  choices: readonly number[],
  current: number,
  defaultValue: number,
  zero?: string,
): DurationChoice[] {
  const values = [...new Set([...choices, current])].sort((a, b) => a - b);
  return values.map((value) => {
    const label = durationLabel(value, zero);
    return { value, label: value === defaultValue ? t('optionsDefaultChoice', label) : label };
  });
}
