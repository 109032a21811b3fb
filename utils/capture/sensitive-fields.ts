/**
 * Forms that carry secrets are never saved: passwords, payment cards and one-time codes. A field
 * counts when it is submitted (it has a name and is not disabled) and is a password input, or its
 * autocomplete says cc-*, one-time-code, current-password or new-password, or its name is a card
 * security code (cvv/cvc/csc). The browser's own behaviour goes on for such forms.
 */

const SENSITIVE_AUTOCOMPLETE = /^(cc-|one-time-code$|current-password$|new-password$)/;
const CARD_CODE_NAME = /(^|[^a-z])(cvv2?|cvc2?|csc|card-?number|cc-?number)([^a-z]|$)/i;

const elementsOf = Object.getOwnPropertyDescriptor(HTMLFormElement.prototype, 'elements')!.get!;
const getAttribute = Element.prototype.getAttribute;

/** A short description of `control` when it is a sensitive field (whatever its name), or undefined. */
export function describeSensitive(control: Element): string | undefined {
  const name = getAttribute.call(control, 'name') ?? '';
  const type = (getAttribute.call(control, 'type') ?? '').toLowerCase();
  const tokens = (getAttribute.call(control, 'autocomplete') ?? '').toLowerCase().split(/\s+/);
  if (control instanceof HTMLInputElement && type === 'password') return `a password field (${name})`;
  if (tokens.some((t) => SENSITIVE_AUTOCOMPLETE.test(t))) return `a ${tokens.find((t) => SENSITIVE_AUTOCOMPLETE.test(t))} field (${name})`;
  if (CARD_CODE_NAME.test(name)) return `a payment card field (${name})`;
  return undefined;
}

/** A short description of the first sensitive field that `form` would submit, or undefined. */
export function findSensitiveField(form: HTMLFormElement, submittedNames: ReadonlySet<string>): string | undefined {
  for (const control of Array.from(elementsOf.call(form) as HTMLFormControlsCollection)) {
    const name = getAttribute.call(control, 'name') ?? '';
    if (!name || !submittedNames.has(name)) continue;
    const sensitive = describeSensitive(control);
    if (sensitive) return sensitive;
  }
  return undefined;
}
