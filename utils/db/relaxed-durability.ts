/**
 * Relaxed durability on the outbox's own connection. Dexie sets durability per connection (the
 * outbox's is strict, so that an acknowledgement means "on disk"); this is the one place that knows
 * how Dexie makes transactions, so a Dexie upgrade has one place to check.
 */
import type { OutboxDatabase } from './database';

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
export function relaxedView(db: OutboxDatabase): OutboxDatabase {
  let view = relaxedViews.get(db);
  if (!view) {
    view = new Proxy(db, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property !== '_createTransaction' || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const transaction = (value as (...a: unknown[]) => DexieTransactionInternals).apply(target, args);
          if (transaction && 'chromeTransactionDurability' in transaction)
            transaction.chromeTransactionDurability = 'relaxed';
          return transaction;
        };
      },
    });
    relaxedViews.set(db, view);
  }
  return view;
}
