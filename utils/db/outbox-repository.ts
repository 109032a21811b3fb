/**
 * Reads and writes of the outbox. Every transition of the item state machine (see OutboxItem) is
 * one transaction here, so the stored state is always the truth, whatever stops the worker; each one
 * notes its status change for the counts (status-counts.ts).
 */
import Dexie from 'dexie';
import { interruptedError, type SendOutcome } from '../core/outcome';
import { scrubbedRecords } from '../core/sealed-item';
import type { SealedPayload } from '../core/sealing';
import type { FormEntry, ItemError, OutboxItem, SubmissionRequest, SubmissionSource } from '../core/types';
import { isWellFormedItem } from '../core/item-validation';
import { queuedFor, type DraftRecord } from '../core/draft-record';
import { logFailure } from '../core/log';
import type { OutboxDatabase, ReplyRecord } from './database';
import { inGroupCommit, type Durability } from './group-commit';
import {
  applyStatusChanges,
  countedTransaction,
  noteStatusChange,
  readCountsForUpdate,
  readStatusCounts,
  recountStatuses,
  type QueueCounts,
} from './status-counts';

export { dropUpload, pruneStaleUploads, stageChunk, takeUpload } from './upload-staging';
export type { Durability } from './group-commit';
export type { QueueCounts } from './status-counts';

/** How long an identical unsent submission folds into the existing item (double Submit). */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export interface EnqueueInput {
  request: SubmissionRequest;
  source: SubmissionSource;
  fingerprint: string;
  now: number;
  id?: string;
  /** For a rescued submission whose request may already have reached the server: stored failed, for a person to decide. */
  maybeSentError?: ItemError;
  /** The encrypted payload, when `request`/`source` are the readable parts of a sealed item. */
  sealed?: SealedPayload;
  /** The draft of the form it came from, linked to the item in the item's own transaction. */
  draftLink?: DraftLink;
}

/** Finds the draft a captured submission came from (background/drafts.ts decides which). */
export interface DraftLink {
  /** Drafts written by the submitting document ("<tab>:<frame>|<documentId>|"). */
  writerPrefix: string;
  /** The submitted form's draft among them, if any. */
  choose(candidates: DraftRecord[]): DraftRecord | undefined;
}

/** The payload parts of an item: replaced together when an item is sealed, opened, edited or refreshed. */
export interface PayloadParts {
  request: SubmissionRequest;
  source: SubmissionSource;
  sealed?: SealedPayload;
}

function withParts(item: OutboxItem, parts: PayloadParts): OutboxItem {
  const { sealed: _old, ...rest } = item;
  const next: OutboxItem = {
    ...rest,
    request: parts.request,
    source: parts.source,
    ...(parts.sealed ? { sealed: parts.sealed } : {}),
  };
  return parts.sealed ? { ...next, ...scrubbedRecords(next) } : next;
}

export interface EnqueueResult {
  id: string;
  duplicate: boolean;
}

/**
 * Stores a new pending item, or returns the existing one when the same submission is still
 * unsent (pending, sending, failed) and was captured within DUPLICATE_WINDOW_MS.
 */
