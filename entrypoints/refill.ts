// Injected by the background (utils/background/refill.ts), only into the top frame of a page opened
// to be filled in again: refilling is rare, so its code is not part of the script every page carries.
// It defines the function the background then calls with the submission (scripting.executeScript,
// same isolated world as the content script).
import { defineUnlistedScript } from '#imports';
import { showNotice } from '@/utils/capture/notice';
import { refillForm, type RefillData, type RefillResult } from '@/utils/capture/refill-form';
import { pageSay as say } from '@/utils/platform/page-words';

export default defineUnlistedScript({
  main() {
    (globalThis as { formOutboxRefill?: unknown }).formOutboxRefill = (data: RefillData): RefillResult => {
      const result = refillForm(document, data);
      showNotice(
        result.found ? 'saved' : 'problem',
        say('refillNoticeTitle'),
        say(result.found ? 'refillNoticeBody' : 'refillNoticeMissing'),
      );
      return result;
    };
  },
});
