/**
 * Decides whether a person's native form submission is one the browser cannot deliver, and if so
 * keeps the page in place and hands the submission on (queued offline, held in memory online).
 * The content script every page carries (entrypoints/capture.ts) only sees the submit event: it
 * runs this code when loaded, and, offline, keeps a submission from leaving until it is
 * (entrypoints/capture-agent.ts, injected on a person's first interaction or at such a submit).
 */
import { failureOf } from '../core/failure';
import { formatBytes } from '../core/format-bytes';
import { checkLimits } from '../core/limits';
import type { Ack } from '../core/wire';
import type { MessageKey } from '../i18n';
import { failureWords, type Say } from '../platform/words';
import { showNotice, type Notice } from './notice';
import { resolveSubmission, type ResolvedSubmission } from './resolve-submission';
import { resubmitNatively } from './resubmit';
import { findSensitiveField } from './sensitive-fields';

export type QueueAnswer = Ack<{ id: string; duplicate: boolean }>;

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
  say: Say;
}

/** The words for each kind of secret a refused form holds. */
const SENSITIVE_WORDS = { password: 'sensitivePassword', card: 'sensitiveCard', code: 'sensitiveCode' } as const;

/** The catalogue entries of the in-page notices. */
export type NoticeText = Extract<MessageKey, `notice${string}`>;

/** Forms of queued submissions by item id, with their values when queued: for "sent" / "failed" news. */
export const queuedForms = new Map<string, { form: HTMLFormElement; values: string }>();

/** A form's current values, comparable (files by name and size). */
export function formValues(form: HTMLFormElement): string {
  return JSON.stringify(
    [...new FormData(form)].map(([name, value]) => [
      name,
      typeof value === 'string' ? value : `${value.name}:${value.size}`,
    ]),
  );
}

/** What to do with a person's submission of a form (decide). */
type Decision =
  /** The browser's own: it sends (online) or shows its error (offline); nothing is kept. */
  | { kind: 'browser' }
  /** Offline and not kept: the page stays, a notice says why (nothing typed is lost). */
  | { kind: 'refuse'; title: NoticeText; reason: string }
  /** Offline: queued. */
  | { kind: 'queue'; submission: ResolvedSubmission }
  /** Online: the browser sends it; a copy is held in memory in case the link drops. */
  | { kind: 'hold'; submission: ResolvedSubmission; hasFiles: boolean };

/**
 * The submit handling, for the page's Form Outbox code (entrypoints/capture-agent.ts): `onSubmit`
 * during the dispatch of a person's `submit` event (after the page's own handlers, which did not
 * cancel it), `onDeferred` for a submission the content script already kept from leaving while the
 * browser was offline and this code was not yet loaded.
 */