export async function enqueueItem(db: OutboxDatabase, input: EnqueueInput): Promise<EnqueueResult> {
  const { draftLink } = input;
  return countedTransaction(db, draftLink ? ['items', 'drafts'] : ['items'], async () => {
    // The capture waits for this transaction: its requests are issued together (one round trip for
    // the reads, one for the writes) rather than one after the other, each a round trip of its own;
    // the draft's link commits with the item (one disk flush for both, never one without the other).
    const counts = readCountsForUpdate(db);
    const [twins, last, drafts] = await Promise.all([
      db.items.where('fingerprint').equals(input.fingerprint).toArray(),
      db.meta.get('seq'),
      draftLink ? db.drafts.where('writer').startsWith(draftLink.writerPrefix).toArray() : [],
      counts, // awaited here too, so that a duplicate (which writes no counts) leaves no read behind
    ]);
    const draft = chosenDraft(draftLink, drafts);
    const twin = twins.find((i) => i.status !== 'sent' && input.now - i.capturedAt < DUPLICATE_WINDOW_MS);
    if (twin) {
      if (draft) await db.drafts.put(queuedFor(draft, twin.id, input.now));
      return { id: twin.id, duplicate: true };
    }
    // No counter yet (a fresh or a version 1 database): continue after the highest stored seq.
    const seq = (typeof last?.value === 'number' ? last.value : ((await db.items.orderBy('seq').last())?.seq ?? 0)) + 1;
    const id = input.id ?? crypto.randomUUID();
    noteStatusChange(undefined, input.maybeSentError ? 'failed' : 'pending');
    await Promise.all([
      db.meta.put({ key: 'seq', value: seq }),
      db.items.add({
        id,
        idempotencyKey: id,
        seq,
        origin: new URL(input.request.url).origin,
        status: 'pending',
        request: input.request,
        source: input.source,
        fingerprint: input.fingerprint,
        capturedAt: input.now,
        updatedAt: input.now,
        attempts: 0,
        nextAttemptAt: input.now,
        ...(input.sealed ? { sealed: input.sealed } : {}),
        ...(input.maybeSentError
          ? { status: 'failed' as const, maybeSent: true, lastError: input.maybeSentError }
          : {}),
      }),
      applyStatusChanges(db, counts),
      draft ? db.drafts.put(queuedFor(draft, id, input.now)) : undefined,
    ]);
    return { id, duplicate: false };
  });
}

/** The draft to link, if any: a draft record it cannot make sense of never costs the capture. */
function chosenDraft(link: DraftLink | undefined, drafts: DraftRecord[]): DraftRecord | undefined {
  try {
    return link?.choose(drafts);
  } catch (error) {
    logFailure('no draft linked to a queued submission')(error);
    return undefined;
  }
}

/** Meta keys under which records that are not items are kept aside (see quarantine). */
export const QUARANTINE_PREFIX = 'corrupt:';

/** What the replay needs of a pending item to order and schedule it. */
export interface PendingEntry {
  id: string;
  origin: string;
  seq: number;
  nextAttemptAt: number;
}

const PENDING_KEYS = '[status+origin+seq+nextAttemptAt]';

/**
 * Every pending item's id, origin, capture order and due time, read from the keys of one index: no
 * record is read (a queue of tens of thousands of items costs a key scan, not its payloads). A
 * pending record the index cannot hold (missing fields: another version, a bug, a hand edit) is
 * reported through `onCorrupt` and moved aside (quarantine), so that it neither hides nor stalls;
 * one that is indexed but malformed otherwise is caught when leased.
 */
export async function listPending(
  db: OutboxDatabase,
  onCorrupt?: (id: unknown, why: string) => void,
): Promise<PendingEntry[]> {
  const entries: PendingEntry[] = [];
  let unindexed: OutboxItem[] = [];
  let countsDrifted = false;
  // One read transaction: an item stored meanwhile is in both reads or in neither.
  await db.transaction('r', db.items, db.meta, async () => {
    // Every key starting with 'pending' sorts between ['pending'] and ['pending', []] (arrays sort last).
    await db.items
      .where(PENDING_KEYS)
      .between(['pending'], ['pending', []])
      .eachKey((key, cursor) => {
        const [, origin, seq, nextAttemptAt] = key as [string, string, number, number];
        entries.push({ id: cursor.primaryKey as string, origin, seq, nextAttemptAt });
      });
    const pending = await db.items.where('status').equals('pending').count();
    // The kept counts checked against the truth this scan has anyway: a record written behind the
    // extension's back (another version, a hand edit) would leave them wrong for good.
    countsDrifted = (await readStatusCounts(db)).pending !== pending;
    if (pending === entries.length) return;
    const listed = new Set(entries.map((e) => e.id));
    const missing = (await db.items.where('status').equals('pending').primaryKeys()).filter((id) => !listed.has(id));
    unindexed = (await db.items.bulkGet(missing)).filter((row): row is OutboxItem => row !== undefined);
  });
  for (const row of unindexed)
    onCorrupt?.(row.id, String(isWellFormedItem(row) === true ? 'not indexable' : isWellFormedItem(row)));
  if (unindexed.length) await quarantine(db, unindexed);
  else if (countsDrifted) await recountStatuses(db);
  return entries;
}

