/**
 * The background's drafts (docs/drafts.md): what people type into forms, kept until the submission
 * is delivered. The background is the only writer of the drafts table; content scripts never open
 * IndexedDB. What it does:
 *   - a document's first typing (draftStarted): inject the drafts code into that document, if drafts
 *     are kept on its page (settings; never in private windows, never in sandboxed documents);
 *   - saves (saveDraft): one draft per form of a document, sealed when encryption is on (the
 *     public key is enough, so drafts are sealed while locked too);
 *   - a page with drafts finishes loading (webNavigation): inject the drafts code and offer them;
 *     values go only to a document of the draft's origin, and only when the person asks (restoreDraft);
 *   - endings: a native submission the server accepted (webRequest statuses and webNavigation commits
 *     of the frame, judged by core/submission-watch.ts), an outbox item sent (the outbox links the
 *     draft as it stores the item, draftLinkFor says which; onItemSent ends it), the page showing
 *     the form cleared, discard, expiry.
 * The page's address and origin are always the browser's (PageSender), never the message's.
 */
import { draftPreview, hasContent, pageKeyOf, recognizeForm, type FormKey } from '../core/draft-form';
import { expiryCutoff } from '../core/draft-expiry';
import { validateDraftSave, type DraftOffer, type DraftRecord } from '../core/draft-record';
import { isOffered } from '../core/draft-state';
import { sealPayload } from '../core/sealing';
import { isOpaque, type PageSender } from '../core/sender';
import { refused, type FailureCode } from '../core/failure';
import { draftVerdict, type Settings } from '../core/settings';
import { createFrameLog, judgeSubmission, type FrameEvent } from '../core/submission-watch';
import type { SubmissionRequest } from '../core/types';
import type { OutboxDatabase } from '../db/database';
import type { DraftLink } from '../db/outbox-repository';
import * as drafts from '../db/draft-repository';
import type { MessageHandlers } from './message-gate';
import type { Vault } from './vault';
import { logFailure } from '../core/log';

type DraftMessage =
  | 'draftStarted'
  | 'saveDraft'
  | 'draftSubmitted'
  | 'restoreDraft'
  | 'discardDraft'
  | 'undoDiscardDraft'
  | 'discardAllDrafts'
  | 'openDraft'
  | 'clearExpiredDrafts';
export type DraftHandlers = Pick<MessageHandlers, DraftMessage>;

/** What the background asks of the drafts code in a page (entrypoints/drafts.ts). */
export type DraftsCall =
  { kind: 'start' } | { kind: 'offer'; offers: DraftOffer[] } | { kind: 'restoreNow'; id: string; form: FormKey };

/** A document the drafts code is injected into. */
export interface DraftTarget {
  tabId: number;
  frameId: number;
  documentId?: string;
}

export interface DraftsDeps {
  db: OutboxDatabase;
  vault: Pick<Vault, 'sealingKey' | 'openDraft' | 'isLocked'>;
  /** The current settings (once read). */
  settings(): Promise<Settings>;
  /** Resolves once the background's start-up is done. */
  started(): Promise<void>;
  now(): number;
  /** Injects the drafts code into `target` (if it is still a document of `origin`) and calls it there. */
  callPage(target: DraftTarget, origin: string, call: DraftsCall): Promise<void>;
  /** Opens `url` in a new tab; returns its id. */
  openTab(url: string): Promise<number>;
  /** Whether the tab is in a private window (nothing is offered there). */
  isPrivateTab(tabId: number): Promise<boolean>;
  /** Shows the person where to enter the passphrase (a locked draft was asked for). */
  showUnlock(): Promise<void>;
  /** Pending "open and restore" tabs, kept across worker restarts (storage.session). */
  pendingOpens: {
    read(): Promise<Record<string, { id: string; at: number }>>;
    write(value: Record<string, { id: string; at: number }>): Promise<void>;
  };
}

