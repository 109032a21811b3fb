/**
 * Reads and writes of the outbox. Every transition of the item state machine (see OutboxItem) is
 * one transaction here, so the stored state is always the truth, whatever stops the worker.
 */
import Dexie from 'dexie';
import { interruptedError, type SendOutcome } from '../core/outcome';
import { scrubbedRecords } from '../core/sealed-item';
import type { SealedPayload } from '../core/sealing';
import type { FormEntry, ItemError, OutboxItem, SubmissionRequest, SubmissionSource } from '../core/types';
import { isWellFormedItem } from '../core/item-validation';
import type { OutboxDatabase, ReplyRecord, UploadChunk } from './database';
import { deleteItemsForGood } from './replies';

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
}

/** The payload parts of an item: replaced together when an item is sealed, opened, edited or refreshed. */
export interface PayloadParts {
  request: SubmissionRequest;
  source: SubmissionSource;
  sealed?: SealedPayload;
}

function withParts(item: OutboxItem, parts: PayloadParts): OutboxItem {
  const { sealed: _old, ...rest } = item;
  const next: OutboxItem = { ...rest, request: parts.request, source: parts.source, ...(parts.sealed ? { sealed: parts.sealed } : {}) };
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
  return db.transaction('rw', db.items, db.meta, async () => {
    const twins = await db.items.where('fingerprint').equals(input.fingerprint).toArray();
    const twin = twins.find((i) => i.status !== 'sent' && input.now - i.capturedAt < DUPLICATE_WINDOW_MS);
    if (twin) return { id: twin.id, duplicate: true };
    const last = (await db.meta.get('seq'))?.value;
    // No counter yet (a fresh or a version 1 database): continue after the highest stored seq.
    const seq = (typeof last === 'number' ? last : ((await db.items.orderBy('seq').last())?.seq ?? 0)) + 1;
    await db.meta.put({ key: 'seq', value: seq });
    const id = input.id ?? crypto.randomUUID();
    await db.items.add({
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
      ...(input.maybeSentError ? { status: 'failed' as const, maybeSent: true, lastError: input.maybeSentError } : {}),
    });
    return { id, duplicate: false };
  });
}

/** Meta keys under which records that are not items are kept aside (see quarantine). */
export const QUARANTINE_PREFIX = 'corrupt:';

/**
 * Pending items that are well formed. Malformed records (another version, a bug, a hand edit) are
 * reported through `onCorrupt` and moved aside (quarantine), so that they neither stall the replay
 * nor hide from the popup, which counts them.
 */
export async function listPending(db: OutboxDatabase, onCorrupt?: (id: unknown, why: string) => void): Promise<OutboxItem[]> {
  const rows = await db.items.where('status').equals('pending').toArray();
  const corrupt: unknown[] = [];
  const items = rows.filter((row) => {
    const problem = isWellFormedItem(row);
    if (problem !== true) {
      onCorrupt?.((row as { id?: unknown })?.id, problem);
      corrupt.push(row);
    }
    return problem === true;
  });
  if (corrupt.length) await quarantine(db, corrupt);
  return items;
}

/** Moves records that are not well-formed items out of the queue, keeping them as they were (meta `corrupt:<id>`). */
export async function quarantine(db: OutboxDatabase, rows: readonly unknown[]): Promise<void> {
  await db.transaction('rw', db.items, db.meta, db.replies, async () => {
    for (const row of rows) {
      const id = (row as { id?: unknown })?.id;
      if (typeof id !== 'string') continue;
      await db.meta.put({ key: QUARANTINE_PREFIX + id, value: row });
      await db.items.delete(id);
      await db.replies.delete(id);
    }
  });
}

/**
 * `strict`: on disk when the commit returns (a flush). `relaxed`: handed to the operating system
 * (no flush): it survives a worker stop or a browser crash, not an OS crash or a power loss, and it
 * reaches the disk with the next strict commit at the latest (one log).
 */
export type Durability = 'strict' | 'relaxed';