/**
 * Moves records that are not well-formed items out of the queue, keeping them as they were (meta
 * `corrupt:<id>`). The counts are walked again: such a record was probably never counted.
 */
export async function quarantine(db: OutboxDatabase, rows: readonly unknown[]): Promise<void> {
  await db.transaction('rw', db.items, db.replies, db.meta, async () => {
    for (const row of rows) {
      const id = (row as { id?: unknown })?.id;
      if (typeof id !== 'string') continue;
      await db.meta.put({ key: QUARANTINE_PREFIX + id, value: row });
      await db.items.delete(id);
      await db.replies.delete(id);
    }
    await recountStatuses(db);
  });
}

/**
 * pending -> sending, counting the attempt, for every id, in one strict commit (a group commit,
 * above): on disk before any of their requests may leave. Per id, in order, the leased item, or
 * undefined when it is gone or not pending.
 */
export async function leaseItems(
  db: OutboxDatabase,
  ids: readonly string[],
  now: number,
): Promise<Array<OutboxItem | undefined>> {
  return inGroupCommit(db, 'strict', () =>
    Promise.all(
      ids.map(async (id) => {
        const item = await db.items.get(id);
        if (!item || item.status !== 'pending') return undefined;
        if (isWellFormedItem(item) !== true) {
          // Indexed but malformed: aside, in this same transaction (see listPending).
          noteStatusChange('pending', undefined);
          await Promise.all([
            db.meta.put({ key: QUARANTINE_PREFIX + id, value: item }),
            db.items.delete(id),
            db.replies.delete(id),
          ]);
          return undefined;
        }
        const leased: OutboxItem = { ...item, status: 'sending', attempts: item.attempts + 1, updatedAt: now };
        await db.items.put(leased);
        noteStatusChange('pending', 'sending');
        return leased;
      }),
    ),
  );
}

/** leaseItems for one item. */
export async function leaseItem(db: OutboxDatabase, id: string, now: number): Promise<OutboxItem | undefined> {
  return (await leaseItems(db, [id], now))[0];
}

/** sending -> pending for a leased item that was never sent, its attempt no longer counted. */
async function releaseOne(db: OutboxDatabase, leased: OutboxItem, now: number): Promise<void> {
  const current = await db.items.get(leased.id);
  // Only the lease it was given: not an item settled, discarded or leased again meanwhile.
  if (!current || current.status !== 'sending' || current.attempts !== leased.attempts) return;
  await db.items.put({ ...current, status: 'pending', attempts: Math.max(0, current.attempts - 1), updatedAt: now });
  noteStatusChange('sending', 'pending');
}

/**
 * sending -> pending for leased items that were never sent (a replay lane that stopped before their
 * turn): due as they were, the attempt not counted. Group-committed with `durability` (relaxed for
 * the replay: if the write is lost with the machine, the items are found in `sending` and recovered
 * as "maybe sent", the cost documented in the replay engine).
 */
export async function releaseLeased(
  db: OutboxDatabase,
  items: readonly OutboxItem[],
  now: number,
  durability: Durability = 'strict',
): Promise<void> {
  if (!items.length) return;
  await inGroupCommit(db, durability, () => Promise.all(items.map((item) => releaseOne(db, item, now))));
}

