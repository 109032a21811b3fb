/**
 * Reads and writes of drafts (the `drafts` table). The background is the only writer; each change of
 * a draft's state (core/draft-state.ts) is one transaction here. Sealing and opening happen outside
 * (crypto cannot run inside an IndexedDB transaction): what is stored is what the caller hands in.
 */
import { addExpired, type ExpiredDrafts } from '../core/draft-expiry';
import type { DraftContent, DraftRecord } from '../core/draft-record';
import type { FormKey } from '../core/draft-form';
import { nextDraftState, type DraftEvent } from '../core/draft-state';
import type { SealedPayload } from '../core/sealing';
import type { OutboxDatabase } from './database';
import { readMeta } from './outbox-repository';

/** Meta key of the count of drafts deleted on expiry that the person has not yet seen. */
export const EXPIRED_META_KEY = 'draftsExpired';

export interface DraftWrite {
  writer: string;
  pageKey: string;
  origin: string;
  form: FormKey;
  /** Exactly one of content (readable) and sealed. */
  content?: DraftContent;
  sealed?: SealedPayload;
  now: number;
  /** For a new draft. */
  newId: () => string;
}

export type SaveOutcome =
  { kind: 'saved'; id: string; created: boolean } | { kind: 'ended'; id: string } | { kind: 'none' };

function sameContent(a: DraftContent, b: DraftContent): boolean {
  return (
    a.pageUrl === b.pageUrl && a.pageTitle === b.pageTitle && JSON.stringify(a.fields) === JSON.stringify(b.fields)
  );
}

/**
 * Stores what a form holds now: updates the draft its writer wrote before (if of the same origin:
 * a writer key from another origin is never followed), else creates one. The draft becomes `editing`.
 */
export async function writeDraft(db: OutboxDatabase, write: DraftWrite): Promise<SaveOutcome> {
  return db.transaction('rw', db.drafts, async () => {
    const existing = await db.drafts.where('writer').equals(write.writer).first();
    const payload = write.sealed ? { sealed: write.sealed } : { content: write.content! };
    if (existing && existing.origin === write.origin) {
      // The same content again (the page's copy saved at Submit, arriving after the outbox queued
      // that submission): nothing was typed, so the draft keeps its state and its item.
      if (write.content && existing.content && sameContent(existing.content, write.content))
        return { kind: 'saved', id: existing.id, created: false };
      const { content: _c, sealed: _s, itemId: _i, ...rest } = existing;
      const state = nextDraftState(existing.state, 'typed') as DraftRecord['state'];
      await db.drafts.put({
        ...rest,
        ...payload,
        pageKey: write.pageKey,
        form: write.form,
        state,
        stateSince: state === existing.state ? existing.stateSince : write.now,
        updatedAt: write.now,
      });
      return { kind: 'saved', id: existing.id, created: false };
    }
    const id = write.newId();
    await db.drafts.add({
      id,
      pageKey: write.pageKey,
      origin: write.origin,
      form: write.form,
      state: 'editing',
      stateSince: write.now,
      writer: write.writer,
      createdAt: write.now,
      updatedAt: write.now,
      ...payload,
    });
    return { kind: 'saved', id, created: true };
  });
}

/** Applies `event` to the draft written by `writer` (of `origin`). */
export async function applyToWriter(
  db: OutboxDatabase,
  writer: string,
  origin: string,
  event: DraftEvent,
  now: number,
): Promise<SaveOutcome> {
  return db.transaction('rw', db.drafts, async () => {
    const draft = await db.drafts.where('writer').equals(writer).first();
    if (!draft || draft.origin !== origin) return { kind: 'none' };
    return applyTo(db, draft, event, now);
  });
}

/** Applies `event` to the draft `id`. */
export async function applyToDraft(
  db: OutboxDatabase,
  id: string,
  event: DraftEvent,
  now: number,
): Promise<SaveOutcome> {
  return db.transaction('rw', db.drafts, async () => {
    const draft = await db.drafts.get(id);
    return draft ? applyTo(db, draft, event, now) : { kind: 'none' };
  });
}

