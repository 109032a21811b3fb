/**
 * Stale CSRF tokens and expired sessions, decided from plain data.
 *
 * Many frameworks put a one-time or time-limited token in a hidden input (Rails authenticity_token,
 * Django csrfmiddlewaretoken, Laravel _token, csrf-sync/csurf _csrf, WordPress nonces) and refuse a
 * stale one with 403, 419 or 400. The replay then re-reads the form's page, finds the same form, and
 * takes the fresh values of its hidden inputs (planTokenRefresh), then retries once.
 * A redirect to a sign-in page, a 401 or a 419 means the session is gone (looksSignedOut).
 */
import { extractForms, type ExtractedForm } from './html-forms';
import type { FormEntry, SubmissionRequest } from './types';

/** Statuses with which frameworks refuse a stale or missing CSRF token. */
export const TOKEN_REFUSAL_STATUSES: readonly number[] = [400, 403, 419];

/**
 * Names of fields that scripts commonly add to a form from <meta name="csrf-token"> (Rails UJS,
 * Laravel's Axios setup, django's docs): used when the page's form HTML lacks the field.
 */
export const META_TOKEN_FIELDS: readonly string[] = [
  'authenticity_token',
  '_token',
  'csrf_token',
  '_csrf',
  'csrfmiddlewaretoken',
  '_csrf_token',
];

/** Fields a form has as hidden inputs whose value the browser replaces (never refreshed from HTML). */
const SPECIAL_HIDDEN = new Set(['_charset_']);

const SIGN_IN_PATH =
  /(^|[/_-])(log-?in|sign-?in|sign_in|signon|session|sessions|auth|authenticate|sso|saml|oauth2?|openid)(\/|$|\.|\?|;)/i;

/** True when a URL's path looks like a sign-in page (login, signin, sign_in, session(s), auth, sso...). */
export function looksLikeSignInUrl(url: string): boolean {
  try {
    const { pathname } = new URL(url);
    return SIGN_IN_PATH.test(decodeURIComponent(pathname));
  } catch {
    return false;
  }
}

/**
 * True when an answer says the user is no longer signed in: 401, 419 (Laravel's "page expired":
 * the session that held the token is gone), or a redirect that ended on a sign-in page (unless the
 * request itself went to a sign-in page).
 */
export function looksSignedOut(
  answer: { status: number; finalUrl: string; redirected: boolean },
  requestUrl: string,
): boolean {
  if (answer.status === 401 || answer.status === 419) return true;
  return answer.redirected && looksLikeSignInUrl(answer.finalUrl) && !looksLikeSignInUrl(requestUrl);
}

/**
 * True when an answer may be a refusal of a stale CSRF token, worth one retry with fresh hidden
 * values: 400, 403 or 419, not ending on a sign-in page, for a request that has text fields.
 */
export function mayBeStaleToken(
  answer: { status: number; finalUrl: string; redirected: boolean },
  request: SubmissionRequest,
): boolean {
  if (!TOKEN_REFUSAL_STATUSES.includes(answer.status)) return false;
  if (answer.redirected && looksLikeSignInUrl(answer.finalUrl) && !looksLikeSignInUrl(request.url)) return false;
  return request.entries.some((e) => !('file' in e));
}

export type TokenRefreshPlan =
  /** New values for some hidden fields: send `entries` instead. */
  | { kind: 'refreshed'; entries: FormEntry[]; fields: string[] }
  /** The form is there but its hidden values are the ones already sent. */
  | { kind: 'unchanged' }
  /** The form has no hidden (token) fields the item carries. */
  | { kind: 'no-token' }
  /** No form on the page matches the item. */
  | { kind: 'no-form' };

function comparableUrl(url: string, method: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    if (method === 'GET') parsed.search = '';
    return parsed.href;
  } catch {
    return url;
  }
}

/**
 * The page's form that the item was submitted from: one whose action (or a submit button's
 * formaction) is the item's URL and which shares the most field names with it. When no action
 * matches (the page now builds its action differently), a form whose every hidden field name is
 * in the item. Undefined when none fits.
 */
export function findSourceForm(forms: readonly ExtractedForm[], request: SubmissionRequest): ExtractedForm | undefined {
  const target = comparableUrl(request.url, request.method);
  const names = new Set(request.entries.map((e) => e.name));
  const overlap = (form: ExtractedForm) =>
    new Set(form.fields.filter((f) => names.has(f.name)).map((f) => f.name)).size;
  const byAction = forms.filter(
    (form) =>
      comparableUrl(form.action, request.method) === target ||
      form.fields.some((f) => f.formAction && comparableUrl(f.formAction, request.method) === target),
  );
  const best = (candidates: readonly ExtractedForm[]) =>
    candidates.reduce<ExtractedForm | undefined>(
      (chosen, form) => (overlap(form) > (chosen ? overlap(chosen) : 0) ? form : chosen),
      undefined,
    );
  const matched = best(byAction);
  if (matched) return matched;
  return best(
    forms.filter((form) => {
      const hidden = form.fields.filter((f) => f.type === 'hidden' && !SPECIAL_HIDDEN.has(f.name));
      return hidden.length > 0 && hidden.every((f) => names.has(f.name));
    }),
  );
}

/**
 * Takes fresh hidden values from `html` (the form's page as fetched now, served at `pageUrl`) into
 * the item's entries. Only text entries whose name is a hidden input of the matched form change,
 * and only when the form has as many hidden inputs of that name as the item has entries (position
 * by position). An entry that the page's HTML lacks but that is named like a script-added token
 * (the page's <meta name="csrf-param">, or a usual token name) takes <meta name="csrf-token">.
 * Files and every other entry stay as they are.
 */
export function planTokenRefresh(request: SubmissionRequest, html: string, pageUrl: string): TokenRefreshPlan {
  const page = extractForms(html, pageUrl);
  const form = findSourceForm(page.forms, request);
  if (!form) return { kind: 'no-form' };
  const fresh = new Map<string, string[]>();
  for (const field of form.fields) {
    if (field.type !== 'hidden' || field.disabled || SPECIAL_HIDDEN.has(field.name)) continue;
    fresh.set(field.name, [...(fresh.get(field.name) ?? []), field.value]);
  }
  const metaToken = page.meta['csrf-token'];
  if (metaToken !== undefined) {
    const formNames = new Set(form.fields.map((f) => f.name));
    const param = page.meta['csrf-param'];
    const candidates = param ? [param] : META_TOKEN_FIELDS;
    for (const name of candidates) {
      if (!formNames.has(name) && request.entries.some((e) => e.name === name && !('file' in e)))
        fresh.set(name, [metaToken]);
    }
  }
  const carried = [...fresh.keys()].filter((name) => request.entries.some((e) => e.name === name));
  if (!carried.length) return { kind: 'no-token' };
  const seen = new Map<string, number>();
  const changed = new Set<string>();
  const entries = request.entries.map((entry): FormEntry => {
    const values = fresh.get(entry.name);
    const index = seen.get(entry.name) ?? 0;
    seen.set(entry.name, index + 1);
    if (!values || 'file' in entry) return entry;
    const count = request.entries.filter((e) => e.name === entry.name).length;
    if (count !== values.length || values[index] === entry.value) return entry;
    changed.add(entry.name);
    return { name: entry.name, value: values[index] };
  });
  return changed.size ? { kind: 'refreshed', entries, fields: [...changed] } : { kind: 'unchanged' };
}
