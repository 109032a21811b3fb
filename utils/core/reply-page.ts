/**
 * What a server's answer page says about a replayed form, read from its HTML (the service worker has
 * no DOMParser; see html-forms.ts for the reader's limits).
 *
 * The same form shown again is how most web frameworks refuse a form: Django and Rails re-render it
 * with field errors (200 or 422), PHP apps show it again after "security token did not match", an app
 * answers a record that already exists with its form and an error. So a reply "shows the form again"
 * when it holds a form for the item's address with the item's field names AND either marks errors
 * (error classes, role=alert, aria-invalid fields) or has the item's values filled back in without a
 * success mark. A success page that offers the same form empty ("add another") or shows the saved
 * values with a success message ("Settings saved") does not. Only POST replies are read this way: a
 * GET's answer (search results) naturally shows its form filled in.
 */
import { decodeEntities, extractForms, RAW_TEXT, readTag, type ExtractedForm } from './html-forms';
import { signInFormOf } from './sign-in-page';
import { findSourceForm } from './token-refresh';
import type { SubmissionRequest } from './types';

/** What the reply shows. */
export interface ReplyReading {
  /** The item's form shown again (not accepted). */
  formAgain?: {
    /** Hidden fields the item carries whose value in the reply's form differs (a token, perhaps). */
    tokenFields: string[];
    /**
     * The refusal is about a stale token: hidden values differ and the site's words speak of a token,
     * a session or an expiry, or say nothing. Field errors (Django renders a new masked token with
     * every form) are not: resending them would only be refused again.
     */
    staleToken: boolean;
    /** The site's own error text, where it can be found (at most MAX_MESSAGE_CHARS). */
    siteMessage?: string;
    /** The error says the record exists already (a unique field, a duplicate). */
    conflict: boolean;
  };
  /** The reply is a sign-in form (and not the item's own form): the session ended. */
  signIn: boolean;
}

export const MAX_MESSAGE_CHARS = 500;

/** Class names that frameworks and CSS kits give to error messages and invalid fields. */
const ERROR_CLASS =
  /(^|[\s_-])(errors?|errorlist|error-?message|errornote|invalid(-feedback)?|is-invalid|has-error|alert-danger|alert-error|field-error|form-error|validation-(error|summary-errors)|warning-message|flash-error|notice-error|msg\s+error)($|[\s_-])/i;
/** Class names of success messages ("Saved", "Settings updated"): a form shown with one was accepted. */
const SUCCESS_CLASS =
  /(^|[\s_-])(success|alert-success|saved|updated|notice-success|flash-success|message-success|msg\s+success)($|[\s_-])/i;
/** Words that say a record exists already (a unique constraint, a duplicate). */
const CONFLICT_WORDS =
  /\b(already\s+(exists?|taken|registered|in\s+use|been\s+taken|used)|duplicate|must\s+be\s+unique|not\s+unique|is\s+taken|existiert\s+bereits|bereits\s+vergeben|ya\s+existe|existe\s+déjà|déjà\s+utilisé)\b/i;
/** Words of a refusal about the form's token or session rather than its fields. */
const TOKEN_WORDS =
  /\b(token|csrf|xsrf|nonce|session|expired?|timed?\s*out|security\s+check|page\s+expired|sicherheits)/i;
const SPECIAL_FIELDS = new Set(['_charset_']);

/** Text of an HTML fragment: tags dropped, script/style skipped, entities decoded, spaces collapsed. */
export function htmlText(fragment: string): string {
  const withoutRaw = fragment.replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  return decodeEntities(withoutRaw.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The text of the elements a page marks as messages about the form: error classes, role=alert, and
 * the descriptions of fields marked aria-invalid (aria-describedby / aria-errormessage). Deduplicated,
 * in document order.
 */
export function errorMessages(html: string): string[] {
  const lower = html.toLowerCase();
  const described = new Set<string>();
  const opened: Array<{ name: string; start: number; depth: number }> = [];
  const ranges: Array<[number, number]> = [];
  let invalidFields = 0;
  // First pass: ids that invalid fields point to.
  for (let i = html.indexOf('<'); i >= 0 && i < html.length; i = html.indexOf('<', i)) {
    const { tag, next } = readTag(html, i);
    i = next;
    if (!tag || tag.end) continue;
    if (tag.attrs.get('aria-invalid') === 'true') {
      invalidFields++;
      // aria-errormessage names the error; aria-describedby may also name hints: only error-like ids count.
      for (const id of (tag.attrs.get('aria-errormessage') ?? '').split(/\s+/)) if (id) described.add(id);
      for (const id of (tag.attrs.get('aria-describedby') ?? '').split(/\s+/))
        if (id && /err|invalid/i.test(id)) described.add(id);
    }
  }
  // Second pass: the marked elements' extents.
  const depths = new Map<string, number>();
  for (let i = html.indexOf('<'); i >= 0 && i < html.length;) {
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      i = close < 0 ? html.length : html.indexOf('<', close + 3);
      continue;
    }
    const { tag, next } = readTag(html, i);
    if (!tag) {
      i = html.indexOf('<', next);
      continue;
    }
    if (!tag.end && RAW_TEXT.has(tag.name) && tag.name !== 'textarea' && tag.name !== 'title') {
      const close = lower.indexOf(`</${tag.name}`, next);
      i = close < 0 ? -1 : close;
      continue;
    }
    const depth = depths.get(tag.name) ?? 0;
    if (tag.end) {
      depths.set(tag.name, Math.max(0, depth - 1));
      const open = opened.findIndex((o) => o.name === tag.name && o.depth === depth - 1);
      if (open >= 0) {
        ranges.push([opened[open].start, i]);
        opened.splice(open, 1);
      }
    } else if (!/^(br|hr|img|input|meta|link|source|wbr|col|area|base|embed|param|track)$/.test(tag.name)) {
      depths.set(tag.name, depth + 1);
      const role = tag.attrs.get('role');
      const marked =
        ERROR_CLASS.test(`${tag.attrs.get('class') ?? ''} ${tag.attrs.get('id') ?? ''}`) ||
        role === 'alert' ||
        role === 'alertdialog' ||
        described.has(tag.attrs.get('id') ?? '\0');
      if (marked && tag.name !== 'input' && tag.name !== 'textarea' && tag.name !== 'select' && tag.name !== 'form')
        opened.push({ name: tag.name, start: next, depth });
    }
    i = html.indexOf('<', next);
  }
  const texts: string[] = [];
  for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
    const text = htmlText(html.slice(start, end));
    if (text && !texts.some((t) => t.includes(text))) {
      for (let k = texts.length - 1; k >= 0; k--) if (text.includes(texts[k])) texts.splice(k, 1);
      texts.push(text);
    }
  }
  if (!texts.length && invalidFields) texts.push('');
  return texts;
}

