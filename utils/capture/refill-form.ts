/**
 * Fills a page's form again from a queued submission, so that a person can check it and submit it
 * by hand. The form is the one whose action matches the submission's URL and that has the most of
 * its field names (any form with matching names will do when the action differs). Text, textarea,
 * select, checkbox and radio values are restored; files come back through DataTransfer. Hidden
 * fields and buttons are left as the page made them (a fresh CSRF token beats a stale one).
 * Input and change events are dispatched so that the page's scripts notice.
 */
import { decodeBase64 } from '../core/base64';

export type RefillInput =
  | { name: string; value: string }
  | { name: string; file: { name: string; type: string; lastModified: number; base64: string } };

export interface RefillResult {
  found: boolean;
  /** How many controls got a value. */
  filled: number;
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin + parsed.pathname;
  } catch {
    return url;
  }
}

function controlsOf(form: HTMLFormElement): Control[] {
  return Array.from(form.elements).filter(
    (el): el is Control =>
      el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement,
  );
}

/** Picks the form that best matches the submission, or undefined. */
export function findForm(doc: Document, action: string, names: ReadonlySet<string>): HTMLFormElement | undefined {
  let best: { form: HTMLFormElement; score: number } | undefined;
  for (const form of Array.from(doc.forms)) {
    const matching = controlsOf(form).filter((c) => c.name && names.has(c.name)).length;
    const actionMatches = withoutQuery(form.action) === withoutQuery(action);
    // Buttons can override the action (formaction): a name match alone is enough then.
    const score = matching + (actionMatches ? 1000 : 0);
    if (matching > 0 && (!best || score > best.score)) best = { form, score };
  }
  return best?.form;
}

function fire(control: Control) {
  control.dispatchEvent(new Event('input', { bubbles: true }));
  control.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Fills the matching form in `doc` from `entries`. */
/** What a page is refilled with: the submission's action and entries (files as base64). */
export interface RefillData {
  action: string;
  entries: RefillInput[];
}

export function refillForm(doc: Document, data: RefillData): RefillResult {
  const values = new Map<string, string[]>();
  const files = new Map<string, File[]>();
  for (const entry of data.entries) {
    if ('file' in entry) {
      if (!entry.file.name) continue; // an empty file input
      const file = new File([decodeBase64(entry.file.base64)], entry.file.name, {
        type: entry.file.type,
        lastModified: entry.file.lastModified,
      });
      files.set(entry.name, [...(files.get(entry.name) ?? []), file]);
    } else {
      values.set(entry.name, [...(values.get(entry.name) ?? []), entry.value]);
    }
  }
  const form = findForm(doc, data.action, new Set([...values.keys(), ...files.keys()]));
  if (!form) return { found: false, filled: 0 };

  let filled = 0;
  const used = new Map<string, number>();
  for (const control of controlsOf(form)) {
    const name = control.name;
    if (!name || control.disabled) continue;
    if (control instanceof HTMLInputElement) {
      const type = control.type;
      if (type === 'hidden' || type === 'submit' || type === 'button' || type === 'image' || type === 'reset') continue;
      if (type === 'file') {
        const list = files.get(name);
        if (!list?.length) continue;
        const transfer = new DataTransfer();
        for (const file of control.multiple ? list : list.slice(0, 1)) transfer.items.add(file);
        files.set(name, control.multiple ? [] : list.slice(1));
        control.files = transfer.files;
        fire(control);
        filled++;
        continue;
      }
      const list = values.get(name);
      if (!list) continue;
      if (type === 'checkbox' || type === 'radio') {
        const checked = list.includes(control.value);
        if (control.checked !== checked) {
          control.checked = checked;
          fire(control);
        }
        if (checked) filled++;
        continue;
      }
    }
    const list = values.get(name);
    if (!list) continue;
    if (control instanceof HTMLSelectElement) {
      for (const option of Array.from(control.options)) option.selected = list.includes(option.value);
      fire(control);
      filled++;
      continue;
    }
    // Several text controls with one name take the values in order.
    const index = used.get(name) ?? 0;
    if (index >= list.length) continue;
    used.set(name, index + 1);
    control.value = list[index];
    fire(control);
    filled++;
  }
  return { found: true, filled };
}