interface GroupedWrite {
  write: () => Promise<unknown>;
  durability: Durability;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Per database: the group being committed (if any) and the group gathering writes for the next commit. */
const commitGroups = new WeakMap<OutboxDatabase, { running?: Promise<void>; gathering?: GroupedWrite[] }>();

/**
 * Group commit of the replay's state changes (leaseItems, settleItem, returnLeased). A replay lane
 * settles the item just answered and leases its next batch at once, and several lanes run at once:
 * the writes asked for while a group commits, or in the same tick, form the next group, committed in
 * one transaction: strict if any write of the group asks for it (then one disk flush for all of
 * them), relaxed otherwise. Waiting costs nothing, as transactions on the same table would run one
 * after the other anyway. Each call resolves only once its group has committed, so every state change
 * is stored (with at least the durability asked for) before its caller goes on, as with a transaction
 * of its own; a group lands together or not at all (if one write fails, every call of the group
 * rejects and none is applied).
 */
function inGroupCommit<T>(db: OutboxDatabase, durability: Durability, write: () => Promise<T>): Promise<T> {
  if (Dexie.currentTransaction) return write(); // part of the caller's transaction (items and meta)
  return new Promise<T>((resolve, reject) => {
    let state = commitGroups.get(db);
    if (!state) commitGroups.set(db, (state = {}));
    if (!state.gathering) {
      const group: GroupedWrite[] = [];
      state.gathering = group;
      const after = state.running ?? Promise.resolve();
      void after.then(() => commitGroup(db, state, group));
    }
    state.gathering.push({ write, durability, resolve: resolve as (value: unknown) => void, reject });
  });
}

function commitGroup(db: OutboxDatabase, state: { running?: Promise<void>; gathering?: GroupedWrite[] }, group: GroupedWrite[]): Promise<void> {
  if (state.gathering === group) state.gathering = undefined;
  const connection = group.some((grouped) => grouped.durability === 'strict') ? db : relaxedView(db);
  const running = (async () => {
    try {
      // The writes' requests interleave on the one transaction (no nested transactions, which Dexie
      // would run one after the other).
      const results = await connection.transaction('rw', 'items', 'meta', 'replies', () => Promise.all(group.map((grouped) => grouped.write())));
      group.forEach((grouped, index) => grouped.resolve(results[index]));
    } catch (error) {
      for (const grouped of group) grouped.reject(error);
    }
  })();
  state.running = running;
  void running.then(() => {
    if (state.running === running) state.running = undefined;
  });
  return running;
}

const relaxedViews = new WeakMap<OutboxDatabase, OutboxDatabase>();

/** Dexie's own transaction object, as far as it is used here. */
interface DexieTransactionInternals {
  chromeTransactionDurability?: string;
}

/**
 * The same connection, whose transactions commit with relaxed durability. Dexie sets durability per
 * connection (the outbox's is strict); a second connection would have to follow the first through
 * closes, reopens and upgrades, and native transactions (as writeUploadsRelaxed uses) would bypass
 * Dexie, so the popup's liveQuery would not see the writes. So this view, like Dexie's own `db.vip`
 * proxy, wraps the transaction factory and sets the durability of the transactions it makes; all
 * else (and every property set) goes to `db`. It relies on Dexie 4's `_createTransaction` and
 * `chromeTransactionDurability`: without them its transactions stay strict (slower, never less
 * durable), which the repository's unit test of durabilities would show.
 */
function relaxedView(db: OutboxDatabase): OutboxDatabase {
  let view = relaxedViews.get(db);
  if (!view) {
    view = new Proxy(db, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property !== '_createTransaction' || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const transaction = (value as (...a: unknown[]) => DexieTransactionInternals).apply(target, args);
          if (transaction && 'chromeTransactionDurability' in transaction) transaction.chromeTransactionDurability = 'relaxed';
          return transaction;
        };
      },
    });
    relaxedViews.set(db, view);
  }
  return view;
}

/**
 * pending -> sending, counting the attempt, for every id, in one strict commit (a group commit,
 * above): on disk before any of their requests may leave. Per id, in order, the leased item, or
 * undefined when it is gone or not pending.
 */
