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

/** What kind of secret a field holds (the words are the catalogue's: sensitivePassword...), with its name. */
export interface SensitiveField {
  kind: 'password' | 'card' | 'code';
  name: string;
}

/** The kind of secret `control` holds when it is a sensitive field (whatever its name), or undefined. */
export function describeSensitive(control: Element): SensitiveField | undefined {
  const name = getAttribute.call(control, 'name') ?? '';
  const type = (getAttribute.call(control, 'type') ?? '').toLowerCase();
  const token = (getAttribute.call(control, 'autocomplete') ?? '')
    .toLowerCase()
    .split(/\s+/)
    .find((t) => SENSITIVE_AUTOCOMPLETE.test(t));
  if ((control instanceof HTMLInputElement && type === 'password') || token?.endsWith('-password'))
    return { kind: 'password', name };
  if (token === 'one-time-code') return { kind: 'code', name };
  if (token || CARD_CODE_NAME.test(name)) return { kind: 'card', name };
  return undefined;
}

/** The first sensitive field that `form` would submit, or undefined. */
export function findSensitiveField(
  form: HTMLFormElement,
  submittedNames: ReadonlySet<string>,
): SensitiveField | undefined {
  for (const control of Array.from(elementsOf.call(form) as HTMLFormControlsCollection)) {
    const name = getAttribute.call(control, 'name') ?? '';
    if (!name || !submittedNames.has(name)) continue;
    const sensitive = describeSensitive(control);
    if (sensitive) return sensitive;
  }
  return undefined;
}
