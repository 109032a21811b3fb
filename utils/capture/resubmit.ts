/**
 * Submitting a form again on purpose, natively: the browser's own submission, which the content
 * script must then leave alone.
 */

/**
 * The shared flag of the page's Form Outbox code (one isolated world): set while a form is submitted
 * again on purpose (natively, by its own submitter), so that the listeners leave that submission to
 * the browser.
 */
export const RESUBMITTING_KEY = 'formOutboxResubmitting';

/** Submits `form` again, natively, by `submitter`: the browser's own submission, not captured again. */
export function resubmitNatively(form: HTMLFormElement, submitter: HTMLElement | null): void {
  const shared = globalThis as Record<string, unknown>;
  shared[RESUBMITTING_KEY] = true;
  try {
    form.requestSubmit(submitter && (submitter as HTMLButtonElement).form === form ? submitter : null);
  } finally {
    shared[RESUBMITTING_KEY] = false;
  }
}