/** Every class attribute of the page, and role=status markers, as one string (to look for success marks). */
function classesOf(html: string): string {
  const classes = [...html.matchAll(/\sclass\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)].map((m) =>
    m[1].replace(/^["']|["']$/g, ''),
  );
  return classes.join(' ');
}

/** How many of the item's visible text values the form has filled back in. */
function valuesFilledBack(form: ExtractedForm, request: SubmissionRequest): { filled: number; of: number } {
  const hidden = new Set(form.fields.filter((f) => f.type === 'hidden').map((f) => f.name));
  const sent = request.entries.filter(
    (e): e is { name: string; value: string } =>
      !('file' in e) && !hidden.has(e.name) && !SPECIAL_FIELDS.has(e.name) && e.value.trim() !== '',
  );
  const shown = new Map<string, string[]>();
  for (const field of form.fields)
    if (field.type !== 'hidden' && field.type !== 'password')
      shown.set(field.name, [...(shown.get(field.name) ?? []), field.value]);
  const normalize = (v: string) => v.replace(/\r\n?/g, '\n').trim();
  const filled = sent.filter((e) => (shown.get(e.name) ?? []).some((v) => normalize(v) === normalize(e.value))).length;
  return { filled, of: sent.length };
}

/** Hidden fields of `form` that the item carries with another value (fresh tokens). */
function changedHiddenFields(form: ExtractedForm, request: SubmissionRequest): string[] {
  const changed = new Set<string>();
  for (const field of form.fields) {
    if (field.type !== 'hidden' || field.disabled || SPECIAL_FIELDS.has(field.name)) continue;
    const sent = request.entries
      .filter((e) => e.name === field.name && !('file' in e))
      .map((e) => (e as { value: string }).value);
    if (sent.length && !sent.includes(field.value)) changed.add(field.name);
  }
  return [...changed];
}

/**
 * Reads a reply page (`html`, served at `url`) to the replay of `request`. The item's own form is
 * recognised as token-refresh.ts does (its action, else its hidden fields), and only counts as shown
 * again with an error mark or the item's values filled back in (`errorMarkOnly`: with an error mark).
 */
export function readReply(
  html: string,
  url: string,
  request: SubmissionRequest,
  options: { errorMarkOnly?: boolean } = {},
): ReplyReading {
  const page = extractForms(html, url);
  const names = new Set(request.entries.map((e) => e.name));
  const signInForm = signInFormOf(html, url);
  const ownSignIn = !!signInForm?.fields.some((f) => f.type === 'password' && f.name && names.has(f.name));
  const reading: ReplyReading = { signIn: !!signInForm && !ownSignIn };
  const form = findSourceForm(page.forms, request);
  if (!form) return reading;
  const shared = new Set(form.fields.filter((f) => names.has(f.name) && !SPECIAL_FIELDS.has(f.name)).map((f) => f.name))
    .size;
  if (shared === 0) return reading;
  const messages = errorMessages(html);
  const { filled, of } = valuesFilledBack(form, request);
  // Filled back in without an error mark: refused only if nothing on the page says it was saved.
  const refilled = !options.errorMarkOnly && of > 0 && filled * 2 >= of && !SUCCESS_CLASS.test(classesOf(html));
  if (!messages.length && !refilled) return reading;
  const text = messages.filter(Boolean).join(' ').slice(0, MAX_MESSAGE_CHARS);
  const tokenFields = changedHiddenFields(form, request);
  const conflict = CONFLICT_WORDS.test(text);
  return {
    ...reading,
    formAgain: {
      tokenFields,
      staleToken: tokenFields.length > 0 && !conflict && (!text || TOKEN_WORDS.test(text)),
      ...(text ? { siteMessage: text } : {}),
      conflict,
    },
  };
}
