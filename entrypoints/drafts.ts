// Injected by the background (utils/background/draft-wiring.ts) into a document where a person
// started typing, or whose page has drafts to offer: drafts are rare work, so their code is not part
// of the content script every page carries. It defines the functions the background then calls
// (scripting.executeScript, same isolated world as the content script); injected twice, it keeps the
// first copy.
import { browser } from '@wxt-dev/browser';
import { defineUnlistedScript } from '#imports';
import { createDraftsAgent } from '@/utils/capture/drafts-agent';
import { FIRST_TYPED_KEY } from '@/utils/capture/draft-trigger';
import { sendToBackground } from '@/utils/messaging';
import { pageSay } from '@/utils/platform/page-words';

export default defineUnlistedScript({
  main() {
    const scope = globalThis as { formOutboxDrafts?: unknown } & Record<string, unknown>;
    if (scope.formOutboxDrafts) return;
    scope.formOutboxDrafts = createDraftsAgent({
      send: sendToBackground,
      say: pageSay,
      locale: browser.i18n.getUILanguage?.(),
      now: () => Date.now(),
      firstTyped: scope[FIRST_TYPED_KEY] as EventTarget | undefined,
    });
  },
});
