/**
 * The one way to log a failure that can only be logged (a badge refresh, a best-effort wake-up):
 * `promise.catch(logFailure('badge'))`. Anything a person must know about ends in a visible state
 * instead (a failed item, a refusal in the page), never only here.
 */
export function logFailure(what: string): (error: unknown) => void {
  return (error) => console.error(`Form Outbox: ${what}`, error);
}
