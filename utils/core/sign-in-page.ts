/**
 * Whether a page is plainly a sign-in page: it shows a sign-in form, that is a form with exactly one
 * password field that is not for a new password (`autocomplete="new-password"` marks sign-up and
 * change-password forms) and few other visible fields (a user name or e-mail, perhaps "remember me").
 * A form with several password fields (change password) or many fields (sign-up, profile) is not one.
 */
import { extractForms, type ExtractedForm } from './html-forms';

const INVISIBLE = new Set(['hidden', 'submit', 'button', 'image', 'reset', 'checkbox', 'radio', 'password']);
/** Besides the password: a user name, an e-mail, a domain or a code field at most. */
const MAX_OTHER_VISIBLE_FIELDS = 3;

/** True for a form that asks a person to sign in. */
export function isSignInForm(form: ExtractedForm): boolean {
  const passwords = form.fields.filter((f) => f.tag === 'input' && f.type === 'password' && !f.disabled);
  if (passwords.length !== 1 || passwords[0].autocomplete?.split(/\s+/).includes('new-password')) return false;
  const visible = form.fields.filter((f) => !f.disabled && !INVISIBLE.has(f.type));
  return visible.length <= MAX_OTHER_VISIBLE_FIELDS;
}

/** The sign-in form `html` (served at `url`) shows, if it shows one. */
export function signInFormOf(html: string, url: string): ExtractedForm | undefined {
  return extractForms(html, url).forms.find(isSignInForm);
}
