/**
 * Reads, at submit time, the label a person saw for each submitted field, so that the popup can say
 * "Email" rather than "fld_3". DOM only, no extension APIs; part of the injected capture code
 * (entrypoints/capture-agent.ts), never of the content script every page carries.
 *
 * One field (one control with the name): its <label> (for= or wrapping), else aria-label, else
 * aria-labelledby, else placeholder, else title, else the text just before it (a table cell, a
 * preceding text node), else the legend of a fieldset that holds only it. Several controls with one
 * name (a radio group, a list of checkboxes): the group's aria label or its fieldset's legend, else
 * none (each option's own label would name a choice, not the field). Hidden inputs have none.
 *
 * The page is hostile: only text is read (textContent, never markup), the text of controls inside a
 * label (a select's options) is left out, and every label is cleaned and capped (core/field-labels.ts).
 */
import { cleanLabel, MAX_LABEL_CHARS } from '../core/field-labels';
import type { FieldLabel } from '../core/types';

// Through the prototypes: a form's named controls shadow its own properties (a control named
// "elements" would otherwise be read instead of the list).
const formElements = Object.getOwnPropertyDescriptor(HTMLFormElement.prototype, 'elements')!.get!;
const getAttribute = Element.prototype.getAttribute;
const attr = (el: Element, name: string) => (getAttribute.call(el, name) ?? '').trim();

/** Elements whose text is not label text: other controls' contents, scripts, templates. */
const NOT_LABEL_TEXT = new Set([
  'SELECT',
  'TEXTAREA',
  'BUTTON',
  'OPTION',
  'DATALIST',
  'SCRIPT',
  'STYLE',
  'TEMPLATE',
  'NOSCRIPT',
  'OBJECT',
  'IFRAME',
]);
const CONTROLS = 'input, select, textarea, button';
/** Stop collecting text well past the longest label kept: a page may wrap a whole article in a label. */
const READ_LIMIT = MAX_LABEL_CHARS * 4;

/** The visible-ish text of `node`: text nodes only, skipping controls' contents and hidden parts. */
function textOf(node: Node): string {
  let text = '';
  const walk = (current: Node): void => {
    if (text.length > READ_LIMIT) return;
    if (current.nodeType === Node.TEXT_NODE) {
      text += current.nodeValue ?? '';
      return;
    }
    if (current.nodeType !== Node.ELEMENT_NODE) return;
    const el = current as Element;
    // The root itself may be one (a button's own text is its label); only the controls inside it are left out.
    if (current !== node && NOT_LABEL_TEXT.has(el.tagName)) return;
    if (el.hasAttribute('hidden') || attr(el, 'aria-hidden') === 'true') return;
    for (let child = el.firstChild; child; child = child.nextSibling) walk(child);
  };
  walk(node);
  return cleanLabel(text);
}

function byIds(el: Element, ids: string): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  return cleanLabel(
    ids
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 8)
      .map((id) => {
        const target = root.getElementById?.(id);
        return target ? textOf(target) : '';
      })
      .join(' '),
  );
}

/** The text just before `el`: a preceding text node or element in its parent, else in its parent's parent (a table cell's neighbour). */
function nearbyText(el: Element): string {
  let from: Element | null = el;
  for (let level = 0; level < 2 && from; level++, from = from.parentElement) {
    for (
      let sibling = from.previousSibling, steps = 0;
      sibling && steps < 4;
      sibling = sibling.previousSibling, steps++
    ) {
      // Another control before it: the text before that one is that one's. A legend names the fieldset.
      if (
        sibling instanceof Element &&
        (sibling.matches(CONTROLS) || sibling.tagName === 'LEGEND' || sibling.querySelector(CONTROLS))
      )
        return '';
      if (sibling instanceof Element && NOT_LABEL_TEXT.has(sibling.tagName)) continue;
      const text = textOf(sibling);
      if (text) return text;
    }
  }
  return '';
}

function legendOf(fieldset: Element | null): string {
  const legend = fieldset?.querySelector(':scope > legend');
  return legend ? textOf(legend) : '';
}

function ownLabel(el: Element): string {
  const labels = (el as HTMLInputElement).labels;
  for (const label of Array.from(labels ?? [])) {
    const text = textOf(label);
    if (text) return text;
  }
  const aria = cleanLabel(attr(el, 'aria-label'));
  if (aria) return aria;
  const labelledBy = attr(el, 'aria-labelledby');
  if (labelledBy) {
    const text = byIds(el, labelledBy);
    if (text) return text;
  }
  return cleanLabel(attr(el, 'placeholder')) || cleanLabel(attr(el, 'title')) || nearbyText(el);
}

/** The label of a field made of one control. */
function singleLabel(el: Element): string {
  if (el instanceof HTMLButtonElement) return textOf(el) || cleanLabel(attr(el, 'aria-label'));
  if (el instanceof HTMLInputElement && (el.type === 'submit' || el.type === 'reset' || el.type === 'button'))
    return cleanLabel(el.value) || cleanLabel(attr(el, 'aria-label'));
  const own = ownLabel(el);
  if (own) return own;
  // A fieldset's legend names a lone control in it, not each of several.
  const fieldset = el.closest('fieldset');
  if (!fieldset) return '';
  const inside = Array.from((fieldset as HTMLFieldSetElement).elements).filter(
    (other) =>
      !(
        other instanceof HTMLFieldSetElement ||
        other instanceof HTMLButtonElement ||
        (other instanceof HTMLInputElement && ['hidden', 'submit', 'reset', 'button', 'image'].includes(other.type))
      ),
  );
  return inside.length === 1 ? legendOf(fieldset) : '';
}

/** The label of a group of controls sharing one name: its group's aria label, else its fieldset's legend. */
function groupLabel(controls: readonly Element[]): string {
  const first = controls[0];
  const group = first.closest('[role="radiogroup"], [role="group"]');
  if (group && controls.every((c) => group.contains(c))) {
    const text = cleanLabel(attr(group, 'aria-label')) || byIds(group, attr(group, 'aria-labelledby'));
    if (text) return text;
  }
  const fieldset = first.closest('fieldset');
  return fieldset && controls.every((c) => fieldset.contains(c)) ? legendOf(fieldset) : '';
}

/**
 * The labels of the fields of `form` named in `names` (the submitted entries' names), one per name
 * that has a label, in the order of `names`. Never throws: a field whose label cannot be read has none.
 */
export function fieldLabelsOf(form: HTMLFormElement, names: readonly string[]): FieldLabel[] {
  const wanted = new Set(names);
  const byName = new Map<string, Element[]>();
  for (const control of Array.from(formElements.call(form) as HTMLFormControlsCollection)) {
    const name = getAttribute.call(control, 'name') ?? '';
    if (!wanted.has(name)) continue;
    const list = byName.get(name);
    if (list) list.push(control);
    else byName.set(name, [control]);
  }
  const labels: FieldLabel[] = [];
  for (const name of wanted) {
    const controls = (byName.get(name) ?? []).filter((c) => !(c instanceof HTMLInputElement && c.type === 'hidden'));
    if (controls.length === 0) continue;
    let label = '';
    try {
      label = controls.length === 1 ? singleLabel(controls[0]) : groupLabel(controls);
    } catch {
      label = ''; // an odd document (a detached label, a foreign element): the raw name serves
    }
    if (label && label !== name) labels.push({ name, label });
  }
  return labels;
}
