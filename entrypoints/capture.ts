// Native API rather than the polyfill: this script runs on every page (see utils/messaging.ts).
import { browser } from '@wxt-dev/browser';
import { defineUnlistedScript } from '#imports';
import { installDraftTrigger } from '@/utils/capture/draft-trigger';
import { formValues, installSubmitInterceptor, queuedForms, type NoticeText } from '@/utils/capture/submit-interceptor';
import { showNotice } from '@/utils/capture/notice';
import { holdSubmission, queueSubmission } from '@/utils/capture/to-wire';
import { captureVerdict, readCaptureRules, sensitiveAllowed } from '@/utils/core/settings';
import { sendToBackground, type SubmissionSettledMessage } from '@/utils/messaging';

// The content script (declared in wxt.config.ts as CONTENT_SCRIPT). It runs on every page, so it only
// registers listeners and does no work until a form is submitted. An unlisted script rather than
// defineContentScript: WXT's content-script wrapper pulls in the polyfill, which would double its size.
export default defineUnlistedScript({
  main() {
    // The settings are needed synchronously at submit time: read once now, then follow changes.
    // Until the read lands (a few ms after load) the defaults apply; the background checks again.
    let settings = readCaptureRules(undefined);
    void browser.storage.local.get('settings').then(
      (stored) => void (settings = readCaptureRules(stored.settings)),
      () => undefined,
    );
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && changes.settings) settings = readCaptureRules(changes.settings.newValue);
    });

    const say = (key: NoticeText, ...substitutions: string[]) => browser.i18n.getMessage(key, substitutions);
    installSubmitInterceptor({
      shouldCapture: () => !navigator.onLine,
      allows: (target = { url: location.href, method: 'POST' }) =>
        captureVerdict(settings, location.href, target.url, target.method) === 'capture',
      allowsSensitive: () => sensitiveAllowed(settings, location.href),
      inPrivateWindow: () => browser.extension?.inIncognitoContext === true,
      // A sandboxed document's origin is opaque: the browser sends its forms without the site's identity.
      inOpaqueOrigin: () => self.origin === 'null',
      queue: (submission) => queueSubmission(submission, sendToBackground),
      hold: (submission) => holdSubmission(submission, sendToBackground),
      say,
    });

    // Drafts: the first thing a person types here brings in the drafts code (docs/drafts.md).
    installDraftTrigger(() => void sendToBackground('draftStarted', {}).catch(() => undefined));

    // The extension's worker gets no online event of its own: pages tell it (a hint it checks; a
    // page's synthetic event is not even passed on).
    if (window === window.top) {
      const hint = (event: Event) => {
        if (event.isTrusted) void sendToBackground('connectivityChanged', { online: event.type === 'online' }).catch(() => undefined);
      };
      window.addEventListener('online', hint);
      window.addEventListener('offline', hint);
    }

    // A queued submission was sent or failed: its notice says so. (Refilling a form is not here: the
    // background injects entrypoints/refill.ts into the tab it opens for that.)
    browser.runtime.onMessage.addListener((message: unknown) => {
      const settled = message as SubmissionSettledMessage;
      if (settled?.type !== 'submissionSettled') return;
      const queued = queuedForms.get(settled.data.id);
      if (!queued) return;
      if (settled.data.status === 'sent') {
        showNotice('sent', say('noticeSentTitle'), settled.data.message);
        // Delivered: the form no longer looks unsent, unless the person has typed into it since.
        if (formValues(queued.form) === queued.values) queued.form.reset();
        queuedForms.delete(settled.data.id);
      } else {
        showNotice('problem', say('noticeNotSentTitle'), settled.data.message);
      }
    });
  },
});
