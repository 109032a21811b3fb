/**
 * How the content script every page carries (entrypoints/capture.ts) and the page's Form Outbox code
 * (entrypoints/capture-agent.ts, injected on demand) meet: one object in their shared isolated world.
 */

/** Where the injected code leaves itself for the content script. */
export const CAPTURE_AGENT_KEY = 'formOutboxCapture';

export interface CaptureAgent {
  /** A person's submit event that the page did not cancel, during its dispatch. */
  onSubmit(event: SubmitEvent): void;
  /** A submission the content script kept from leaving before this code was loaded. */
  onDeferred(form: HTMLFormElement, submitter: HTMLElement | null): void;
}
