/**
 * Encryption at rest, wired to the extension: the vault record in the database's meta table, the
 * unlocked key in browser.storage.session (memory only: gone when the browser closes, kept while the
 * worker sleeps; extension pages can read it, content scripts cannot).
 *
 * States: off (no record) -> on + unlocked (setPassphrase) -> on + locked (lock, or a browser
 * restart) -> unlocked (unlock) ... -> off (removePassphrase opens every item; forgetVault deletes
 * what was sealed). While on, new items are sealed at capture even when locked (public key); while
 * locked nothing is sent, because nothing can be opened.
 */
import { browser } from 'wxt/browser';
import { openItem, sealItemParts } from '../core/sealed-item';
import {
  createOpener,
  createVault as createVaultRecord,
  keyedDigest,
  PBKDF2_ITERATIONS,
  rewrapVault,
  unlockVault,
  type PayloadOpener,
  type VaultRecord,
} from '../core/sealing';
import type { OutboxItem, SubmissionRequest, SubmissionSource } from '../core/types';
import type { OutboxDatabase } from '../db/database';
import { readMeta, replacePayload, type PayloadParts } from '../db/outbox-repository';

const VAULT_META_KEY = 'vault';
/** Set while items captured before encryption was turned on may still be readable on disk. */
const SEAL_PENDING_META_KEY = 'sealPending';
export const VAULT_SESSION_KEY = 'vaultKey';
const PEPPER_SESSION_KEY = 'fingerprintPepper';
export const MIN_PASSPHRASE_LENGTH = 8;

