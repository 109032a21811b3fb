/**
 * Reads what a person typed into a form (or into the page's controls and editors outside any form)
 * as draft fields, and fills a form again from a draft. DOM only, no extension APIs; part of the
 * injected drafts code (entrypoints/drafts.ts), not of the content script every page carries.
 *
 * Kept: text-like inputs, textareas, selects, checkboxes, radios and contenteditable editors.
 * Never kept: passwords, payment card fields and one-time codes (the rules of sensitive-fields.ts,
 * plus names that say so, because a "show password" toggle makes a password field type=text),
 * hidden fields (a page's tokens, not typing), files, buttons, disabled and read-only controls.
 *
 * A field's key: its name, else "#" + its id, else "@" + its kind and position; a second field with
 * the same key gets "~2", and so on. Checkboxes and radios are told apart by key and value.
 */
import { namesOf, type DraftField, type FormKey } from '../core/draft-form';
import { describeSensitive } from './sensitive-fields';

/** A group of fields: a <form>, or the document for the page's controls outside any form. */
export type FieldGroup = HTMLFormElement | Document;
type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export interface ReadField {
  field: DraftField;
  element: Control | HTMLElement;
}

const NOT_TYPED = new Set(['hidden', 'submit', 'button', 'image', 'reset', 'file', 'password']);
/** Names, ids and autocomplete tokens that say a field holds a secret, whatever its type. */
const SECRET =
  /(^|[^a-z])(pass(word|wd|phrase|code)?|pwd|pin|otp|totp|one-?time|cvv2?|cvc2?|csc|cc-?(num|number|exp|csc)|card-?(num|number|no|code)|iban|ssn|secret)([^a-z]|$)/i;

const getAttribute = Element.prototype.getAttribute;
const attr = (el: Element, name: string) => getAttribute.call(el, name) ?? '';

function isControl(el: unknown): el is Control {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}

/** True when the element holds a secret (never kept in a draft). */
export function isSecret(el: Element): boolean {
  if (describeSensitive(el)) return true;
  return [attr(el, 'name'), attr(el, 'id'), attr(el, 'autocomplete')].some((text) => SECRET.test(text));
}

/** The root of a contenteditable editor (not a part of a larger one). */
function isEditorRoot(el: Element): el is HTMLElement {
  return el instanceof HTMLElement && el.isContentEditable && !el.parentElement?.isContentEditable;
}

/** Whether a control is one a person types into and a draft keeps. */
function isKept(el: Element): el is Control | HTMLElement {
  if (isControl(el)) {
    if (el.disabled || (el instanceof HTMLSelectElement ? false : el.readOnly)) return false;
    if (el instanceof HTMLInputElement && NOT_TYPED.has(el.type)) return false;
    return !isSecret(el);
  }
  return isEditorRoot(el) && !isSecret(el);
}

/**
 * The group a typed-in node belongs to (its form, or the document), or undefined when it is no
 * control or editor. Runs on every keystroke, so it only finds the group: which fields are kept (no
 * secrets) is decided when the group is read, once a second at most.
 */
export function groupOf(node: EventTarget | null | undefined): FieldGroup | undefined {
  if (isControl(node)) return node.form ?? node.ownerDocument;
  if (!(node instanceof HTMLElement) || !node.isContentEditable) return undefined;
  return (node.closest('form') as HTMLFormElement | null) ?? node.ownerDocument;
}

/** The kept controls and editors of a group, in document order. */
function elementsOf(group: FieldGroup): Array<Control | HTMLElement> {
  const scope: ParentNode = group;
  const candidates = Array.from(scope.querySelectorAll('input, textarea, select, [contenteditable]'));
  if (group instanceof HTMLFormElement) {
    // Controls associated with the form from elsewhere (form="id") belong to it too.
    for (const el of Array.from(group.elements)) if (!group.contains(el)) candidates.push(el);
  }
  return candidates.filter((el): el is Control | HTMLElement => {
    if (!isKept(el)) return false;
    if (isControl(el)) return group instanceof HTMLFormElement ? el.form === group : el.form === null;
    return group instanceof HTMLFormElement ? el.closest('form') === group : el.closest('form') === null;
  });
}

function labelOf(el: Control | HTMLElement): string | undefined {
  const labels = isControl(el) ? el.labels : null;
  const text =
    (labels?.[0]?.textContent ?? attr(el, 'aria-label')) ||
    attr(el, 'placeholder') ||
    attr(el, 'name') ||
    attr(el, 'id');
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean ? clean.slice(0, 80) : undefined;
}

/** The text of an editor, line breaks kept; the no-break spaces editors put in for typed spaces are spaces. */
export function editorText(el: HTMLElement): string {
  return (el.innerText ?? el.textContent ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/\n+$/, '');
}

function selectedOf(select: HTMLSelectElement): string[] {
  return Array.from(select.options)
    .filter((o) => o.selected)
    .map((o) => o.value);
}