/** A discarded draft can be put back this long (kept in memory only: nothing discarded stays on disk). */
export const DRAFT_UNDO_MS = 10 * 60_000;
/** An "open and restore" tab that has not loaded by then is forgotten. */
export const OPEN_TTL_MS = 2 * 60_000;
const PRUNE_EVERY_MS = 60_000;
const REJUDGE_MS = 1_000;
const UNLOCK_PROMPT_EVERY_MS = 10_000;

const NOT_HERE = refused('draftNotHere');
const GONE = refused('draftGone');

/** Why drafts are not kept for this sender, or undefined when they are. */
export const DRAFT_REFUSALS: Record<'opaque' | 'off' | 'paused' | 'site-off', FailureCode> = {
  opaque: 'draftsSandboxed',
  off: 'draftsOff',
  paused: 'paused',
  'site-off': 'draftsSiteOff',
};

/** The writer key of a form of a document (see DraftRecord.writer). */
export function writerOf(sender: PageSender, doc: string, slot: number): string {
  return `${documentPrefix(sender.tabId, sender.frameId, sender.documentId)}${doc}|${slot}`;
}

function documentPrefix(tabId: number, frameId: number, documentId?: string): string {
  return `${tabId}:${frameId}|${documentId ?? ''}|`;
}

function isId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length < 200;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function createDrafts(deps: DraftsDeps) {
  const { db } = deps;
  let pages: Promise<Set<string>> | undefined;
  let lastPrune = 0;
  let lastUnlockPrompt = 0;
  const trash = new Map<string, { draft: DraftRecord; at: number }>();
  const frames = createFrameLog();
  /** Native submissions waiting for the server's answer, by tab:frame. */
  const watches = new Map<string, Array<{ draftId: string; at: number }>>();
  const rejudging = new Set<string>();

  const pageIndex = () =>
    (pages ??= drafts.draftPages(db).catch((error: unknown) => {
      pages = undefined;
      throw error;
    }));
  const pagesChanged = () => void (pages = undefined);

  async function refusal(sender: PageSender): Promise<FailureCode | undefined> {
    if (isOpaque(sender)) return DRAFT_REFUSALS.opaque;
    if (!pageKeyOf(sender.url)) return DRAFT_REFUSALS['site-off'];
    const verdict = draftVerdict(await deps.settings(), sender.url);
    return verdict === 'keep' ? undefined : DRAFT_REFUSALS[verdict];
  }

  /** Deletes drafts past the retention (counted for the popup). Throttled unless `force`. */
  async function pruneExpired(force = false): Promise<number> {
    const now = deps.now();
    if (!force && now - lastPrune < PRUNE_EVERY_MS) return 0;
    lastPrune = now;
    const settings = await deps.settings();
    const deleted = await drafts.pruneExpiredDrafts(db, expiryCutoff(now, settings.keepDraftsMs), now);
    if (deleted) pagesChanged();
    for (const [id, entry] of trash) if (now - entry.at > DRAFT_UNDO_MS) trash.delete(id);
    return deleted;
  }

  /** Judges the native submissions waiting in this frame. */
  async function judge(tabId: number, frameId: number): Promise<void> {
    const key = `${tabId}:${frameId}`;
    const waiting = watches.get(key);
    if (!waiting?.length) return;
    // Taken out while judged: a concurrent judge (another event) finds nothing to judge twice.
    watches.delete(key);
    const now = deps.now();
    const left: typeof waiting = [];
    for (const watch of waiting) {
      const verdict = judgeSubmission(watch.at, frames.events(tabId, frameId), now);
      if (verdict === 'waiting') {
        left.push(watch);
        continue;
      }
      const outcome = await drafts.applyToDraft(db, watch.draftId, verdict, now);
      if (outcome.kind === 'ended') pagesChanged();
    }
    if (left.length) {
      watches.set(key, [...left, ...(watches.get(key) ?? [])]);
      // Judged again until there is a verdict (at the latest after SUBMISSION_WAIT_MS).
      if (!rejudging.has(key)) {
        rejudging.add(key);
        setTimeout(() => {
          rejudging.delete(key);
          void judge(tabId, frameId).catch(logFailure('drafts'));
        }, REJUDGE_MS);
      }
    }
  }

  function note(tabId: number, frameId: number, event: FrameEvent) {
    frames.add(tabId, frameId, event, deps.now());
    if (watches.has(`${tabId}:${frameId}`)) void judge(tabId, frameId).catch(logFailure('drafts'));
  }

  /** The drafts offered on `pageKey`, newest first (one per form is chosen by the page). */
  async function offersFor(pageKey: string, url: string): Promise<DraftOffer[]> {
    const now = deps.now();
    const all = await drafts.draftsOfPage(db, pageKey);
    const locked = await deps.vault.isLocked();
    const offers: Array<DraftOffer & { exact: boolean }> = [];
    for (const draft of all) {
      const itemStatus = draft.itemId ? (await db.items.get(draft.itemId))?.status : undefined;
      if (!isOffered(draft.state, draft.stateSince, now, itemStatus)) continue;
      if (draft.sealed && locked) {
        offers.push({ id: draft.id, at: draft.updatedAt, form: draft.form, locked: true, exact: false });
        continue;
      }
      const opened = await deps.vault.openDraft(draft).catch(() => undefined);
      if (!opened?.content) continue;
      offers.push({
        id: draft.id,
        at: draft.updatedAt,
        form: draft.form,
        preview: draftPreview(opened.content.fields),
        locked: false,
        exact: opened.content.pageUrl === url,
      });
    }
    // A draft typed on this very address (query included) comes before others of the same path.
    return offers
      .sort((a, b) => Number(b.exact) - Number(a.exact) || b.at - a.at)
      .map(({ exact: _exact, ...offer }) => offer);
  }

  const handlers: DraftHandlers = {
    async draftStarted(_data, sender) {
      const refusedCode = await refusal(sender);
      if (refusedCode) return refused(refusedCode);
      await deps.callPage(
        { tabId: sender.tabId, frameId: sender.frameId, documentId: sender.documentId },
        sender.origin,
        { kind: 'start' },
      );
      return { ok: true };
    },

    async saveDraft(data, sender) {
      const valid = validateDraftSave(data);
      if (valid !== true) return { ok: false, ...valid };
      // Not kept here by the person's choice (or a sandboxed page): not a failure to tell about.
      if (await refusal(sender)) return { ok: true, kept: false };
      await deps.started();
      const pageKey = pageKeyOf(sender.url)!;
      const now = deps.now();
      const key = await deps.vault.sealingKey();
      for (const form of data.forms) {
        const writer = writerOf(sender, data.doc, form.slot);
        if (form.cleared || !form.fields.some(hasContent)) {
          if ((await drafts.applyToWriter(db, writer, sender.origin, 'cleared', now)).kind === 'ended') pagesChanged();
          continue;
        }
        const content = { pageUrl: sender.url, pageTitle: data.title, fields: form.fields };
        const sealed = key ? await sealPayload(key, JSON.stringify(content), []) : undefined;
        const saved = await drafts.writeDraft(db, {
          writer,
          pageKey,
          origin: sender.origin,
          form: form.form,
          ...(sealed ? { sealed } : { content }),
          now,
          newId: () => crypto.randomUUID(),
        });
        if (saved.kind === 'saved' && saved.created) pagesChanged();
      }
      void pruneExpired().catch(logFailure('drafts expiry'));
      return { ok: true, kept: true };
    },

    async draftSubmitted(data, sender) {
      if (
        typeof data?.doc !== 'string' ||
        data.doc.length > 100 ||
        !Number.isInteger(data.slot) ||
        typeof data.byScript !== 'boolean' ||
        typeof data.at !== 'number' ||
        !Number.isFinite(data.at)
      ) {
        return refused('malformed');
      }
      await deps.started();
      const now = deps.now();
      const writer = writerOf(sender, data.doc, data.slot);
      const outcome = await drafts.applyToWriter(
        db,
        writer,
        sender.origin,
        data.byScript ? 'submittedByScript' : 'submitted',
        now,
      );
      if (outcome.kind !== 'saved' || data.byScript) return { ok: true };
      // The page's clock says when the form left; never later than now (a page cannot postpone the verdict).
      const at = Math.min(data.at, now);
      const key = `${sender.tabId}:${sender.frameId}`;
      watches.set(key, [
        ...(watches.get(key) ?? []).filter((w) => w.draftId !== outcome.id),
        { draftId: outcome.id, at },
      ]);
      await judge(sender.tabId, sender.frameId);
      return { ok: true };
    },

    async restoreDraft(data, sender) {
      if (!isId(data?.id) || typeof data.doc !== 'string' || data.doc.length > 100 || !Number.isInteger(data.slot))
        return refused('malformed');
      if (isOpaque(sender)) return refused(DRAFT_REFUSALS.opaque);
      const draft = await db.drafts.get(data.id);
      // Only a document of the draft's origin (the browser's word) is given its values.
      if (!draft || draft.origin !== sender.origin) return NOT_HERE;
      if (draft.sealed && (await deps.vault.isLocked())) {
        const now = deps.now();
        if (now - lastUnlockPrompt > UNLOCK_PROMPT_EVERY_MS) {
          lastUnlockPrompt = now;
          await deps.showUnlock().catch(logFailure('unlock page'));
        }
        return { ok: true, locked: true };
      }
      const opened = await deps.vault.openDraft(draft);
      if (!opened.content) return NOT_HERE;
      await drafts.setWriter(db, draft.id, writerOf(sender, data.doc, data.slot));
      return { ok: true, locked: false, form: opened.form, fields: opened.content.fields };
    },

    async discardDraft(data) {
      if (!isId(data?.id)) return refused('malformed');
      const draft = await db.drafts.get(data.id);
      if (!draft) return GONE;
      await db.drafts.delete(draft.id);
      trash.set(draft.id, { draft, at: deps.now() });
      pagesChanged();
      return { ok: true };
    },

    async undoDiscardDraft(data) {
      if (!isId(data?.id)) return refused('malformed');
      const entry = trash.get(data.id);
      if (!entry || deps.now() - entry.at > DRAFT_UNDO_MS) return refused('notRestorable');
      trash.delete(data.id);
      // Sealed since it was discarded? It goes back as it was: the vault's next pass seals it.
      await db.drafts.put(entry.draft);
      pagesChanged();
      return { ok: true };
    },

    async discardAllDrafts() {
      const count = await db.drafts.count();
      await db.drafts.clear();
      trash.clear();
      pagesChanged();
      return { ok: true, count };
    },

    async openDraft(data) {
      if (!isId(data?.id)) return refused('malformed');
      const draft = await db.drafts.get(data.id);
      if (!draft) return GONE;
      if (draft.sealed && (await deps.vault.isLocked())) return refused('draftLocked');
      const opened = await deps.vault.openDraft(draft);
      const url = opened.content?.pageUrl;
      if (!url || originOf(url) !== draft.origin) return refused('draftNoAddress');
      const tabId = await deps.openTab(url);
      const pending = await deps.pendingOpens.read();
      const now = deps.now();
      for (const [id, entry] of Object.entries(pending)) if (now - entry.at > OPEN_TTL_MS) delete pending[id];
      pending[tabId] = { id: draft.id, at: now };
      await deps.pendingOpens.write(pending);
      return { ok: true, tabId };
    },

    async clearExpiredDrafts() {
      await drafts.clearExpiredCount(db);
      return { ok: true };
    },
  };

  return {
    handlers,
    pruneExpired,

    /** The drafts table changed behind the handlers' back (an import, "delete everything"): forget what was remembered of it. */
    forgetMemory(): void {
      trash.clear();
      watches.clear();
      rejudging.clear();
      pagesChanged();
    },

    /**
     * A document finished loading: if its page has drafts, the drafts code is injected and offers
     * them (or, in a tab opened to restore one, restores it).
     */
    async onPageLoaded(details: { tabId: number; frameId: number; url: string; documentId?: string }): Promise<void> {
      const pageKey = pageKeyOf(details.url);
      const origin = originOf(details.url);
      if (!pageKey || !origin || details.tabId < 0) return;
      const target = {
        tabId: details.tabId,
        frameId: details.frameId,
        ...(details.documentId ? { documentId: details.documentId } : {}),
      };
      if (details.frameId === 0) {
        const pending = await deps.pendingOpens.read();
        const open = pending[details.tabId];
        if (open) {
          delete pending[details.tabId];
          await deps.pendingOpens.write(pending);
          const draft = await db.drafts.get(open.id);
          // Only into a document of the draft's origin: the page may have redirected elsewhere.
          if (draft && draft.origin === origin && deps.now() - open.at <= OPEN_TTL_MS) {
            await deps.callPage(target, draft.origin, { kind: 'restoreNow', id: draft.id, form: draft.form });
          }
          return;
        }
      }
      if (!(await pageIndex()).has(pageKey)) return;
      if (draftVerdict(await deps.settings(), details.url) !== 'keep') return;
      if (await deps.isPrivateTab(details.tabId)) return;
      await deps.started();
      const offers = await offersFor(pageKey, details.url);
      if (offers.length) await deps.callPage(target, origin, { kind: 'offer', offers });
    },

    /** A document request of a frame got its response headers (webRequest). */
    onResponse(details: { tabId: number; frameId: number; statusCode: number; timeStamp: number }) {
      if (details.tabId < 0) return;
      note(details.tabId, details.frameId, { kind: 'response', at: details.timeStamp, status: details.statusCode });
    },
    /** A new document committed in a frame (webNavigation). */
    onCommitted(details: { tabId: number; frameId: number; timeStamp: number }) {
      if (details.tabId < 0) return;
      note(details.tabId, details.frameId, { kind: 'committed', at: details.timeStamp });
    },
    /** A frame's navigation failed (webNavigation). */
    onNavigationError(details: { tabId: number; frameId: number; timeStamp: number }) {
      if (details.tabId < 0) return;
      note(details.tabId, details.frameId, { kind: 'failed', at: details.timeStamp });
    },
    onTabRemoved(tabId: number) {
      frames.forgetTab(tabId);
      for (const key of [...watches.keys()]) if (key.startsWith(`${tabId}:`)) watches.delete(key);
    },

    /**
     * How to find the draft of the form a submission from `from` came from (same document and origin,
     * the form's action or field names matching): the outbox links it to the item as it stores it
     * (db/outbox-repository.ts enqueueItem), and the draft then waits for that item.
     */
    draftLinkFor(
      request: SubmissionRequest,
      from: { pageUrl: string; tabId: number; frameId?: number; documentId?: string },
    ): DraftLink | undefined {
      const origin = originOf(from.pageUrl);
      if (!origin) return undefined;
      const action = pageKeyOf(request.url) ?? '';
      const submitted: FormKey = {
        kind: 'form',
        action,
        names: [...new Set(request.entries.map((e) => e.name))].sort(),
        index: -1,
      };
      return {
        writerPrefix: documentPrefix(from.tabId, from.frameId ?? 0, from.documentId),
        choose(found) {
          const candidates = found.filter((d) => d.origin === origin);
          // The form whose key matches best (forms the submission's names do not overlap are not it).
          const best = recognizeForm(
            submitted,
            candidates.map((d) => ({ ...d.form, index: -1 })),
          );
          return best >= 0
            ? candidates[best]
            : candidates.find((d) => d.form.kind === 'form' && d.form.action === action);
        },
      };
    },

    /** The outbox item `itemId` was delivered: the draft waiting for it ends. */
    async onItemSent(itemId: string): Promise<void> {
      if (await drafts.endForItem(db, itemId, deps.now())) pagesChanged();
    },
  };
}

export type Drafts = ReturnType<typeof createDrafts>;