async function applyTo(db: OutboxDatabase, draft: DraftRecord, event: DraftEvent, now: number): Promise<SaveOutcome> {
  const next = nextDraftState(draft.state, event);
  if (next === 'ended') {
    await db.drafts.delete(draft.id);
    return { kind: 'ended', id: draft.id };
  }
  if (next !== draft.state) await db.drafts.update(draft.id, { state: next, stateSince: now });
  return { kind: 'saved', id: draft.id, created: false };
}

/** The outbox item `itemId` was delivered: drafts still waiting for it end. Returns how many. */
export async function endForItem(db: OutboxDatabase, itemId: string, now: number): Promise<number> {
  return db.transaction('rw', db.drafts, async () => {
    let ended = 0;
    for (const draft of await db.drafts.where('itemId').equals(itemId).toArray()) {
      if ((await applyTo(db, draft, 'itemSent', now)).kind === 'ended') ended++;
    }
    return ended;
  });
}

/** The drafts of a page (origin + path), newest first. */
export async function draftsOfPage(db: OutboxDatabase, pageKey: string): Promise<DraftRecord[]> {
  const drafts = await db.drafts.where('pageKey').equals(pageKey).toArray();
  return drafts.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** The pages (origin + path) that have drafts. */
export async function draftPages(db: OutboxDatabase): Promise<Set<string>> {
  return new Set((await db.drafts.orderBy('pageKey').uniqueKeys()) as string[]);
}

/** Makes `writer` the draft's writer (a document that restored it goes on writing to it). */
export async function setWriter(db: OutboxDatabase, id: string, writer: string): Promise<void> {
  await db.transaction('rw', db.drafts, async () => {
    // One writer per draft: another draft this writer wrote keeps its own (older) copy under no writer.
    for (const other of await db.drafts.where('writer').equals(writer).toArray())
      if (other.id !== id) await db.drafts.update(other.id, { writer: `restored:${other.id}` });
    await db.drafts.update(id, { writer });
  });
}

/**
 * Deletes drafts last typed before `cutoff` and adds them to the count the popup shows. Returns how
 * many were deleted.
 */
export async function pruneExpiredDrafts(db: OutboxDatabase, cutoff: number, now: number): Promise<number> {
  return db.transaction('rw', db.drafts, db.meta, async () => {
    const ids = await db.drafts.where('updatedAt').below(cutoff).primaryKeys();
    if (!ids.length) return 0;
    await db.drafts.bulkDelete(ids);
    const counted = addExpired(await readMeta<ExpiredDrafts>(db, EXPIRED_META_KEY), ids.length, now);
    await db.meta.put({ key: EXPIRED_META_KEY, value: counted });
    return ids.length;
  });
}

/** The person saw the count of expired drafts. */
export async function clearExpiredCount(db: OutboxDatabase): Promise<void> {
  await db.meta.delete(EXPIRED_META_KEY);
}

/** Every draft, newest first (the popup, the export). */
export async function readAllDrafts(db: OutboxDatabase): Promise<DraftRecord[]> {
  return await db.drafts.orderBy('updatedAt').reverse().toArray();
}

/**
 * Converts every draft for which `needs` holds with `convert` (seal or open), one transaction per
 * draft, and only if it did not change meanwhile. True when none is left to do.
 */
export async function convertDrafts(
  db: OutboxDatabase,
  needs: (draft: DraftRecord) => boolean,
  convert: (draft: DraftRecord) => Promise<DraftRecord>,
): Promise<boolean> {
  let done = true;
  for (const id of await db.drafts.toCollection().primaryKeys()) {
    const draft = await db.drafts.get(id);
    if (!draft || !needs(draft)) continue;
    const converted = await convert(draft);
    const stored = await db.transaction('rw', db.drafts, async () => {
      const now = await db.drafts.get(id);
      if (!now || now.updatedAt !== draft.updatedAt || !!now.sealed !== !!draft.sealed) return false;
      const { itemId: _item, ...body } = converted;
      await db.drafts.put({
        ...body,
        state: now.state,
        stateSince: now.stateSince,
        writer: now.writer,
        ...(now.itemId ? { itemId: now.itemId } : {}),
      });
      return true;
    });
    if (!stored) done = false;
  }
  return done;
}