/** Reads a group: its key and its fields (with the elements they were read from). */
export function readGroup(group: FieldGroup): { form: FormKey; fields: ReadField[] } {
  const seen = new Map<string, number>();
  const ordinals = new Map<string, number>();
  const fields: ReadField[] = [];
  for (const element of elementsOf(group)) {
    const kind =
      element instanceof HTMLSelectElement
        ? 's'
        : element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')
          ? 'c'
          : isControl(element)
            ? 't'
            : 'e';
    const ordinal = (ordinals.get(kind) ?? 0) + 1;
    ordinals.set(kind, ordinal);
    const base = attr(element, 'name') || (attr(element, 'id') ? `#${attr(element, 'id')}` : `@${kind}${ordinal}`);
    const value = kind === 'c' ? (element as HTMLInputElement).value : '';
    const identity = `${kind}\u0000${base}\u0000${value}`;
    const count = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, count);
    const key = count === 1 ? base : `${base}~${count}`;
    const label = labelOf(element);
    const extra = label ? { label } : {};
    let field: DraftField;
    if (kind === 's') field = { key, kind: 'select', selected: selectedOf(element as HTMLSelectElement), ...extra };
    else if (kind === 'c')
      field = { key, kind: 'check', value, checked: (element as HTMLInputElement).checked, ...extra };
    else if (kind === 't') field = { key, kind: 'text', value: (element as HTMLInputElement).value, ...extra };
    else field = { key, kind: 'editable', text: editorText(element), ...extra };
    fields.push({ field, element });
  }
  return {
    form: formKeyOf(
      group,
      fields.map((f) => f.field),
    ),
    fields,
  };
}

function formKeyOf(group: FieldGroup, fields: DraftField[]): FormKey {
  if (!(group instanceof HTMLFormElement)) return { kind: 'page', action: '', names: namesOf(fields), index: 0 };
  let action = '';
  try {
    // The attribute, not the property: a control named "action" shadows the form's property.
    const url = new URL(attr(group, 'action') || group.ownerDocument.URL, group.ownerDocument.baseURI);
    action = `${url.origin}${url.pathname}`;
  } catch {
    action = '';
  }
  return { kind: 'form', action, names: namesOf(fields), index: Array.from(group.ownerDocument.forms).indexOf(group) };
}

/** The groups of a document that have kept fields: its forms, then its controls outside forms. */
export function groupsOf(doc: Document): FieldGroup[] {
  const groups: FieldGroup[] = Array.from(doc.forms).filter((form) => elementsOf(form).length > 0);
  if (elementsOf(doc).length) groups.push(doc);
  return groups;
}

/** The value a select shows when the page has not been touched. */
function defaultSelected(select: HTMLSelectElement): string[] {
  const chosen = Array.from(select.options)
    .filter((o) => o.defaultSelected)
    .map((o) => o.value);
  if (chosen.length || select.multiple || select.size > 1 || !select.options.length)
    return select.multiple ? chosen : chosen.slice(-1);
  return [select.options[0].value];
}

/**
 * True when every field of the group is as the page served it: values, checks and choices their
 * defaults, editors as they were when first seen (`editorsAsServed`) or empty.
 */
export function isAsServed(read: readonly ReadField[], editorsAsServed: WeakMap<HTMLElement, string>): boolean {
  return read.every(({ field, element }) => {
    if (field.kind === 'text') return field.value === (element as HTMLInputElement | HTMLTextAreaElement).defaultValue;
    if (field.kind === 'check') return field.checked === (element as HTMLInputElement).defaultChecked;
    if (field.kind === 'select')
      return field.selected.join('\u0000') === defaultSelected(element as HTMLSelectElement).join('\u0000');
    return field.text.trim() === '' || field.text === editorsAsServed.get(element as HTMLElement);
  });
}

/**
 * True when the group shows nothing typed any more: every text field and editor empty, boxes and
 * choices as the page served them. (Not "as served" for text: pages that mirror typing into the
 * value attribute would otherwise look untouched all the time.)
 */
export function isCleared(read: readonly ReadField[]): boolean {
  return read.every(({ field, element }) => {
    if (field.kind === 'text') return field.value.trim() === '';
    if (field.kind === 'editable') return field.text.trim() === '';
    if (field.kind === 'check') return field.checked === (element as HTMLInputElement).defaultChecked;
    return field.selected.join('\u0000') === defaultSelected(element as HTMLSelectElement).join('\u0000');
  });
}

function fire(el: Element) {
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

function fillEditor(el: HTMLElement, text: string): void {
  if (editorText(el) === text) return;
  // Through the editor's own input path first (rich editors keep their model in step with it).
  el.focus();
  const selection = el.ownerDocument.getSelection();
  selection?.selectAllChildren(el);
  let done = false;
  try {
    done = el.ownerDocument.execCommand(text ? 'insertText' : 'delete', false, text);
  } catch {
    done = false;
  }
  if (!done || editorText(el) !== text) {
    el.innerText = text;
    el.dispatchEvent(
      new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText', data: text }),
    );
  }
}

/**
 * Fills the group from a draft's fields, firing input and change events for every control it
 * changes (so that the page's scripts notice). Returns how many fields were filled.
 */
export function fillGroup(group: FieldGroup, fields: readonly DraftField[]): number {
  const current = readGroup(group).fields;
  const byIdentity = new Map(
    current.map((read) => [
      `${read.field.kind}\u0000${read.field.key}\u0000${read.field.kind === 'check' ? read.field.value : ''}`,
      read.element,
    ]),
  );
  let filled = 0;
  for (const field of fields) {
    const element = byIdentity.get(`${field.kind}\u0000${field.key}\u0000${field.kind === 'check' ? field.value : ''}`);
    if (!element) continue;
    filled++;
    if (field.kind === 'text') {
      const control = element as HTMLInputElement | HTMLTextAreaElement;
      if (control.value !== field.value) {
        control.value = field.value;
        fire(control);
      }
    } else if (field.kind === 'check') {
      const box = element as HTMLInputElement;
      if (box.checked !== field.checked) {
        box.checked = field.checked;
        fire(box);
      }
    } else if (field.kind === 'select') {
      const select = element as HTMLSelectElement;
      for (const option of Array.from(select.options)) option.selected = field.selected.includes(option.value);
      fire(select);
    } else {
      fillEditor(element as HTMLElement, field.text);
    }
  }
  return filled;
}