export class VaultLockedError extends Error {
  constructor() {
    super('Form Outbox is locked: enter your passphrase to send encrypted submissions.');
    this.name = 'VaultLockedError';
  }
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** An opener from the key this browser session holds, if unlocked (extension pages and the worker). */
export async function readSessionOpener(): Promise<PayloadOpener | undefined> {
  const stored = (await browser.storage.session.get(VAULT_SESSION_KEY))[VAULT_SESSION_KEY];
  return typeof stored === 'string' ? createOpener(fromBase64(stored)) : undefined;
}

/**
 * Whether encryption is on and locked, read directly (extension pages): the popup must not wake the
 * worker to learn it, as the worker's start-up writes would then compete with the popup's first read.
 */
export async function readVaultLocked(db: OutboxDatabase): Promise<boolean> {
  if (!(await readMeta<VaultRecord>(db, VAULT_META_KEY))) return false;
  return typeof (await browser.storage.session.get(VAULT_SESSION_KEY))[VAULT_SESSION_KEY] !== 'string';
}

export type Vault = ReturnType<typeof createVault>;

export function createVault(db: OutboxDatabase, iterations = PBKDF2_ITERATIONS) {
  let record: VaultRecord | null | undefined;
  let opener: PayloadOpener | undefined;

  async function currentRecord(): Promise<VaultRecord | null> {
    if (record === undefined) record = (await readMeta<VaultRecord>(db, VAULT_META_KEY)) ?? null;
    return record;
  }

  async function currentOpener(): Promise<PayloadOpener | undefined> {
    opener ??= await readSessionOpener();
    return opener;
  }

  async function keepKey(privateKey: Uint8Array<ArrayBuffer>) {
    await browser.storage.session.set({ [VAULT_SESSION_KEY]: toBase64(privateKey) });
    opener = await createOpener(privateKey);
  }

  /** A secret for this browser session that keys stored fingerprints of sealed items. */
  async function pepper(): Promise<Uint8Array<ArrayBuffer>> {
    const stored = (await browser.storage.session.get(PEPPER_SESSION_KEY))[PEPPER_SESSION_KEY];
    if (typeof stored === 'string') return fromBase64(stored);
    const fresh = crypto.getRandomValues(new Uint8Array(32));
    await browser.storage.session.set({ [PEPPER_SESSION_KEY]: toBase64(fresh) });
    return fresh;
  }

  function checkPassphrase(passphrase: unknown): string {
    if (typeof passphrase !== 'string' || passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new Error(`The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    }
    if (passphrase.length > 1024) throw new Error('The passphrase is too long.');
    return passphrase;
  }

  async function openWith(passphrase: unknown): Promise<Uint8Array<ArrayBuffer>> {
    const vault = await currentRecord();
    if (!vault) throw new Error('Encryption is off.');
    if (typeof passphrase !== 'string') throw new Error('Enter your passphrase.');
    return unlockVault(vault, passphrase);
  }

  async function writeRecord(next: VaultRecord | null) {
    if (next) await db.meta.put({ key: VAULT_META_KEY, value: next });
    else await db.meta.delete(VAULT_META_KEY);
    record = next;
  }

  /** Discarded items kept for undo that are sealed: with the vault gone they could never be opened again. */
  async function dropSealedTrash() {
    const keys = await db.meta.filter((row) => row.key.startsWith('trash:') && !!(row.value as { item?: OutboxItem })?.item?.sealed).primaryKeys();
    await db.meta.bulkDelete(keys);
  }

  /** Seals (or opens, when encryption is off) every item at rest whose form differs. True when none is left to do. */
  async function convertAll(toSealed: boolean): Promise<boolean> {
    const current = await currentRecord();
    let done = true;
    const ids = await db.items.toCollection().primaryKeys();
    for (const id of ids) {
      const item = await db.items.get(id);
      if (!item || !!item.sealed === toSealed) continue;
      if (item.status === 'sending') {
        done = false;
        continue;
      }
      let parts: PayloadParts;
      if (toSealed && current) {
        parts = await sealItemParts(current.publicKey, item.request, item.source);
      } else {
        const open = await currentOpener();
        if (!open) throw new VaultLockedError();
        const opened = await openItem(item, open);
        parts = { request: opened.request, source: opened.source };
      }
      if (!(await replacePayload(db, item.id, item.updatedAt, parts))) done = false;
    }
    return done;
  }

  const vault = {
    async status(): Promise<{ enabled: boolean; unlocked: boolean }> {
      const enabled = !!(await currentRecord());
      return { enabled, unlocked: !enabled || !!(await currentOpener()) };
    },

    /** True while encryption is on and this session has no key: nothing sealed can be sent. */
    async isLocked(): Promise<boolean> {
      return !!(await currentRecord()) && !(await currentOpener());
    },

    /** The parts to store for a new capture: sealed when encryption is on (works while locked). */
    async prepare(request: SubmissionRequest, source: SubmissionSource, fingerprint: string): Promise<PayloadParts & { fingerprint: string }> {
      const current = await currentRecord();
      if (!current) return { request, source, fingerprint };
      return { ...(await sealItemParts(current.publicKey, request, source)), fingerprint: await keyedDigest(await pepper(), fingerprint) };
    },

    /** The parts to store after a change of an item's payload (edit, refreshed tokens). */
    async reseal(request: SubmissionRequest, source: SubmissionSource): Promise<PayloadParts> {
      const current = await currentRecord();
      return current ? sealItemParts(current.publicKey, request, source) : { request, source };
    },

    /** The item with its sealed parts put back. Throws VaultLockedError when it is sealed and the vault locked. */
    async open(item: OutboxItem): Promise<OutboxItem> {
      if (!item.sealed) return item;
      if (!(await currentRecord())) throw new Error('It was encrypted with a passphrase that has since been removed.');
      const open = await currentOpener();
      if (!open) throw new VaultLockedError();
      return openItem(item, open);
    },

    async setPassphrase(passphrase: unknown) {
      if (await currentRecord()) throw new Error('Encryption is already on. Change the passphrase instead.');
      const { record: created, privateKey } = await createVaultRecord(checkPassphrase(passphrase), Date.now(), iterations);
      await keepKey(privateKey);
      await db.meta.put({ key: SEAL_PENDING_META_KEY, value: true });
      await writeRecord(created);
      await vault.sealPending();
    },

    /** Seals what was stored before encryption was turned on; re-run after each pass until all is done. */
    async sealPending() {
      if (!(await currentRecord()) || !(await readMeta<boolean>(db, SEAL_PENDING_META_KEY))) return;
      if (await convertAll(true)) await db.meta.delete(SEAL_PENDING_META_KEY);
    },

    async unlock(passphrase: unknown) {
      await keepKey(await openWith(passphrase));
    },

    async lock() {
      await browser.storage.session.remove(VAULT_SESSION_KEY);
      opener = undefined;
    },

    async changePassphrase(passphrase: unknown, newPassphrase: unknown) {
      const privateKey = await openWith(passphrase);
      const current = (await currentRecord())!;
      await writeRecord(await rewrapVault(current, privateKey, checkPassphrase(newPassphrase), Date.now()));
      await keepKey(privateKey);
    },

    /**
     * Turns encryption off: the vault record goes first (new captures are stored readable), then
     * every item is opened with the key still held. Items being sent are waited for a little; if
     * they do not settle, the vault is put back and nothing is lost.
     */
    async removePassphrase(passphrase: unknown) {
      await keepKey(await openWith(passphrase));
      const kept = (await currentRecord())!;
      await writeRecord(null);
      for (let round = 0; !(await convertAll(false)); round++) {
        if (round >= 20) {
          await writeRecord(kept);
          throw new Error('Some submissions are being sent right now. Try again in a moment.');
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await db.meta.delete(SEAL_PENDING_META_KEY);
      await dropSealedTrash();
      await vault.lock();
    },

    /**
     * The way out for a forgotten passphrase (the user confirmed): every encrypted submission is
     * deleted, then encryption is off. Returns how many were deleted.
     */
    async forget(): Promise<number> {
      await writeRecord(null);
      const sealedIds = await db.items.filter((item) => !!item.sealed).primaryKeys();
      await db.items.bulkDelete(sealedIds);
      await dropSealedTrash();
      await db.meta.delete(SEAL_PENDING_META_KEY);
      await vault.lock();
      return sealedIds.length;
    },
  };
  return vault;
}
