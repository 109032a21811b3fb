// Registered by the background (utils/background/sign-in-resume.ts) only on the sites of submissions
// that wait because the person was signed out, never on every page. When a page of such a site loads,
// it says whether the page is a sign-in page and which account it shows; the background then sends
// what waits (or asks first, for another account), and this page's notice tells how it went.
import { browser } from '@wxt-dev/browser';
import { defineUnlistedScript } from '#imports';
import { showNotice } from '@/utils/capture/notice';
import { findAccountName, showsSignInForm } from '@/utils/capture/page-identity';
import { sendToBackground, type ResumedSettledMessage } from '@/utils/messaging';
import { settledWords } from '@/utils/platform/item-error-words';
import { pageSay as say } from '@/utils/platform/page-words';

export default defineUnlistedScript({
  main() {
    if (window !== window.top) return;
    const report = () => {
      const account = findAccountName();
      void sendToBackground('signedInPage', { signInForm: showsSignInForm(), ...(account ? { account } : {}) }).catch(
        () => undefined,
      );
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', report, { once: true });
    else report();

    browser.runtime.onMessage.addListener((message: unknown) => {
      const resumed = message as ResumedSettledMessage;
      if (resumed?.type !== 'resumedSettled') return;
      if (resumed.data.status === 'sent')
        showNotice('sent', say('noticeResumedSentTitle'), settledWords(resumed.data, say));
      else showNotice('problem', say('noticeNotSentTitle'), settledWords(resumed.data, say));
    });
  },
});
