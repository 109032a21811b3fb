/**
 * The drafts code in a page (injected by the background: entrypoints/drafts.ts). Per document:
 *   - typing: each trusted input or change event only records which form changed and, if none is
 *     armed, arms one timer; when it fires (SAVE_INTERVAL_MS later) the changed forms are read and
 *     sent in one message. So a form is written at most about once a second, and within about a
 *     second of the last keystroke; nothing runs per keystroke beyond that. A hidden page (tab
 *     closing, switched away) sends at once.
 *   - submitting: after the page's own handlers and the outbox's (a late submit listener), the form's
 *     latest copy is sent, then how it left: natively (the background learns the server's answer from
 *     the browser) or by the page's script (the draft stays until the page shows the form cleared,
 *     which this checks every second for a while).
 *   - offers: drafts of this page whose form is here and as the page served it are offered in a
 *     prompt; Restore asks the background for the values (they come only to this document's origin)
 *     and fills the form, firing input and change events.
 */
import type { DraftOffer, DraftSaveForm } from '../core/draft-record';
import { recognizeForm, type FormKey } from '../core/draft-form';
import { failure, failureOf } from '../core/failure';
import { failureWords, sayCount, type Say } from '../platform/words';
import type { MessageType, ProtocolMap } from '../messaging';
import {
  editorText,
  fillGroup,
  groupOf,
  groupsOf,
  isAsServed,
  isCleared,
  readGroup,
  type FieldGroup,
} from './draft-fields';
import { showDraftPrompt, type DraftPrompt } from './draft-prompt';
import { isNoticeShowing, showNotice } from './notice';

export const SAVE_INTERVAL_MS = 1_000;
/** After a page's script sent a form, how long (and how often) the page is watched for the form cleared. */
export const CLEARED_WATCH_MS = 10 * 60_000;
const CLEARED_CHECK_MS = 1_000;
/** Pages that render their forms late (scripts) are looked at again this long for an offered form. */
const OFFER_RETRY_MS = 10_000;
const OFFER_RETRY_EVERY_MS = 500;

export interface DraftsAgentPorts {
  send<K extends MessageType>(type: K, data: ProtocolMap[K]['data']): Promise<ProtocolMap[K]['result']>;
  say: Say;
  /** The browser's UI language, for times. */
  locale?: string;
  now(): number;
  /** What the person first typed into, if the content script saw it before this code came. */
  firstTyped?: EventTarget | null;
}

