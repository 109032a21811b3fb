/**
 * The one way background and page code records a failure it can do nothing else with (a badge that
 * could not be drawn, a prune that will run again later). Failures a person must see never come
 * here: they end in an item's reason or a notice.
 */

/** `promise.catch(logFailure('badge'))`: logs "Form Outbox: badge" with the error. */
export function logFailure(what: string): (error: unknown) => void {
  return (error: unknown) => console.error(`Form Outbox: ${what}`, error);
}

/** An error as technical text ("OperationError: ..."), for details and logs, never for a person's words. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
