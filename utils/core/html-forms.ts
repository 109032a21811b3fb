/**
 * A small, forgiving HTML reader for one job: find a page's forms, their controls (name, type, value)
 * and its <meta name=... content=...> tags, so that a replay can take fresh hidden token values from
 * a re-fetched page. It runs in the service worker, which has no DOMParser.
 *
 * What it follows from the HTML standard: comments, doctypes and processing instructions are skipped;
 * the contents of raw-text elements (script, style, textarea, title...) and <template> are not parsed
 * as markup; attribute names are case-insensitive and the first of duplicates wins; quoted and unquoted
 * attribute values; character references in values; a <form> inside an open form is ignored (as the
 * parser does); controls with a form="id" attribute belong to that form wherever they are; <base href>
 * sets the URL that actions resolve against; an empty or missing action is the document's URL.
 * What it does not do: run scripts (fields a script would add are not seen) or build a full tree.
 */

export interface ExtractedField {
  /** Lower-case tag name: input, button, select, textarea. */
  tag: string;
  /** The name attribute; empty for an unnamed password input (kept to recognise sign-in forms). */
  name: string;
  /** Lower-case type (input default "text", button default "submit"); the tag name for select/textarea. */
  type: string;
  /** The value attribute as written (decoded); empty when absent. */
  value: string;
  disabled: boolean;
  /** For submit buttons with a formaction: the absolute URL. */
  formAction?: string;
  /** The autocomplete attribute as written (lower-cased), when present. */
  autocomplete?: string;
}

export interface ExtractedForm {
  id?: string;
  name?: string;
  /** Absolute URL the form posts to (its action resolved against the base URL). */
  action: string;
  /** Upper-case method: GET, POST (or DIALOG). */
  method: string;
  fields: ExtractedField[];
}

export interface ExtractedPage {
  forms: ExtractedForm[];
  /** <meta name> (lower-cased) -> content, first occurrence. */
  meta: Record<string, string>;
}

export const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
  'template',
]);
const CONTROLS = new Set(['input', 'button', 'select', 'textarea']);
const NAMED_REFERENCES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  AMP: '&',
  LT: '<',
  GT: '>',
  QUOT: '"',
};

/** Decodes character references (&amp; &#39; &#x2F; and the common named ones). Unknown ones stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);?/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return Object.hasOwn(NAMED_REFERENCES, ref) ? NAMED_REFERENCES[ref] : whole;
  });
}

export interface Tag {
  name: string;
  end: boolean;
  attrs: Map<string, string>;
}

const SPACE = /[\t\n\f\r ]/;

/** Reads the tag that starts at `html[start] === '<'`; returns it and the index after its '>'. */
export function readTag(html: string, start: number): { tag?: Tag; next: number } {
  let i = start + 1;
  const end = html[i] === '/';
  if (end) i++;
  if (!/[a-zA-Z]/.test(html[i] ?? '')) return { next: start + 1 }; // "<" as text
  let name = '';
  while (i < html.length && !SPACE.test(html[i]) && html[i] !== '/' && html[i] !== '>') name += html[i++];
  const attrs = new Map<string, string>();
  while (i < html.length) {
    while (i < html.length && (SPACE.test(html[i]) || html[i] === '/')) i++;
    if (i >= html.length) break;
    if (html[i] === '>') {
      i++;
      break;
    }
    let attr = html[i++];
    while (i < html.length && !SPACE.test(html[i]) && html[i] !== '/' && html[i] !== '>' && html[i] !== '=')
      attr += html[i++];
    while (i < html.length && SPACE.test(html[i])) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < html.length && SPACE.test(html[i])) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const stop = close < 0 ? html.length : close;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        while (i < html.length && !SPACE.test(html[i]) && html[i] !== '>') value += html[i++];
      }
    }
    const key = attr.toLowerCase();
    if (!attrs.has(key)) attrs.set(key, decodeEntities(value));
  }
  return { tag: { name: name.toLowerCase(), end, attrs }, next: i };
}

function resolve(url: string, base: string): string {
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return base;
  }
}

/** An <input type=password>: kept even without a name, as it tells a sign-in form. */
function isPasswordInput(tag: Tag): boolean {
  return tag.name === 'input' && (tag.attrs.get('type') ?? '').trim().toLowerCase() === 'password';
}

