/**
 * Turns a form and its submitter into what the browser's form submission algorithm would send:
 * method, action and enctype with the submitter's overrides, the entry list from
 * `new FormData(form, submitter)`, and the character encoding check. DOM only, no extension APIs.
 */
import { failure, type Failure } from '../core/failure';
import { buildGetUrl } from '../core/form-encoding';
import type { Enctype, FieldLabel, HttpMethod } from '../core/types';
import { isChromium } from './browser-engine';
import { fieldLabelsOf } from './field-labels';

export type CapturedEntry = { name: string; value: string } | { name: string; file: File };

export interface ResolvedSubmission {
  method: HttpMethod;
  /** Absolute URL; for GET the query already holds the entries. */
  url: string;
  enctype: Enctype;
  /** Set when the engine serializes the body differently from `enctype` (see SubmissionRequest). */
  bodyFormat?: Enctype;
  entries: CapturedEntry[];
  /** The browsing context the response would load in (`_self`, `_blank`, a name). */
  target: string;
  /** The labels the person saw for the fields (field-labels.ts), where the page had any. */
  fieldLabels?: FieldLabel[];
}

export type Resolution =
  | { ok: true; submission: ResolvedSubmission }
  /** Not ours to capture: the browser handles it as usual (a dialog form, a mailto: or javascript: action). */
  | { ok: false; native: true }
  /** Cannot be captured faithfully: the user is told why, and the page is kept. */
  | { ok: false; native: false; reason: Failure };

// Through the prototype: a form's named controls shadow its own properties (an input named
// "action" or "getAttribute" would otherwise be read instead of the attribute).
const getAttribute = Element.prototype.getAttribute;

function attr(el: Element | null, name: string): string | null {
  return el ? getAttribute.call(el, name) : null;
}

/**
 * The form's character encoding: the first accept-charset label that names a known encoding, else the
 * document's. UTF-16 variants mean UTF-8, as the HTML standard says.
 */
export function formEncoding(form: HTMLFormElement): string {
  for (const label of (attr(form, 'accept-charset') ?? '').split(/[\t\n\f\r ]+/)) {
    if (!label) continue;
    try {
      const encoding = new TextDecoder(label).encoding;
      return encoding.startsWith('utf-16') ? 'utf-8' : encoding;
    } catch {
      // Unknown label: the standard skips it.
    }
  }
  const charset = (document.characterSet || 'UTF-8').toLowerCase();
  return charset.startsWith('utf-16') ? 'utf-8' : charset;
}

/** Resolves a submission of `form` by `submitter` (null for implicit submission without a button). */
export function resolveSubmission(form: HTMLFormElement, submitter: HTMLElement | null): Resolution {
  const methodAttr = attr(submitter, 'formmethod') ?? attr(form, 'method') ?? 'get';
  const method = methodAttr.trim().toLowerCase();
  if (method === 'dialog') return { ok: false, native: true }; // it sends nothing
  const httpMethod: HttpMethod = method === 'post' ? 'POST' : 'GET';

  // An empty or missing action means the document's URL; relative ones resolve against the base URL.
  const action = (attr(submitter, 'formaction') ?? attr(form, 'action') ?? '').trim();
  let actionUrl: URL;
  try {
    actionUrl = action ? new URL(action, document.baseURI) : new URL(document.URL);
  } catch {
    return { ok: false, native: false, reason: failure('badAction', [action]) };
  }
  if (actionUrl.protocol !== 'http:' && actionUrl.protocol !== 'https:') {
    return { ok: false, native: true }; // only web (http/https) forms are saved
  }

  const enctypeAttr = (attr(submitter, 'formenctype') ?? attr(form, 'enctype') ?? '').trim().toLowerCase();
  const enctype: Enctype =
    enctypeAttr === 'multipart/form-data' || enctypeAttr === 'text/plain'
      ? enctypeAttr
      : 'application/x-www-form-urlencoded';

  const encoding = formEncoding(form);
  if (encoding !== 'utf-8') {
    return {
      ok: false,
      native: false,
      reason: failure('foreignEncoding', [encoding]),
    };
  }

  const data = submitter ? new FormData(form, submitter) : new FormData(form);
  const entries: CapturedEntry[] = [];
  for (const [name, value] of data) {
    entries.push(typeof value === 'string' ? { name, value } : { name, file: value });
  }
  const target = attr(submitter, 'formtarget') ?? attr(form, 'target') ?? '';

  const url = httpMethod === 'GET' ? buildGetUrl(actionUrl.href, entries.map(toTextEntry)) : actionUrl.href;
  const formIsGet = (attr(form, 'method') ?? '').trim().toLowerCase() !== 'post';
  const bodyFormat =
    isChromium() &&
    httpMethod === 'POST' &&
    formIsGet &&
    enctype === 'text/plain' &&
    attr(submitter, 'formenctype') !== null
      ? ('application/x-www-form-urlencoded' as const)
      : undefined;
  const fieldLabels = fieldLabelsOf(
    form,
    entries.map((e) => e.name),
  );
  return {
    ok: true,
    submission: {
      method: httpMethod,
      url,
      enctype,
      bodyFormat,
      entries,
      target,
      ...(fieldLabels.length ? { fieldLabels } : {}),
    },
  };
}

/** GET sends a file's name in place of its bytes. */
function toTextEntry(entry: CapturedEntry): { name: string; value: string } {
  return 'file' in entry ? { name: entry.name, value: entry.file.name } : entry;
}