/** "3 minutes ago", "yesterday at 14:05"... in `locale`. */
export function typedWhen(at: number, now: number, locale?: string): string {
  const seconds = Math.round((at - now) / 1000);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(seconds) < 60) return relative.format(seconds, 'second');
  if (Math.abs(seconds) < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

export function createDraftsAgent(ports: DraftsAgentPorts) {
  const { send, say } = ports;
  const doc = crypto.randomUUID();
  const slots = new WeakMap<FieldGroup, number>();
  let nextSlot = 0;
  const dirty = new Set<FieldGroup>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let listening = false;
  let prompt: DraftPrompt | undefined;
  let failureTold = false;
  const offered = new Set<string>();
  /** Editors' text as first seen (for "as the page served it"). */
  const editorsAsServed = new WeakMap<HTMLElement, string>();

  const slotOf = (group: FieldGroup) => {
    let slot = slots.get(group);
    if (slot === undefined) {
      slot = nextSlot++;
      slots.set(group, slot);
    }
    return slot;
  };

  const report = (error: unknown) => console.warn('Form Outbox: drafts', error);

  function snapshot(group: FieldGroup): DraftSaveForm {
    const { form, fields } = readGroup(group);
    return { slot: slotOf(group), form, fields: fields.map((f) => f.field), cleared: isCleared(fields) };
  }

  /** Sends the changed forms now (synchronously up to the message, so that it leaves before an unload). */
  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!dirty.size) return;
    const forms = [...dirty].map(snapshot);
    dirty.clear();
    save(forms);
  }

  /** Sends a save; a save that failed (not one the settings refuse) is told once per document. */
  function save(forms: DraftSaveForm[]) {
    void send('saveDraft', { doc, title: document.title.slice(0, 1000), forms }).then((answer) => {
      // What the person just did (a refused or saved submission) matters more than a draft: a notice
      // on screen is not covered; the failure is told on a later save instead.
      if (answer?.ok || failureTold || isNoticeShowing()) return;
      failureTold = true;
      showNotice(
        'problem',
        say('draftSaveFailedTitle'),
        `${failureWords(answer ?? failure('noAnswer'), say)} ${say('draftSaveFailedBody')}`,
      );
    }, report);
  }

  const changed = (group: FieldGroup) => {
    dirty.add(group);
    timer ??= setTimeout(flush, SAVE_INTERVAL_MS);
  };

  // Per keystroke: which form changed, and one timer. Untrusted events (a page's own, our restores) are not typing.
  const onInput = (event: Event) => {
    if (!event.isTrusted) return;
    const group = groupOf(event.target);
    if (group) changed(group);
  };

  const onHidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };

  /** A form that left through the page's script: its draft ends once the page shows it cleared. */
  function watchCleared(form: HTMLFormElement) {
    let current: FieldGroup = form;
    const started = ports.now();
    const check = setInterval(() => {
      if (ports.now() - started > CLEARED_WATCH_MS) return clearInterval(check);
      if (current instanceof HTMLFormElement && !current.isConnected) {
        // Re-rendered: the form that took its place (same key) continues it; gone altogether, it is cleared.
        const key = readGroup(current).form;
        const groups = groupsOf(document);
        const index = recognizeForm(
          key,
          groups.map((g) => readGroup(g).form),
        );
        const next = index >= 0 ? groups[index] : undefined;
        if (next && !slots.has(next)) {
          slots.set(next, slotOf(current));
          current = next;
        } else {
          clearInterval(check);
          save([{ ...snapshot(current), cleared: true }]);
          return;
        }
      }
      if (isCleared(readGroup(current).fields)) {
        clearInterval(check);
        dirty.add(current);
        flush();
      }
    }, CLEARED_CHECK_MS);
  }

  const onSubmitCapture = (event: Event) => {
    if (!event.isTrusted || !(event.target instanceof HTMLFormElement)) return;
    const form = event.target;
    // Runs after the page's handlers and the outbox's (added later on the same target and phase).
    window.addEventListener(
      'submit',
      (late) => {
        if (late === event) submitted(form, event.defaultPrevented);
      },
      { once: true },
    );
  };

  function submitted(form: HTMLFormElement, byScript: boolean) {
    if (!slots.has(form)) return; // nothing was typed into it here
    dirty.add(form);
    flush();
    void send('draftSubmitted', { doc, slot: slotOf(form), byScript, at: ports.now() }).catch(report);
    if (byScript) watchCleared(form);
  }

  function listen() {
    if (listening) return;
    listening = true;
    window.addEventListener('input', onInput, true);
    window.addEventListener('change', onInput, true);
    window.addEventListener('submit', onSubmitCapture, true);
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', flush);
  }

  function noteEditors() {
    for (const group of groupsOf(document)) {
      for (const { element, field } of readGroup(group).fields) {
        if (field.kind === 'editable' && !editorsAsServed.has(element as HTMLElement))
          editorsAsServed.set(element as HTMLElement, editorText(element as HTMLElement));
      }
    }
  }

  /** Restores one draft into `group`. Resolves 'restored', 'locked' or an error text. */
  async function restoreInto(group: FieldGroup, id: string): Promise<'restored' | 'locked' | string> {
    const answer = await send('restoreDraft', { id, doc, slot: slotOf(group) }).catch((error: unknown) => ({
      ok: false as const,
      ...failureOf(error),
    }));
    if (!answer?.ok) return failureWords(answer ?? failure('noAnswer'), say);
    if (answer.locked) return 'locked';
    fillGroup(group, answer.fields);
    return 'restored';
  }

  /** The groups here that are offered drafts' forms, as served, newest draft first; one draft per form. */
  function match(offers: readonly DraftOffer[]): Map<FieldGroup, DraftOffer> {
    const groups = groupsOf(document);
    const keys: FormKey[] = [];
    const reads = groups.map((group) => {
      const read = readGroup(group);
      keys.push(read.form);
      return read;
    });
    const chosen = new Map<FieldGroup, DraftOffer>();
    for (const offer of offers) {
      const index = recognizeForm(offer.form, keys);
      if (index < 0 || chosen.has(groups[index]) || [...chosen.values()].some((o) => o.id === offer.id)) continue;
      if (!isAsServed(reads[index].fields, editorsAsServed)) continue;
      chosen.set(groups[index], offer);
    }
    return chosen;
  }

  function showOffer(chosen: Map<FieldGroup, DraftOffer>) {
    const offers = [...chosen.values()].sort((a, b) => b.at - a.at);
    const newest = offers[0];
    const when = typedWhen(newest.at, ports.now(), ports.locale);
    let body =
      newest.locked || !newest.preview ? say('draftPromptLocked', when) : say('draftPromptBody', when, newest.preview);
    if (offers.length > 1) body += ` ${sayCount(say, 'draftPromptMore', offers.length - 1)}`;
    prompt?.dismiss();
    prompt = showDraftPrompt(
      { title: say('draftPromptTitle'), body, restore: say('draftRestore'), dismissLabel: say('draftDismiss') },
      () => {
        void restoreOffered(chosen).catch(report);
      },
    );
  }

  async function restoreOffered(chosen: Map<FieldGroup, DraftOffer>) {
    prompt?.update(say('draftRestoring'), true);
    const problems: string[] = [];
    for (const [group, offer] of chosen) {
      const outcome = await restoreInto(group, offer.id);
      if (outcome === 'locked') {
        prompt?.update(say('draftPromptUnlock'));
        return;
      }
      if (outcome !== 'restored') problems.push(outcome);
    }
    prompt?.dismiss();
    prompt = undefined;
    if (problems.length) showNotice('problem', say('draftRestoreFailedTitle'), problems[0]);
    else showNotice('saved', say('draftRestoredTitle'), say('draftRestoredBody'));
  }

  /** Calls `attempt` until it returns true or OFFER_RETRY_MS have passed (forms rendered late by scripts). */
  function retrying(attempt: () => boolean, onGiveUp?: () => void) {
    if (attempt()) return;
    const until = ports.now() + OFFER_RETRY_MS;
    const again = setInterval(() => {
      if (attempt()) clearInterval(again);
      else if (ports.now() > until) {
        clearInterval(again);
        onGiveUp?.();
      }
    }, OFFER_RETRY_EVERY_MS);
  }

  return {
    /** The person typed here: from now on, changes are saved. What was typed before this code came is saved too. */
    start() {
      if (listening) return;
      listen();
      const first = groupOf(ports.firstTyped);
      if (first) changed(first);
      for (const group of groupsOf(document)) {
        const { fields } = readGroup(group);
        if (!isCleared(fields) && !isAsServed(fields, editorsAsServed)) changed(group);
      }
    },

    /** Drafts of this page that may be restored: offered in a prompt for each form that is here and untouched. */
    offer(call: { offers: DraftOffer[] }) {
      const offers = call.offers.filter((o) => !offered.has(o.id));
      if (!offers.length) return;
      for (const o of offers) offered.add(o.id);
      noteEditors();
      listen();
      retrying(() => {
        const chosen = match(offers);
        if (!chosen.size) return false;
        showOffer(chosen);
        return true;
      });
    },

    /** The person asked (in the popup) to restore this draft here: no prompt, it is filled in. */
    restoreNow(call: { id: string; form: FormKey }) {
      listen();
      retrying(
        () => {
          const groups = groupsOf(document);
          const index = recognizeForm(
            call.form,
            groups.map((g) => readGroup(g).form),
          );
          if (index < 0) return false;
          void restoreInto(groups[index], call.id).then((outcome) => {
            if (outcome === 'restored') showNotice('saved', say('draftRestoredTitle'), say('draftRestoredBody'));
            else if (outcome === 'locked')
              showNotice('problem', say('draftRestoreFailedTitle'), say('draftPromptUnlock'));
            else showNotice('problem', say('draftRestoreFailedTitle'), outcome);
          }, report);
          return true;
        },
        () => showNotice('problem', say('draftRestoreFailedTitle'), say('draftRestoreMissing')),
      );
    },
  };
}

export type DraftsAgent = ReturnType<typeof createDraftsAgent>;
