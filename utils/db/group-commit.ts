/**
 * Group commit of the replay's state changes (utils/db/outbox-repository.ts leaseItems, settleItem,
 * releaseLeased), with the durability each asks for.
 */
import Dexie from 'dexie';
import type { OutboxDatabase } from './database';
import { relaxedView } from './relaxed-durability';
import { applyStatusChanges, readCountsForUpdate } from './status-counts';

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
 * Group commit of the replay's state changes (leaseItems, settleItem, releaseLeased). A replay lane
 * settles the item just answered and leases its next batch at once, and several lanes run at once:
 * the writes asked for while a group commits, or in the same tick, form the next group, committed in
 * one transaction: strict if any write of the group asks for it (then one disk flush for all of
 * them), relaxed otherwise. Waiting costs nothing, as transactions on the same table would run one
 * after the other anyway. Each call resolves only once its group has committed, so every state change
 * is stored (with at least the durability asked for) before its caller goes on, as with a transaction
 * of its own; a group lands together or not at all (if one write fails, every call of the group
 * rejects and none is applied).
 */
export function inGroupCommit<T>(db: OutboxDatabase, durability: Durability, write: () => Promise<T>): Promise<T> {
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

function commitGroup(
  db: OutboxDatabase,
  state: { running?: Promise<void>; gathering?: GroupedWrite[] },
  group: GroupedWrite[],
): Promise<void> {
  if (state.gathering === group) state.gathering = undefined;
  const connection = group.some((grouped) => grouped.durability === 'strict') ? db : relaxedView(db);
  const running = (async () => {
    try {
      // The writes' requests interleave on the one transaction (no nested transactions, which Dexie
      // would run one after the other).
      const results = await connection.transaction('rw', 'items', 'meta', 'replies', async () => {
        // The counts are read alongside the writes' own reads: one round trip less per commit.
        const counts = readCountsForUpdate(db);
        counts.catch(() => undefined); // with no status change it is not awaited
        const all = await Promise.all(group.map((grouped) => grouped.write()));
        await applyStatusChanges(db, counts);
        return all;
      });
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