export async function leaseItems(db: OutboxDatabase, ids: readonly string[], now: number): Promise<Array<OutboxItem | undefined>> {
  return inGroupCommit(db, 'strict', () => Promise.all(ids.map(async (id) => {
    const item = await db.items.get(id);
    if (!item || item.status !== 'pending') return undefined;
    const leased: OutboxItem = { ...item, status: 'sending', attempts: item.attempts + 1, updatedAt: now };
    await db.items.put(leased);
    return leased;
  })));
}

/** leaseItems for one item. */
export async function leaseItem(db: OutboxDatabase, id: string, now: number): Promise<OutboxItem | undefined> {
  return (await leaseItems(db, [id], now))[0];
}

/** sending -> pending for a leased item that was never sent, its attempt no longer counted. */
async function putBack(db: OutboxDatabase, leased: OutboxItem, now: number): Promise<void> {
  const current = await db.items.get(leased.id);
  // Only the lease it was given: not an item settled, discarded or leased again meanwhile.
  if (!current || current.status !== 'sending' || current.attempts !== leased.attempts) return;
  await db.items.put({ ...current, status: 'pending', attempts: Math.max(0, current.attempts - 1), updatedAt: now });
}

/**
 * sending -> pending for leased items that were never sent (a replay lane that stopped before their
 * turn): due as they were, the attempt not counted. Group-committed with `durability` (relaxed for
 * the replay: if the write is lost with the machine, the items are found in `sending` and recovered
 * as "maybe sent", the cost documented in the replay engine).
 */
export async function returnLeased(db: OutboxDatabase, items: readonly OutboxItem[], now: number, durability: Durability = 'strict'): Promise<void> {
  if (!items.length) return;
  await inGroupCommit(db, durability, () => Promise.all(items.map((item) => putBack(db, item, now))));
}

export interface SettleOptions {
  /** Leased items never sent, given back in the same transaction (see returnLeased). */
  returned?: readonly OutboxItem[];
  /**
   * Relaxed for the replay: the item was durably in `sending` since its lease, so a lost outcome
   * leaves it there, to be recovered as "maybe sent" (and the next strict commit flushes it).
   */
  durability?: Durability;
  /** The server's answer, readable or sealed, stored with the outcome (replacing the last one). */
  reply?: Omit<ReplyRecord, 'itemId' | 'at'>;
}

/**
 * sending -> sent | pending (retry) | failed, as classified; with `returned` given back in the same
 * transaction. Committed in a group commit (above), strict unless asked otherwise.
 */
export async function settleItem(db: OutboxDatabase, item: OutboxItem, outcome: SendOutcome, now: number, options: SettleOptions = {}): Promise<void> {
  await inGroupCommit(db, options.durability ?? 'strict', async () => {
    await Promise.all((options.returned ?? []).map((returned) => putBack(db, returned, now)));
    const current = await db.items.get(item.id);
    if (!current || current.status !== 'sending') return; // discarded meanwhile
    // A sealed item keeps no query readable in its error or result (what the user typed).
    const readable = (records: { lastError?: ItemError; result?: OutboxItem['result'] }) => (current.sealed ? scrubbedRecords(records) : records);
    const withReply = options.reply ? { hasReply: true } : {};
    if (options.reply) await db.replies.put({ itemId: item.id, at: now, ...options.reply });
    if (outcome.kind === 'sent') {
      // maybeSent stays: the server may hold an earlier copy of what it just accepted.
      await Promise.all([
        db.items.put({ ...current, ...withReply, status: 'sent', ...readable({ result: outcome.result }), lastError: undefined, updatedAt: now }),
        db.meta.put({ key: 'lastSentAt', value: now }),
      ]);
    } else if (outcome.kind === 'retry') {
      await db.items.put({ ...current, ...withReply, status: 'pending', nextAttemptAt: outcome.at, ...readable({ lastError: outcome.error }), updatedAt: now });
    } else {
      await db.items.put({ ...current, ...withReply, status: 'failed', ...readable({ lastError: outcome.error }), updatedAt: now });
    }
  });
}