/** Every form of `html` (a document served at `documentUrl`), with its controls, and the page's meta tags. */
export function extractForms(html: string, documentUrl: string): ExtractedPage {
  const forms: Array<ExtractedForm & { rawAction?: string; rawFormActions: Array<[ExtractedField, string]> }> = [];
  const meta: Record<string, string> = {};
  const detached: Array<{ formId: string; field: ExtractedField; rawFormAction?: string }> = [];
  let base: string | undefined;
  let open: (typeof forms)[number] | undefined;
  const lower = html.toLowerCase();
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close < 0 ? html.length : close + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const close = html.indexOf('>', lt);
      i = close < 0 ? html.length : close + 1;
      continue;
    }
    const { tag, next } = readTag(html, lt);
    i = next;
    if (!tag) continue;
    if (tag.end) {
      if (tag.name === 'form') open = undefined;
      continue;
    }
    if (RAW_TEXT.has(tag.name)) {
      // Its content is text (or inert, for <template>): skip to the matching end tag.
      const close = lower.indexOf(`</${tag.name}`, i);
      if (tag.name === 'textarea' && tag.attrs.has('name')) {
        // Its text is its value (a leading newline is dropped, as the parser does).
        const text = decodeEntities(html.slice(i, close < 0 ? html.length : close)).replace(/^\r?\n/, '');
        const field: ExtractedField = {
          tag: 'textarea',
          name: tag.attrs.get('name')!,
          type: 'textarea',
          value: text,
          disabled: tag.attrs.has('disabled'),
        };
        const owner = tag.attrs.get('form');
        if (owner !== undefined) detached.push({ formId: owner, field });
        else open?.fields.push(field);
      }
      i = close < 0 ? html.length : close;
      continue;
    }
    if (tag.name === 'base' && base === undefined && tag.attrs.has('href')) {
      base = resolve(tag.attrs.get('href')!, documentUrl);
    } else if (tag.name === 'meta' && tag.attrs.has('name') && tag.attrs.has('content')) {
      const key = tag.attrs.get('name')!.toLowerCase();
      if (!(key in meta)) meta[key] = tag.attrs.get('content')!;
    } else if (tag.name === 'form') {
      if (open) continue; // the parser ignores a form start tag inside a form
      open = {
        id: tag.attrs.get('id'),
        name: tag.attrs.get('name'),
        rawAction: tag.attrs.get('action'),
        action: '',
        method:
          (tag.attrs.get('method') ?? 'get').trim().toUpperCase() === 'POST'
            ? 'POST'
            : (tag.attrs.get('method') ?? '').trim().toUpperCase() === 'DIALOG'
              ? 'DIALOG'
              : 'GET',
        fields: [],
        rawFormActions: [],
      };
      forms.push(open);
    } else if (CONTROLS.has(tag.name) && (tag.attrs.has('name') || isPasswordInput(tag))) {
      const type =
        tag.name === 'input'
          ? (tag.attrs.get('type') ?? 'text').trim().toLowerCase()
          : tag.name === 'button'
            ? (tag.attrs.get('type') ?? 'submit').trim().toLowerCase()
            : tag.name;
      const field: ExtractedField = {
        tag: tag.name,
        name: tag.attrs.get('name') ?? '',
        type,
        value: tag.attrs.get('value') ?? '',
        disabled: tag.attrs.has('disabled'),
      };
      const autocomplete = tag.attrs.get('autocomplete');
      if (autocomplete !== undefined) field.autocomplete = autocomplete.trim().toLowerCase();
      const rawFormAction = tag.attrs.get('formaction');
      const owner = tag.attrs.get('form');
      if (owner !== undefined) detached.push({ formId: owner, field, rawFormAction });
      else if (open) {
        open.fields.push(field);
        if (rawFormAction !== undefined) open.rawFormActions.push([field, rawFormAction]);
      }
    }
  }
  for (const { formId, field, rawFormAction } of detached) {
    const owner = forms.find((f) => f.id === formId);
    if (!owner) continue;
    owner.fields.push(field);
    if (rawFormAction !== undefined) owner.rawFormActions.push([field, rawFormAction]);
  }
  const baseUrl = base ?? documentUrl;
  return {
    meta,
    forms: forms.map(({ rawAction, rawFormActions, ...form }) => {
      for (const [field, raw] of rawFormActions) if (raw.trim()) field.formAction = resolve(raw, baseUrl);
      return { ...form, action: rawAction && rawAction.trim() ? resolve(rawAction, baseUrl) : documentUrl };
    }),
  };
}
