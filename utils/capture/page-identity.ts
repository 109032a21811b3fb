/**
 * What a page shows about who is signed in, read from its DOM: whether it is a sign-in page, and the
 * account name it shows (when the site makes one visible). Used to resume submissions refused
 * because the session had ended: a page of the site that is not a sign-in page means the person is
 * signed in again, and a name other than the one shown at capture means another account (a shared
 * computer), which must not get the submission without asking.
 *
 * `findAccountName` is self-contained (no imports, no closures) so that the background can also run it
 * in a page with scripting.executeScript({ func }).
 */
import { isSignInForm } from '../core/sign-in-page';
import type { ExtractedForm } from '../core/html-forms';

/** The account name a page shows, or undefined: site markers first, then "Signed in as …" text. */
export function findAccountName(): string | undefined {
  const clean = (text: string | null | undefined) => {
    const value = (text ?? '').replace(/\s+/g, ' ').trim();
    return value && value.length <= 80 ? value : undefined;
  };
  const metas = ['user-login', 'username', 'user', 'current-user', 'octolytics-actor-login'];
  for (const name of metas) {
    const found = clean(document.querySelector(`meta[name="${name}"]`)?.getAttribute('content'));
    if (found) return found;
  }
  for (const attribute of ['data-username', 'data-user-name', 'data-login', 'data-user']) {
    const element = document.querySelector(`[${attribute}]`);
    const found = clean(element?.getAttribute(attribute)) ?? clean(element?.textContent);
    if (found && !/^\d+$/.test(found)) return found;
  }
  const selectors = [
    '.username',
    '.user-name',
    '.user_name',
    '.current-user',
    '.account-name',
    '.logged-in-as',
    '#username',
    '#user-name',
    '.user',
    '#user',
  ];
  for (const selector of selectors) {
    for (const element of Array.from(document.querySelectorAll(selector))) {
      if (element.closest('form')) continue; // a field's label, not the signed-in person
      const found = clean(element.textContent);
      if (found) return found;
    }
  }
  const said = /\b(?:signed|logged)\s+in\s+as[:\s]+([^\s,;|()]+)/i.exec(document.body?.innerText ?? '');
  return clean(said?.[1]);
}

/** A DOM form as the pure HTML reader describes forms (enough to tell a sign-in form). */
function described(form: HTMLFormElement): ExtractedForm {
  const fields = Array.from(form.elements)
    .filter(
      (element): element is HTMLInputElement =>
        'type' in element && element.localName !== 'fieldset' && element.localName !== 'output',
    )
    .map((element) => ({
      tag: element.localName,
      name: element.getAttribute('name') ?? '',
      type: element.type.toLowerCase(),
      value: '',
      disabled: element.disabled,
      ...(element.getAttribute('autocomplete')
        ? { autocomplete: element.getAttribute('autocomplete')!.toLowerCase() }
        : {}),
    }));
  return { action: form.action, method: form.method.toUpperCase(), fields };
}

/** True when the page shows a sign-in form (core/sign-in-page.ts rules). */
export function showsSignInForm(): boolean {
  return Array.from(document.forms).some((form) => isSignInForm(described(form)));
}
