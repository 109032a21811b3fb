import { browser } from 'wxt/browser';
import { defineContentScript } from '#imports';
import { installSubmitInterceptor, noticesById } from '@/utils/capture/submit-interceptor';
import { showNotice } from '@/utils/capture/notice';
import { refillForm } from '@/utils/capture/refill-form';
import { holdSubmission, queueSubmission } from '@/utils/capture/to-wire';
import { sendToBackground, type RefillFormMessage, type SubmissionSettledMessage } from '@/utils/messaging';

// Runs on every page, so it only registers listeners: no work until a form is submitted.
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_start',
  main() {
    installSubmitInterceptor({
      shouldCapture: () => !navigator.onLine,
      queue: (submission) => queueSubmission(submission, sendToBackground),
      hold: (submission) => holdSubmission(submission, sendToBackground),
    });

    // The extension's worker gets no online event of its own: pages tell it.
    if (window === window.top) {
      window.addEventListener('online', () => {
        void sendToBackground('replayNow', {}).catch(() => undefined);
      });
    }

    browser.runtime.onMessage.addListener((message: unknown) => {
      const refill = message as RefillFormMessage;
      if (refill?.type === 'refillForm' && window === window.top) {
        const { found } = refillForm(document, refill.data);
        const say = (key: string) => browser.i18n.getMessage(key as never);
        showNotice(found ? 'saved' : 'problem', say('refillNoticeTitle'), say(found ? 'refillNoticeBody' : 'refillNoticeMissing'));
        return;
      }
      const settled = message as SubmissionSettledMessage;
      if (settled?.type !== 'submissionSettled') return;
      const notice = noticesById.get(settled.data.id);
      if (!notice) return;
      if (settled.data.status === 'sent') notice.update('sent', 'Sent', settled.data.message);
      else notice.update('problem', 'Not sent', settled.data.message);
    });
  },
});