export function createSubmitHandler(ports: InterceptorPorts) {
  const { say } = ports;
  /** A problem notice whose text ends by telling the user that nothing typed is lost. */
  const refuse = (title: NoticeText, reason: string) =>
    showNotice('problem', say(title), `${reason} ${say('noticeKeepPage')}`);

  const decide = (form: HTMLFormElement, submitter: HTMLElement | null, offline: boolean): Decision => {
    if (!ports.allows()) return { kind: 'browser' }; // paused, or off for this site
    const resolution = resolveSubmission(form, submitter);
    if (!resolution.ok)
      return resolution.native || !offline
        ? { kind: 'browser' }
        : { kind: 'refuse', title: 'noticeNotSavedOfflineTitle', reason: failureWords(resolution.reason, say) };
    const { submission } = resolution;
    if (!ports.allows(submission)) return { kind: 'browser' };
    // Nothing from a private window or a sandboxed document is kept; nor secrets (not even the
    // in-memory copy kept while online). Offline, the page is kept so that the typing is not lost.
    const notKept = ports.inPrivateWindow()
      ? say('noticePrivateWindow')
      : ports.inOpaqueOrigin()
        ? say('noticeSandboxed')
        : undefined;
    const sensitive =
      notKept || ports.allowsSensitive()
        ? null
        : findSensitiveField(form, new Set(submission.entries.map((e) => e.name)));
    const why =
      notKept ?? (sensitive ? say('noticeSensitive', say(SENSITIVE_WORDS[sensitive.kind], sensitive.name)) : undefined);
    if (why) return offline ? { kind: 'refuse', title: 'noticeNotSavedTitle', reason: why } : { kind: 'browser' };
    const tooBig = checkLimits(submission.entries.map((e) => ('file' in e ? { name: e.name, size: e.file.size } : e)));
    if (!offline)
      return tooBig
        ? { kind: 'browser' }
        : { kind: 'hold', submission, hasFiles: submission.entries.some((e) => 'file' in e && e.file.size > 0) };
    return tooBig
      ? { kind: 'refuse', title: 'noticeTooLargeTitle', reason: failureWords(tooBig, say) }
      : { kind: 'queue', submission };
  };

  const queue = (form: HTMLFormElement, submission: ResolvedSubmission) => {
    const fileBytes = submission.entries.reduce((sum, e) => sum + ('file' in e ? e.file.size : 0), 0);
    const notice = showNotice(
      'working',
      say('noticeSavingTitle'),
      fileBytes > 0 ? say('noticeSavingFiles', formatBytes(fileBytes)) : say('noticeSaving'),
    );
    const values = formValues(form);
    void ports.queue(submission).then(
      (answer) => report(notice, answer, form, values),
      (error: unknown) => report(notice, { ok: false, ...failureOf(error) }),
    );
  };

  const report = (notice: Notice, answer: QueueAnswer, form?: HTMLFormElement, values = '') => {
    if (!answer.ok) {
      notice.update('problem', say('noticeSaveFailedTitle'), `${failureWords(answer, say)} ${say('noticeKeepPage')}`);
      return;
    }
    if (form) queuedForms.set(answer.id, { form, values });
    if (answer.duplicate) notice.update('saved', say('noticeDuplicateTitle'), say('noticeDuplicateBody'));
    else notice.update('saved', say('noticeSavedTitle'), say('noticeSavedBody'));
  };

  return {
    /** During the dispatch of a person's submit event that the page did not cancel. */
    onSubmit(event: SubmitEvent): void {
      const form = event.target as HTMLFormElement;
      const decision = decide(form, event.submitter, ports.shouldCapture());
      if (decision.kind === 'browser') return;
      if (decision.kind === 'hold') {
        // The browser believes it is online: the submission goes, with a copy kept in case the link
        // drops. Text travels in one message, posted before the request leaves. File bytes take
        // longer, and the page is gone once an error page commits, so a form with files waits for
        // its copy (a few ms per MB) and is then submitted again, natively, by the same submitter.
        const copied = ports.hold(decision.submission).catch(() => undefined);
        if (!decision.hasFiles) return;
        event.preventDefault();
        const submitter = event.submitter;
        void copied.then(() => resubmitNatively(form, submitter));
        return;
      }
      event.preventDefault();
      if (decision.kind === 'refuse') refuse(decision.title, decision.reason);
      else queue(form, decision.submission);
    },
    /**
     * A submission the content script kept from leaving before this code was loaded: decided now,
     * and given back to the browser (natively, no second submit event) unless it is queued or refused.
     */
    onDeferred(form: HTMLFormElement, submitter: HTMLElement | null): void {
      const decision = decide(form, submitter, ports.shouldCapture());
      if (decision.kind === 'refuse') refuse(decision.title, decision.reason);
      else if (decision.kind === 'queue') queue(form, decision.submission);
      else if (decision.kind === 'hold')
        void ports
          .hold(decision.submission)
          .catch(() => undefined)
          .then(() => resubmitNatively(form, submitter));
      else resubmitNatively(form, submitter);
    },
  };
}