export interface SettleOptions {
  /** Leased items never sent, given back in the same transaction (see releaseLeased). */
  released?: readonly OutboxItem[];
  /**
   * Relaxed for the replay: the item was durably in `sending` since its lease, so a lost outcome
   * leaves it there, to be recovered as "maybe sent" (and the next strict commit flushes it).
   */
  durability?: Durability;
  /** The server's answer, readable or sealed, stored with the outcome (replacing the last one). */
  reply?: Omit<ReplyRecord, 'itemId' | 'at'>;
}

/**
 * sending -> sent | pending (retry) | failed, as classified; with `released` given back in the same
 * transaction. Committed in a group commit (above), strict unless asked otherwise.
 */
export async function settleItem(
  db: OutboxDatabase,
  item: OutboxItem,
  outcome: SendOutcome,
  now: number,
  options: SettleOptions = {},
): Promise<void> {
  await inGroupCommit(db, options.durability ?? 'strict', async () => {
    await Promise.all((options.released ?? []).map((released) => releaseOne(db, released, now)));
    const current = await db.items.get(item.id);
    if (!current || current.status !== 'sending') return; // discarded meanwhile
    noteStatusChange('sending', outcome.kind === 'sent' ? 'sent' : outcome.kind === 'retry' ? 'pending' : 'failed');
    // A sealed item keeps no query readable in its error or result (what the user typed).
    const readable = (records: { lastError?: ItemError; result?: OutboxItem['result'] }) =>
      current.sealed ? scrubbedRecords(records) : records;
    const withReply = options.reply ? { hasReply: true } : {};
    if (options.reply) await db.replies.put({ itemId: item.id, at: now, ...options.reply });
    if (outcome.kind === 'sent') {
      // maybeSent stays: the server may hold an earlier copy of what it just accepted.
      await Promise.all([
        db.items.put({
          ...current,
          ...withReply,
          status: 'sent',
          ...readable({ result: outcome.result }),
          lastError: undefined,
          updatedAt: now,
        }),
        db.meta.put({ key: 'lastSentAt', value: now }),
      ]);
    } else if (outcome.kind === 'retry') {
      await db.items.put({
        ...current,
        ...withReply,
        status: 'pending',
        nextAttemptAt: outcome.at,
        ...readable({ lastError: outcome.error }),
        updatedAt: now,
      });
    } else {
      await db.items.put({
        ...current,
        ...withReply,
        status: 'failed',
        ...readable({ lastError: outcome.error }),
        updatedAt: now,
      });
    }
  });
}

/**
 * Replaces the request entries of an item being sent (fresh CSRF token values taken from its page).
 * The Idempotency-Key and fingerprint stay: it is the same submission. Returns the updated item, or
 * undefined when it is no longer in `sending` (discarded meanwhile).
 */
export async function replaceLeasedEntries(
  db: OutboxDatabase,
  id: string,
  entries: FormEntry[],
  now: number,
): Promise<OutboxItem | undefined> {
  return db.transaction('rw', db.items, async () => {
    const item = await db.items.get(id);
    if (!item || item.status !== 'sending') return undefined;
    const updated: OutboxItem = { ...item, request: { ...item.request, entries }, updatedAt: now };
    await db.items.put(updated);
    return updated;
  });
}

/** Replaces the payload of an item being sent (fresh token values of a sealed item). Undefined when it is no longer in `sending`. */
export async function replaceLeasedPayload(
  db: OutboxDatabase,
  id: string,
  parts: PayloadParts,
  now: number,
): Promise<OutboxItem | undefined> {
  return db.transaction('rw', db.items, async () => {
    const item = await db.items.get(id);
    if (!item || item.status !== 'sending') return undefined;
    const updated = { ...withParts(item, parts), updatedAt: now };
    await db.items.put(updated);
    return updated;
  });
}

/**
 * Replaces the payload of an item at rest (sealing or opening it when encryption is turned on or
 * off), only if it is not being sent and has not changed since it was read (`updatedAt`).
 */
