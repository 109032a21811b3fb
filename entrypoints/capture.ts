// The content script on every page and frame (declared in wxt.config.ts as CONTENT_SCRIPT). It only
// listens: nothing at page load (no storage read, no message, no timer). Its jobs:
//   - a person's first interaction with a form brings in Form Outbox's code for that document
//     (entrypoints/capture-agent.ts, injected by the background: captureNeeded), and the first
//     typing the drafts code (draftStarted);
//   - a person's submission that the page did not cancel goes to that code, during the event; if it
//     is not loaded yet, the submission is kept from leaving (an error page would lose it) and
//     handed over once loaded;
//   - the browser's own online/offline events are passed on as hints.
// An unlisted script with the browser's native API, not WXT's content-script wrapper or the
// polyfill: every byte here is paid by every page (bench/RESULTS.md).
import { browser } from '@wxt-dev/browser';
import { defineUnlistedScript } from '#imports';
import { CAPTURE_AGENT_KEY, type CaptureAgent } from '@/utils/capture/capture-agent';
import { installDraftTrigger } from '@/utils/capture/draft-trigger';
import { resubmitNatively } from '@/utils/capture/resubmit';
import { sendToBackground } from '@/utils/messaging';

/** How long a submission waits for the code before it is given back to the browser. */
const AGENT_WAIT_MS = 4000;

export default defineUnlistedScript({
  main() {
    const shared = globalThis as Record<string, unknown>;
    const agent = () => shared[CAPTURE_AGENT_KEY] as CaptureAgent | undefined;
    let loading: Promise<unknown> | undefined;
    const load = () => (loading ??= sendToBackground('captureNeeded', {}).catch(() => undefined));

    // A person's first touch of a form (a press, the focus, a key, typing): by the time they submit,
    // the code is here.
    // A pointer over a submit button counts too: a press that is the first touch then rarely waits.
    const FIRST_TOUCH = ['pointerdown', 'focusin', 'keydown', 'pointerover'];
    const touched = (event: Event) => {
      const target = event.target as Element | null;
      if (!event.isTrusted || !target?.closest?.('form')) return;
      if (event.type === 'pointerover' && !target.closest('button,[type=submit],[type=image]')) return;
      for (const type of FIRST_TOUCH) removeEventListener(type, touched, true);
      void load();
    };
    for (const type of FIRST_TOUCH) addEventListener(type, touched, true);
    installDraftTrigger(() => {
      void load();
      void sendToBackground('draftStarted', {}).catch(() => undefined);
    });

    // The capture phase arms a bubble-phase check on window, which runs after the page's own
    // handlers: only then is it known whether the page cancelled the submission (preventDefault: it
    // sends the data its own way, which is not ours to replay). Untrusted events and submissions
    // without user activation (a page's script on its own) are left alone.
    addEventListener(
      'submit',
      (event) => {
        if (!event.isTrusted || !(event.target instanceof HTMLFormElement)) return;
        addEventListener(
          'submit',
          (late) => {
            if (late !== event || event.defaultPrevented) return;
            const activation = (navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation;
            if (activation && !activation.isActive) return;
            const ready = agent();
            if (ready) return ready.onSubmit(event as SubmitEvent);
            // Not loaded yet (a press on Submit was the first touch): the submission waits for it, or
            // a link that drops on the way would lose it. Whatever keeps the code away, the browser
            // gets the submission back.
            event.preventDefault();
            const form = event.target as HTMLFormElement;
            const submitter = (event as SubmitEvent).submitter;
            const waited = new Promise((resolve) => setTimeout(resolve, AGENT_WAIT_MS));
            void Promise.race([load(), waited]).then(() => {
              const loaded = agent();
              if (loaded) loaded.onDeferred(form, submitter);
              else resubmitNatively(form, submitter);
            });
          },
          { once: true },
        );
      },
      true,
    );

    // The extension's worker gets no online event of its own: pages tell it (a hint it checks; a
    // page's synthetic event is not even passed on).
    if (window === window.top) {
      const hint = (event: Event) => {
        if (event.isTrusted)
          void sendToBackground('connectivityChanged', { online: event.type === 'online' }).catch(() => undefined);
      };
      addEventListener('online', hint);
      addEventListener('offline', hint);
    }
  },
});
