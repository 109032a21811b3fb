// Form Outbox's code for a page's submissions, injected by the background into a document (the
// captureNeeded message) on a person's first interaction with a form, or at an offline submission
// made before that: kept out of the content script every page carries (entrypoints/capture.ts).
// It runs in the content script's isolated world and offers itself to it as `formOutboxCapture`.
import { browser } from '@wxt-dev/browser';
import { defineUnlistedScript } from '#imports';
import { showNotice } from '@/utils/capture/notice';
import { createSubmitHandler, formValues, queuedForms } from '@/utils/capture/submit-interceptor';
import { holdSubmission, queueSubmission } from '@/utils/capture/to-wire';
import { frameChannel, messagingChannel } from '@/utils/capture/file-channel';
import { captureVerdict, readCaptureRules, sensitiveAllowed, SETTINGS_KEY } from '@/utils/core/settings';
import { CAPTURE_AGENT_KEY, type CaptureAgent } from '@/utils/capture/capture-agent';
import { sendToBackground, type SubmissionSettledMessage } from '@/utils/messaging';
import { settledWords } from '@/utils/platform/item-error-words';
import { pageSay as say } from '@/utils/platform/page-words';

export default defineUnlistedScript({
  main() {
    const shared = globalThis as Record<string, unknown>;
    if (shared[CAPTURE_AGENT_KEY]) return; // injected twice: the first one serves

    // The settings are read once here, then followed; the background checks them again anyway.
    let settings = readCaptureRules(undefined);
    const settingsRead = browser.storage.local.get(SETTINGS_KEY).then(
      (stored) => void (settings = readCaptureRules(stored[SETTINGS_KEY])),
      () => undefined,
    );
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && changes[SETTINGS_KEY]) settings = readCaptureRules(changes[SETTINGS_KEY].newValue);
    });

    // Whole files without base64: Firefox's messaging clones Blobs; Chromium's needs the file frame.
    const wholeFiles = import.meta.env.FIREFOX
      ? messagingChannel(sendToBackground)
      : frameChannel(sendToBackground, browser.runtime.getURL('/file-frame.html'));
    const handler = createSubmitHandler({
      shouldCapture: () => !navigator.onLine,
      allows: (target = { url: location.href, method: 'POST' }) =>
        captureVerdict(settings, location.href, target.url, target.method) === 'capture',
      allowsSensitive: () => sensitiveAllowed(settings, location.href),
      inPrivateWindow: () => browser.extension?.inIncognitoContext === true,
      // A sandboxed document's origin is opaque: the browser sends its forms without the site's identity.
      inOpaqueOrigin: () => self.origin === 'null',
      queue: (submission) => queueSubmission(submission, sendToBackground, wholeFiles),
      hold: (submission) => holdSubmission(submission, sendToBackground, wholeFiles),
      say,
    });
    const agent: CaptureAgent = {
      onSubmit: (event) => handler.onSubmit(event),
      onDeferred: (form, submitter) => void settingsRead.then(() => handler.onDeferred(form, submitter)),
    };
    shared[CAPTURE_AGENT_KEY] = agent;

    // A queued submission was sent or failed: the page's notice says so.
    browser.runtime.onMessage.addListener((message: unknown) => {
      const settled = message as SubmissionSettledMessage;
      if (settled?.type !== 'submissionSettled') return;
      const queued = queuedForms.get(settled.data.id);
      if (!queued) return;
      if (settled.data.status === 'sent') {
        showNotice('sent', say('noticeSentTitle'), settledWords(settled.data, say));
        // Delivered: the form no longer looks unsent, unless the person has typed into it since.
        if (formValues(queued.form) === queued.values) queued.form.reset();
        queuedForms.delete(settled.data.id);
      } else {
        showNotice('problem', say('noticeNotSentTitle'), settledWords(settled.data, say));
      }
    });
  },
});
