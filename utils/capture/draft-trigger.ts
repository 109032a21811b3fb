/**
 * The only part of drafts in the content script every page carries: a listener that waits for the
 * first thing a person types in the document (a trusted input event: browsers fire one for text,
 * boxes, radios, menus and editors alike), then asks the background once for the drafts code
 * (draftStarted) and removes itself. Nothing at page load: no storage read, no message, no timer.
 */

/** Where the first typed-into element is left for the drafts code (same isolated world). */
export const FIRST_TYPED_KEY = 'formOutboxFirstTyped';

/** Installs the listener; `started` is called once, on the first person's input. */
export function installDraftTrigger(started: () => void): void {
  const typed = (event: Event) => {
    if (!event.isTrusted) return;
    removeEventListener('input', typed, true);
    (globalThis as Record<string, unknown>)[FIRST_TYPED_KEY] = event.target;
    started();
  };
  addEventListener('input', typed, true);
}
