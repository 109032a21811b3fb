/**
 * Submitting a form again on purpose, natively: the browser's own submission of a person's submit
 * that Form Outbox kept back for a moment (its copy was being taken, or its code was loading).
 */

import { isChromium } from './browser-engine';

/** What a submitter button changes about its form's submission (its attribute, the form's). */
const SUBMITTER_OVERRIDES = [
  ['formaction', 'action'],
  ['formmethod', 'method'],
  ['formenctype', 'enctype'],
  ['formtarget', 'target'],
] as const;

const { getAttribute, hasAttribute, setAttribute, removeAttribute } = Element.prototype;

/**
 * Submits `form` again as if by `submitter`, without a second `submit` event: the page's handlers
 * already ran once for this submission and let it go; running them again could cancel it (a
 * "submitting already" guard) or do their work twice. The submitter's name and value, and its form*
 * attributes, are what the browser sends for it; they are put on the form only for the synchronous
 * moment in which the browser builds the request. The prototype's `submit`, since a control named
 * "submit" hides the form's own.
 */
export function resubmitNatively(form: HTMLFormElement, submitter: HTMLElement | null): void {
  const button =
    submitter && (submitter as HTMLButtonElement).form === form
      ? (submitter as HTMLButtonElement | HTMLInputElement)
      : null;
  const undo: Array<() => void> = [];
  if (button) {
    // Chromium urlencodes the body of a GET form sent by a formmethod=post formenctype=text/plain
    // button (labelling it text/plain); the form's own submit() cannot repeat the label, but it sends
    // the same body when told urlencoded (resolve-submission.ts captures that quirk too).
    const quirk = isUrlencodedTextPlainQuirk(form, button);
    const override = (forms: string, value: string) => {
      const before = getAttribute.call(form, forms);
      setAttribute.call(form, forms, value);
      undo.push(() => (before === null ? removeAttribute.call(form, forms) : setAttribute.call(form, forms, before)));
    };
    for (const [own, forms] of SUBMITTER_OVERRIDES) {
      if (!hasAttribute.call(button, own)) continue;
      override(forms, getAttribute.call(button, own) ?? '');
    }
    if (quirk) override('enctype', 'application/x-www-form-urlencoded');
    for (const [name, value] of submitterEntries(button)) {
      const standIn = document.createElement('input');
      standIn.type = 'hidden';
      standIn.name = name;
      standIn.value = value;
      const owner = getAttribute.call(button, 'form');
      if (owner !== null) setAttribute.call(standIn, 'form', owner);
      button.before(standIn); // the submitter's place in tree order is its place in the request
      undo.push(() => standIn.remove());
    }
  }
  try {
    HTMLFormElement.prototype.submit.call(form);
  } finally {
    for (const step of undo.reverse()) step();
  }
}

/** Chromium's text/plain quirk (see resolve-submission.ts): a GET form, a POST text/plain submitter. */
function isUrlencodedTextPlainQuirk(form: HTMLFormElement, button: HTMLElement): boolean {
  if (!isChromium()) return false;
  const formIsGet = (getAttribute.call(form, 'method') ?? '').trim().toLowerCase() !== 'post';
  const method = (getAttribute.call(button, 'formmethod') ?? '').trim().toLowerCase();
  const enctype = (getAttribute.call(button, 'formenctype') ?? '').trim().toLowerCase();
  return formIsGet && method === 'post' && enctype === 'text/plain';
}

/** The entries the browser adds for the button that submitted (none for an unnamed button). */
function submitterEntries(button: HTMLButtonElement | HTMLInputElement): Array<[string, string]> {
  if (button instanceof HTMLInputElement && button.type === 'image') {
    const prefix = button.name ? `${button.name}.` : '';
    return [
      [`${prefix}x`, '0'],
      [`${prefix}y`, '0'],
    ];
  }
  return button.name ? [[button.name, button.value]] : [];
}
