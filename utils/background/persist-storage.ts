/**
 * Keeps the queue's storage out of the browser's eviction.
 *
 * Firefox stores an add-on's IndexedDB (the queue, in the moz-extension origin) as best-effort data:
 * evictable when the disk runs short, and capped at the group limit (10 GiB seen), even with
 * `unlimitedStorage`. That permission only pre-grants "persistent-storage", so `persist()` is
 * answered `true` at once, without a prompt, and lifts the cap to the global limit. Chrome already
 * exempts an extension with `unlimitedStorage` from eviction and quota, and its service worker has
 * no `persist()` (it is exposed to windows only): there nothing is asked.
 */

/** The part of `navigator.storage` this needs. */
export type PersistentStorage = { persist?: () => Promise<boolean>; persisted?: () => Promise<boolean> };

/**
 * Asks for persistent storage unless it is already granted. Resolves to whether the origin's storage
 * is persisted, or `undefined` when this context cannot ask (no `persist()`, e.g. Chrome's service
 * worker). Rejects only if the browser's own call does.
 */
export async function persistStorage(
  storage: PersistentStorage | undefined = globalThis.navigator?.storage,
): Promise<boolean | undefined> {
  if (typeof storage?.persist !== 'function') return undefined;
  if (typeof storage.persisted === 'function' && (await storage.persisted())) return true;
  return storage.persist();
}