export async function replacePayload(
  db: OutboxDatabase,
  id: string,
  readAt: number,
  parts: PayloadParts,
  fingerprint?: string,
): Promise<boolean> {
  return db.transaction('rw', db.items, async () => {
    const item = await db.items.get(id);
    if (!item || item.status === 'sending' || item.updatedAt !== readAt) return false;
    await db.items.put({ ...withParts(item, parts), ...(fingerprint ? { fingerprint } : {}) });
    return true;
  });
}

/**
 * Start-up recovery: items left in `sending` by a stopped worker go back to pending, marked
 * `maybeSent` (the request may have reached the server), due now. Returns how many were recovered.
 * They include the leased items of a replay batch whose turn had not come (leaseItems): nothing
 * tells them apart from the one being sent, so they are flagged too (resent with their key).
 */
export async function recoverInterrupted(db: OutboxDatabase, now: number): Promise<number> {
  return countedTransaction(db, ['items'], async () => {
    const stuck = await db.items.where('status').equals('sending').toArray();
    for (const item of stuck) {
      noteStatusChange('sending', 'pending');
      const error: ItemError = interruptedError(now);
      await db.items.put({
        ...item,
        status: 'pending',
        maybeSent: true,
        lastError: error,
        nextAttemptAt: now,
        updatedAt: now,
      });
    }
    return stuck.length;
  });
}

/** `entries` with the text values edited by index (files and names stay); `edited` when any value changed. */
export function applyEdits(
  entries: FormEntry[],
  editedValues: Record<number, string>,
): { entries: FormEntry[]; edited: boolean } {
  const next = entries.map((entry, index) =>
    index in editedValues && !('file' in entry) && editedValues[index] !== entry.value
      ? { name: entry.name, value: editedValues[index] }
      : entry,
  );
  return { entries: next, edited: next.some((e, i) => e !== entries[i]) };
}

/**
 * failed (or pending) -> pending, due now. Optionally with edited text values (same order and names),
 * or, for a sealed item, with its re-sealed edited payload (`sealedEdit`, read at `readAt`).
 */
export async function retryItem(
  db: OutboxDatabase,
  id: string,
  now: number,
  editedValues?: Record<number, string>,
  sealedEdit?: { parts: PayloadParts; edited: boolean; readAt: number },
): Promise<boolean> {
  return countedTransaction(db, ['items'], async () => {
    let item = await db.items.get(id);
    if (!item || item.status === 'sending' || item.status === 'sent') return false;
    const from = item.status;
    let edited = false;
    if (sealedEdit) {
      if (item.updatedAt !== sealedEdit.readAt) return false;
      item = withParts(item, sealedEdit.parts);
      edited = sealedEdit.edited;
    } else if (editedValues) {
      const result = applyEdits(item.request.entries, editedValues);
      edited = result.edited;
      item = { ...item, request: { ...item.request, entries: result.entries } };
    }
    const { accountMismatch: _asked, resumed: _resumed, ...rest } = item;
    noteStatusChange(from, 'pending');
    await db.items.put({
      ...rest,
      // An edited submission is a new logical request: it gets a new idempotency identity.
      ...(edited ? { maybeSent: undefined, idempotencyKey: crypto.randomUUID() } : {}),
      status: 'pending',
      nextAttemptAt: now,
      updatedAt: now,
    });
    return true;
  });
}

/** Items that failed because the person was signed out (they wait for a sign-in), well formed only. */
export async function listSignedOut(db: OutboxDatabase): Promise<OutboxItem[]> {
  const failed = await db.items.where('status').equals('failed').toArray();
  return failed.filter((item) => item.lastError?.kind === 'auth' && isWellFormedItem(item) === true);
}

/**
 * failed (signed out) -> pending, due now, after the person signed in again: the page that showed it
 * (`tab`) is the one told how it went. False when the item no longer waits for a sign-in.
 */
