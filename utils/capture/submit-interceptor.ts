/**
 * Decides, during the dispatch of a `submit` event, whether this is a native form submission that
 * the browser cannot deliver, and if so keeps the page in place and hands the submission on.
 *
 * Order of events: our capture-phase listener on window runs first and arms a bubble-phase listener
 * on window, which runs after the page's own handlers. Only there do we know whether the page
 * cancelled the submission (preventDefault: it sends the data its own way, so it is not ours to
 * replay). Untrusted events and submissions without user activation are left alone: a page's script
 * must not be able to get a request queued and replayed.
 */
import { checkLimits, formatBytes } from '../core/limits';
import type { MessageKey } from '../i18n';
import { showNotice, type Notice } from './notice';
import { resolveSubmission, type ResolvedSubmission } from './resolve-submission';
import { findSensitiveField } from './sensitive-fields';

export type QueueAnswer = { ok: true; id: string; duplicate: boolean } | { ok: false; error: string };

export interface InterceptorPorts {
  /** True when the submission should be captured instead of sent (the browser is offline). */
  shouldCapture(): boolean;
  /**
   * Whether the user's settings let Form Outbox act here: on this page (no target given), or for a
   * submission to `target`. When not, the browser's own behaviour goes on untouched.
   */
  allows(target?: { url: string; method: string }): boolean;
  /** Whether the user allowed forms with passwords, card numbers or one-time codes on this site. */
  allowsSensitive(): boolean;
  /** True in a private (incognito) window, whose submissions are never stored, not even in memory. */
  inPrivateWindow(): boolean;
  /** True in a document with an opaque origin (sandboxed): its submissions are not stored either. */
  inOpaqueOrigin(): boolean;
  /** Stores the submission durably; answers once it is stored or has failed. */
  queue(submission: ResolvedSubmission): Promise<QueueAnswer>;
  /**
   * Online: hands the background an in-memory copy, kept only until the navigation either commits
   * (dropped) or dies at network level (then queued). Resolves once the copy is complete.
   */
  hold(submission: ResolvedSubmission): Promise<void>;
  /** The notice text for `key` (the locale catalogue, public/_locales), with substitutions. */
  say(key: NoticeText, ...substitutions: string[]): string;
}

/** The catalogue entries of the in-page notices. */
export type NoticeText = Extract<MessageKey, `notice${string}`>;

/** Forms of queued submissions by item id, with their values when queued: for "sent" / "failed" news. */
export const queuedForms = new Map<string, { form: HTMLFormElement; values: string }>();

/** A form's current values, comparable (files by name and size). */
export function formValues(form: HTMLFormElement): string {
  return JSON.stringify([...new FormData(form)].map(([name, value]) => [name, typeof value === 'string' ? value : `${value.name}:${value.size}`]));
}

function userIsActive(): boolean {
  const activation = (navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation;
  return activation ? activation.isActive : true;
}

/** Installs the listeners. Returns a function that removes them. */
export function installSubmitInterceptor(ports: InterceptorPorts): () => void {
  const { say } = ports;
  /** A problem notice whose text ends by telling the user that nothing typed is lost. */
  const refuse = (title: NoticeText, reason: string) => showNotice('problem', say(title), `${reason} ${say('noticeKeepPage')}`);
  // Set while we re-submit a form whose files were being copied: that submit is the browser's to send.
  let resubmitting = false;

  const onCapture = (event: Event) => {
    if (!event.isTrusted || !(event.target instanceof HTMLFormElement)) return;
    if (resubmitting) {
      resubmitting = false;
      return;
    }
    const submitEvent = event as SubmitEvent;
    window.addEventListener('submit', (late) => {
      if (late === event) onLate(submitEvent);
    }, { once: true });
  };

  const onLate = (event: SubmitEvent) => {
    if (event.defaultPrevented) return; // the page handles its own submission
    if (!userIsActive()) return; // not made by a person
    if (!ports.allows()) return; // paused, or off for this site
    const form = event.target as HTMLFormElement;
    const resolution = resolveSubmission(form, event.submitter);
    if (!resolution.ok) {
      if (resolution.native) return;
      event.preventDefault();
      refuse('noticeNotSavedOfflineTitle', resolution.reason);
      return;
    }
    const { submission } = resolution;
    if (!ports.allows(submission)) return;
    const notKept = ports.inPrivateWindow() ? 'noticePrivateWindow' : ports.inOpaqueOrigin() ? 'noticeSandboxed' : undefined;
    if (notKept) {
      // Nothing from a private window or a sandboxed document is kept. Offline, the page is kept so
      // that the typing is not lost.
      if (ports.shouldCapture()) {
        event.preventDefault();
        refuse('noticeNotSavedTitle', say(notKept));
      }
      return;
    }
    const sensitive = ports.allowsSensitive() ? null : findSensitiveField(form, new Set(submission.entries.map((e) => e.name)));
    if (sensitive) {
      // Secrets never reach the queue (not even the in-memory copy kept while online). Offline, the
      // page is kept so that what the user typed is not lost to an error page.
      if (ports.shouldCapture()) {
        event.preventDefault();
        refuse('noticeNotSavedTitle', say('noticeSensitive', sensitive));
      }
      return;
    }
    const tooBig = checkLimits(
      submission.entries.map((e) => ('file' in e ? { name: e.name, size: e.file.size } : e)),
    );
    if (!ports.shouldCapture()) {
      if (!tooBig) holdWhileOnline(event, form, submission);
      return;
    }
    event.preventDefault();
    if (tooBig) {
      refuse('noticeTooLargeTitle', tooBig);
      return;
    }
    const fileBytes = submission.entries.reduce((sum, e) => sum + ('file' in e ? e.file.size : 0), 0);
    const notice = showNotice('working', say('noticeSavingTitle'), fileBytes > 0 ? say('noticeSavingFiles', formatBytes(fileBytes)) : say('noticeSaving'));
    const values = formValues(form);
    void ports.queue(submission).then(
      (answer) => report(notice, answer, form, values),
      (error: unknown) => report(notice, { ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  };

  /**
   * The browser believes it is online: let the submission go, but keep a copy in case the link drops.
   * Text travels in one message, posted before the request leaves. File bytes take longer, and the
   * page is gone once an error page commits, so a form with files waits for its copy (a few ms per
   * MB) and is then submitted again, natively, by the same submitter.
   */
  const holdWhileOnline = (event: SubmitEvent, form: HTMLFormElement, submission: ResolvedSubmission) => {
    const hasFiles = submission.entries.some((e) => 'file' in e && e.file.size > 0);
    const copied = ports.hold(submission).catch(() => undefined);
    if (!hasFiles) return;
    event.preventDefault();
    const submitter = event.submitter;
    void copied.then(() => {
      resubmitting = true;
      try {
        form.requestSubmit(submitter && (submitter as HTMLButtonElement).form === form ? submitter : null);
      } finally {
        resubmitting = false;
      }
    });
  };

  const report = (notice: Notice, answer: QueueAnswer, form?: HTMLFormElement, values = '') => {
    if (!answer.ok) {
      notice.update('problem', say('noticeSaveFailedTitle'), `${answer.error} ${say('noticeKeepPage')}`);
      return;
    }
    if (form) queuedForms.set(answer.id, { form, values });
    if (answer.duplicate) notice.update('saved', say('noticeDuplicateTitle'), say('noticeDuplicateBody'));
    else notice.update('saved', say('noticeSavedTitle'), say('noticeSavedBody'));
  };

  window.addEventListener('submit', onCapture, { capture: true });
  return () => window.removeEventListener('submit', onCapture, { capture: true });
}