/**
 * Replaces the request entries of an item being sent (fresh CSRF token values taken from its page).
 * The Idempotency-Key and fingerprint stay: it is the same submission. Returns the updated item, or
 * undefined when it is no longer in `sending` (discarded meanwhile).
 */
export async function replaceLeasedEntries(db: OutboxDatabase, id: string, entries: FormEntry[], now: number): Promise<OutboxItem | undefined> {
  return db.transaction('rw', db.items, async () => {
    const item = await db.items.get(id);
    if (!item || item.status !== 'sending') return undefined;
    const updated: OutboxItem = { ...item, request: { ...item.request, entries }, updatedAt: now };
    await db.items.put(updated);
    return updated;
  });
}

/** Replaces the payload of an item being sent (fresh token values of a sealed item). Undefined when it is no longer in `sending`. */
export async function replaceLeasedPayload(db: OutboxDatabase, id: string, parts: PayloadParts, now: number): Promise<OutboxItem | undefined> {
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
export async function replacePayload(db: OutboxDatabase, id: string, readAt: number, parts: PayloadParts, fingerprint?: string): Promise<boolean> {
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
  return db.transaction('rw', db.items, async () => {
    const stuck = await db.items.where('status').equals('sending').toArray();
    for (const item of stuck) {
      const error: ItemError = interruptedError(now);
      await db.items.put({ ...item, status: 'pending', maybeSent: true, lastError: error, nextAttemptAt: now, updatedAt: now });
    }
    return stuck.length;
  });
}

/** `entries` with the text values edited by index (files and names stay); `edited` when any value changed. */
export function applyEdits(entries: FormEntry[], editedValues: Record<number, string>): { entries: FormEntry[]; edited: boolean } {
  const next = entries.map((entry, index) =>
    index in editedValues && !('file' in entry) && editedValues[index] !== entry.value ? { name: entry.name, value: editedValues[index] } : entry,
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
  return db.transaction('rw', db.items, async () => {
    let item = await db.items.get(id);
    if (!item || item.status === 'sending' || item.status === 'sent') return false;
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
export async function resumeAfterSignIn(db: OutboxDatabase, id: string, now: number, tab: { tabId: number; frameId: number; documentId?: string }): Promise<boolean> {
  return db.transaction('rw', db.items, async () => {
    const item = await db.items.get(id);
    if (!item || item.status !== 'failed' || item.lastError?.kind !== 'auth' || item.accountMismatch) return false;
    const { documentId: _old, ...source } = item.source;
    await db.items.put({
      ...item,
      source: { ...source, tabId: tab.tabId, frameId: tab.frameId, ...(tab.documentId ? { documentId: tab.documentId } : {}) },
      status: 'pending',
      resumed: true,
      nextAttemptAt: now,
      updatedAt: now,
    });
    return true;
  });
}

/** Records that the site now shows another account than at capture: the item waits for the person. */
export async function markAccountMismatch(db: OutboxDatabase, id: string, mismatch: NonNullable<OutboxItem['accountMismatch']>, now: number): Promise<void> {
  await db.transaction('rw', db.items, async () => {
    const item = await db.items.get(id);
    if (!item || item.status !== 'failed') return;
    await db.items.put({ ...item, accountMismatch: mismatch, updatedAt: now });
  });
}

/** Stores the account name the capturing page showed (plain or sealed). */
export async function recordAccount(db: OutboxDatabase, id: string, account: { account: string } | { accountSealed: SealedPayload }): Promise<void> {
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
  return db.items.where('status').equals('pending').and((item) => item.nextAttemptAt > now && item.lastError?.kind === 'network').modify({ nextAttemptAt: now });
}

/** Deletes sent items older than `before` (all sent items when `before` is omitted). */
export async function clearSent(db: OutboxDatabase, before = Number.POSITIVE_INFINITY): Promise<number> {
  const ids = await db.items.where('status').equals('sent').filter((i) => i.updatedAt < before).primaryKeys();
  await deleteItemsForGood(db, ids);
  return ids.length;
}

export interface QueueCounts {
  pending: number;
  sending: number;
  failed: number;
  sent: number;
}

/** How many items are in each status (for the badge). */
export async function countByStatus(db: OutboxDatabase): Promise<QueueCounts> {
  const [pending, sending, failed, sent] = await Promise.all(
    (['pending', 'sending', 'failed', 'sent'] as const).map((s) => db.items.where('status').equals(s).count()),
  );
  return { pending, sending, failed, sent };
}

/**
 * Runs `write` on the uploads store in one transaction with relaxed durability (no flush to disk at
 * commit). Dexie sets durability per connection, and the outbox's is strict, hence the native
 * transaction on the same connection.
 */
async function writeUploadsRelaxed(db: OutboxDatabase, write: (store: IDBObjectStore) => void): Promise<void> {
  if (!db.isOpen()) await db.open();
  const tx = db.backendDB().transaction('uploads', 'readwrite', { durability: 'relaxed' });
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // Without a reason given, as Chromium reports a commit that failed on a full disk (see storage-errors.ts).
    tx.onerror = () => reject(tx.error ?? new DOMException('The upload staging transaction failed', 'AbortError'));
    tx.onabort = () => reject(tx.error ?? new DOMException('The upload staging transaction was aborted', 'AbortError'));
  });
  write(tx.objectStore('uploads'));
  await done;
}

/**
 * Stores one chunk of an incoming file, with relaxed durability: a staged chunk is only ever read
 * back to build the item, and the item's own commit (enqueueItem, strict) writes the file's bytes
 * and flushes them before anything is acknowledged. Flushing every chunk as well (the strict
 * default) cost a disk flush per 4 MiB for no guarantee: a chunk lost to a crash belongs to an
 * upload that was never acknowledged, whose page still holds the form.
 */
export async function stageChunk(db: OutboxDatabase, chunk: UploadChunk): Promise<void> {
  await writeUploadsRelaxed(db, (store) => store.put(chunk));
}

/**
 * Joins the staged chunks of an upload into one Blob per file index. The staging rows stay: the
 * caller drops them (dropUpload) once the item that holds the Blobs is stored.
 * Throws when a file's chunks do not add up to `expectedSizes[index]` bytes.
 */
export async function takeUpload(db: OutboxDatabase, uploadId: string, expectedSizes: Record<number, number>): Promise<Map<number, Blob>> {
  const chunks = await db.uploads.where('uploadId').equals(uploadId).sortBy('offset');
  const byFile = new Map<number, UploadChunk[]>();
  for (const chunk of chunks) byFile.set(chunk.fileIndex, [...(byFile.get(chunk.fileIndex) ?? []), chunk]);
  const files = new Map<number, Blob>();
  for (const [indexText, size] of Object.entries(expectedSizes)) {
    const index = Number(indexText);
    const parts = byFile.get(index) ?? [];
    let offset = 0;
    for (const part of parts) {
      if (part.offset !== offset) throw new Error(`File ${index} of upload ${uploadId} is missing bytes at offset ${offset}`);
      offset += part.blob.size;
    }
    if (offset !== size) throw new Error(`File ${index} of upload ${uploadId} has ${offset} of ${size} bytes`);
    files.set(index, new Blob(parts.map((p) => p.blob)));
  }
  return files;
}

/**
 * Deletes an upload's staged chunks (relaxed durability: rows that survive a crash are removed by
 * pruneStaleUploads at the next start).
 */
export async function dropUpload(db: OutboxDatabase, uploadId: string): Promise<void> {
  // The primary key is [uploadId, fileIndex, offset]: every key of the upload sorts between [uploadId]
  // and [uploadId, []] (arrays sort after numbers).
  await writeUploadsRelaxed(db, (store) => store.delete(IDBKeyRange.bound([uploadId], [uploadId, []])));
}

/** Deletes staged chunks older than `before` (uploads abandoned by a closed tab). */
export async function pruneStaleUploads(db: OutboxDatabase, before: number): Promise<number> {
  return db.uploads.where('createdAt').below(before).delete();
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