export async function resumeAfterSignIn(
  db: OutboxDatabase,
  id: string,
  now: number,
  tab: { tabId: number; frameId: number; documentId?: string },
): Promise<boolean> {
  return countedTransaction(db, ['items'], async () => {
    const item = await db.items.get(id);
    if (!item || item.status !== 'failed' || item.lastError?.kind !== 'auth' || item.accountMismatch) return false;
    noteStatusChange('failed', 'pending');
    const { documentId: _old, ...source } = item.source;
    await db.items.put({
      ...item,
      source: {
        ...source,
        tabId: tab.tabId,
        frameId: tab.frameId,
        ...(tab.documentId ? { documentId: tab.documentId } : {}),
      },
      status: 'pending',
      resumed: true,
      nextAttemptAt: now,
      updatedAt: now,
    });
    return true;
  });
}

/** Records that the site now shows another account than at capture: the item waits for the person. */
export async function markAccountMismatch(
  db: OutboxDatabase,
  id: string,
  mismatch: NonNullable<OutboxItem['accountMismatch']>,
  now: number,
): Promise<void> {
  await db.transaction('rw', db.items, async () => {
    const item = await db.items.get(id);
    if (!item || item.status !== 'failed') return;
    await db.items.put({ ...item, accountMismatch: mismatch, updatedAt: now });
  });
}

/** Stores the account name the capturing page showed (plain or sealed). */
export async function recordAccount(
  db: OutboxDatabase,
  id: string,
  account: { account: string } | { accountSealed: SealedPayload },
): Promise<void> {
  await db.items.update(id, account);
}

/** Makes every pending item due now ("Send now"). Returns how many. */
export async function makeAllDue(db: OutboxDatabase, now: number): Promise<number> {
  return db.items.where('status').equals('pending').modify({ nextAttemptAt: now });
}

/**
 * Makes due now the pending items whose last attempt found no network (the network is back). Items
 * waiting for a server's Retry-After or backoff after an HTTP answer keep their time. Returns how many.
 */
export async function makeNetworkFailuresDue(db: OutboxDatabase, now: number): Promise<number> {
  return db.items
    .where('status')
    .equals('pending')
    .and((item) => item.nextAttemptAt > now && item.lastError?.kind === 'network')
    .modify({ nextAttemptAt: now });
}

/** Deletes sent items older than `before` (all sent items when `before` is omitted). */
export async function clearSent(db: OutboxDatabase, before = Number.POSITIVE_INFINITY): Promise<number> {
  // Keys only (the [status+updatedAt] index): the history may hold tens of thousands of items.
  const upper = Number.isFinite(before) ? ['sent', before] : ['sent', []];
  return countedTransaction(db, ['items', 'replies'], async () => {
    const ids = await db.items.where('[status+updatedAt]').between(['sent'], upper, true, false).primaryKeys();
    await db.items.bulkDelete(ids);
    await db.replies.bulkDelete(ids);
    for (const _ of ids) noteStatusChange('sent', undefined);
    return ids.length;
  });
}

/** How many items are in each status (the badge, the popup): O(1), see status-counts.ts. */
export function countByStatus(db: OutboxDatabase): Promise<QueueCounts> {
  return readStatusCounts(db);
}

/** Reads a small persistent fact. */
export async function readMeta<T>(db: OutboxDatabase, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

/** Counts a start of the background (diagnostics: how often the worker was torn down and woken). */
export async function countWorkerStart(db: OutboxDatabase, now: number): Promise<number> {
  return db.transaction('rw', db.meta, async () => {
    const starts = ((await db.meta.get('workerStarts'))?.value as number | undefined) ?? 0;
    await db.meta.put({ key: 'workerStarts', value: starts + 1 });
    await db.meta.put({ key: 'workerStartedAt', value: now });
    return starts + 1;
  });
}
