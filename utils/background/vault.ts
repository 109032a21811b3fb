/**
 * Encryption at rest, wired to the extension: the vault record in the database's meta table, the
 * unlocked key in browser.storage.session (memory only: gone when the browser closes, kept while the
 * worker sleeps; extension pages can read it, content scripts cannot).
 *
 * States: off (no record) -> on + unlocked (setPassphrase) -> on + locked (lock, or a browser
 * restart) -> unlocked (unlock) ... -> removing (removePassphrase: the record stays while every item
 * and trashed item is opened, new captures are stored readable) -> off (the record goes last);
 * forgetVault deletes what was sealed. While on, new items are sealed at capture even when locked
 * (public key); while locked nothing is sent, because nothing can be opened.
 *
 * Every step can be cut (a crash, the worker stopped) without losing an item: items and trashed
 * items are converted one transaction at a time, the record that opens them is deleted only when
 * none is left sealed, and a cut removal or sealing resumes at the next start (removal once unlocked).
 */
import { failure, FailureError } from '../core/failure';
import { browser } from 'wxt/browser';
import { decodeBase64, encodeBase64 } from '../core/base64';
import { openDraft, sealDraft, type DraftRecord } from '../core/draft-record';
import { openItem, openReply, sealItemParts, sealReply } from '../core/sealed-item';
import {
  createOpener,
  createVaultRecord,
  keyedDigest,
  PBKDF2_ITERATIONS,
  rewrapVault,
  sealPayload,
  unlockVault,
  type PayloadOpener,
  type SealedPayload,
  type VaultRecord,
} from '../core/sealing';
import type { OutboxItem, ReplySnapshot, SubmissionRequest, SubmissionSource } from '../core/types';
import type { OutboxDatabase, ReplyRecord } from '../db/database';
import { deleteItemsForGood } from '../db/replies';
import { convertDrafts } from '../db/draft-repository';
import { readMeta, replacePayload, type PayloadParts } from '../db/outbox-repository';
import { readSessionOpener, VAULT_META_KEY, VAULT_SESSION_KEY } from '../platform/vault-session';

export { readSessionOpener, readVaultLocked, readVaultRecord, VAULT_SESSION_KEY } from '../platform/vault-session';

/** Set while items captured before encryption was turned on may still be readable on disk. */
const SEAL_PENDING_META_KEY = 'sealPending';
/** Set while encryption is being turned off: the record stays until nothing is sealed any more. */
const REMOVING_META_KEY = 'vaultRemoving';
const TRASH_PREFIX = 'trash:';
const PEPPER_SESSION_KEY = 'fingerprintPepper';
export const MIN_PASSPHRASE_LENGTH = 8;

export class VaultLockedError extends Error {
  constructor() {
    super('Form Outbox is locked: enter your passphrase to send encrypted submissions.');
    this.name = 'VaultLockedError';
  }
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
    await browser.storage.session.set({ [VAULT_SESSION_KEY]: encodeBase64(privateKey) });
    opener = await createOpener(privateKey);
  }

  /** A secret for this browser session that keys stored fingerprints of sealed items. */
  async function pepper(): Promise<Uint8Array<ArrayBuffer>> {
    const stored = (await browser.storage.session.get(PEPPER_SESSION_KEY))[PEPPER_SESSION_KEY];
    if (typeof stored === 'string') return decodeBase64(stored);
    const fresh = crypto.getRandomValues(new Uint8Array(32));
    await browser.storage.session.set({ [PEPPER_SESSION_KEY]: encodeBase64(fresh) });
    return fresh;
  }

  function checkPassphrase(passphrase: unknown): string {
    if (typeof passphrase !== 'string' || passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new FailureError(failure('passphraseShort', [MIN_PASSPHRASE_LENGTH]));
    }
    if (passphrase.length > 1024) throw new FailureError(failure('passphraseLong'));
    return passphrase;
  }

  async function openWith(passphrase: unknown): Promise<Uint8Array<ArrayBuffer>> {
    const vault = await currentRecord();
    if (!vault) throw new FailureError(failure('encryptionOff'));
    if (typeof passphrase !== 'string') throw new FailureError(failure('passphraseMissing'));
    return unlockVault(vault, passphrase);
  }

  async function writeRecord(next: VaultRecord | null) {
    if (next) await db.meta.put({ key: VAULT_META_KEY, value: next });
    else await db.meta.delete(VAULT_META_KEY);
    record = next;
  }

  /** Discarded items kept for undo that are sealed: with the vault gone they could never be opened again. */
  async function dropSealedTrash() {
    const keys = await db.meta
      .filter((row) => row.key.startsWith(TRASH_PREFIX) && !!(row.value as { item?: OutboxItem })?.item?.sealed)
      .primaryKeys();
    await db.meta.bulkDelete(keys);
  }

  /** The payload parts of `item` sealed (or opened, with the key this session holds). */
  async function converted(item: OutboxItem, toSealed: boolean, current: VaultRecord | null): Promise<PayloadParts> {
    if (toSealed && current) return sealItemParts(current.publicKey, item.request, item.source);
    const open = await currentOpener();
    if (!open) throw new VaultLockedError();
    const opened = await openItem(item, open);
    return { request: opened.request, source: opened.source };
  }

  /** Seals (or opens) every discarded item kept for undo whose form differs, one record at a time. */
  async function convertTrash(toSealed: boolean): Promise<void> {
    const current = await currentRecord();
    const keys = await db.meta.where('key').startsWith(TRASH_PREFIX).primaryKeys();
    for (const key of keys) {
      const read = (await db.meta.get(key))?.value as { item?: OutboxItem; discardedAt?: number } | undefined;
      if (!read?.item || !!read.item.sealed === toSealed) continue;
      const parts = await converted(read.item, toSealed, current);
      const { sealed: _old, ...rest } = read.item;
      const item: OutboxItem = {
        ...rest,
        request: parts.request,
        source: parts.source,
        ...(parts.sealed ? { sealed: parts.sealed } : {}),
      };
      await db.transaction('rw', db.meta, async () => {
        // Only the record as read: restored or pruned meanwhile, it is left alone.
        const now = (await db.meta.get(key))?.value as { item?: OutboxItem; discardedAt?: number } | undefined;
        if (now?.discardedAt === read.discardedAt && now?.item?.updatedAt === read.item!.updatedAt)
          await db.meta.put({ key, value: { ...read, item } });
      });
    }
  }

  /** Seals (or opens, when encryption is off) every item at rest, and in the trash, whose form differs. True when none is left to do. */
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
      const parts = await converted(item, toSealed, current);
      if (!(await replacePayload(db, item.id, item.updatedAt, parts))) done = false;
    }
    await convertAccounts(toSealed);
    await convertTrash(toSealed);
    // Drafts (what was typed before Submit) are sealed and opened with the items.
    const draftsDone = await convertDrafts(
      db,
      (draft) => !!draft.sealed !== toSealed,
      async (draft) => {
        if (toSealed && current) return sealDraft(draft, current.publicKey);
        const open = await currentOpener();
        if (!open) throw new VaultLockedError();
        return openDraft(draft, open);
      },
    );
    await convertReplies(toSealed);
    return done && draftsDone;
  }

  /** Seals (or opens) the account names pages showed at capture (see sign-in-resume.ts). */
  async function convertAccounts(toSealed: boolean): Promise<void> {
    const current = await currentRecord();
    const ids = await db.items
      .filter((item) => (toSealed ? item.account !== undefined : item.accountSealed !== undefined))
      .primaryKeys();
    for (const id of ids) {
      const item = await db.items.get(id);
      if (!item) continue;
      if (toSealed && current && item.account !== undefined) {
        const accountSealed = await sealPayload(current.publicKey, JSON.stringify(item.account), []);
        await db.items
          .where('id')
          .equals(id)
          .modify((row) => {
            delete row.account;
            row.accountSealed = accountSealed;
          });
      } else if (!toSealed && item.accountSealed) {
        const open = await currentOpener();
        if (!open) throw new VaultLockedError();
        const account = JSON.parse((await open(item.accountSealed)).json) as string;
        await db.items
          .where('id')
          .equals(id)
          .modify((row) => {
            delete row.accountSealed;
            row.account = account;
          });
      }
    }
  }

  /** Seals (or opens) every stored reply whose form differs, one record at a time. */
  async function convertReplies(toSealed: boolean): Promise<void> {
    const current = await currentRecord();
    const ids = await db.replies.toCollection().primaryKeys();
    for (const id of ids) {
      const record = await db.replies.get(id);
      if (!record || !!record.sealed === toSealed) continue;
      let next: ReplyRecord;
      if (toSealed && current && record.reply) {
        next = { itemId: record.itemId, at: record.at, sealed: await sealReply(current.publicKey, record.reply) };
      } else if (!toSealed && record.sealed) {
        const open = await currentOpener();
        if (!open) throw new VaultLockedError();
        next = { itemId: record.itemId, at: record.at, reply: await openReply(record.sealed, open) };
      } else {
        continue;
      }
      await db.transaction('rw', db.replies, async () => {
        // Only the record as read: a newer reply written meanwhile is left alone.
        if ((await db.replies.get(id))?.at === record.at) await db.replies.put(next);
      });
    }
  }

  /** True while a removal of the passphrase is under way (or was cut and is to be finished). */
  async function removing(): Promise<boolean> {
    return (await readMeta<boolean>(db, REMOVING_META_KEY)) === true;
  }

  /** Opens everything still sealed, then deletes the record (last). Throws VaultLockedError without the key. */
  async function finishRemoval(): Promise<void> {
    for (let round = 0; !(await convertAll(false)); round++) {
      if (round >= 20) throw new FailureError(failure('vaultBusy'));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await writeRecord(null);
    await db.meta.bulkDelete([SEAL_PENDING_META_KEY, REMOVING_META_KEY]);
    await vault.lock();
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
    async prepare(
      request: SubmissionRequest,
      source: SubmissionSource,
      fingerprint: string,
    ): Promise<PayloadParts & { fingerprint: string }> {
      const current = await currentRecord();
      if (!current || (await removing())) return { request, source, fingerprint };
      return {
        ...(await sealItemParts(current.publicKey, request, source)),
        fingerprint: await keyedDigest(await pepper(), fingerprint),
      };
    },

    /** The public key new data is sealed with, or undefined while encryption is off (or being turned off). */
    async sealingKey(): Promise<Uint8Array<ArrayBuffer> | undefined> {
      const current = await currentRecord();
      return current && !(await removing()) ? current.publicKey : undefined;
    },

    /** The JSON of a sealed payload without files, or undefined while locked. */
    async openPayload(sealed: SealedPayload): Promise<string | undefined> {
      const open = await currentOpener();
      return open ? (await open(sealed)).json : undefined;
    },

    /** A server's reply as stored: sealed when encryption is on (works while locked). */
    async storedReply(reply: ReplySnapshot): Promise<{ reply: ReplySnapshot } | { sealed: SealedPayload }> {
      const current = await currentRecord();
      return current && !(await removing()) ? { sealed: await sealReply(current.publicKey, reply) } : { reply };
    },

    /** The draft with its sealed content opened. Throws VaultLockedError when it is sealed and the vault locked. */
    async openDraft(draft: DraftRecord): Promise<DraftRecord> {
      if (!draft.sealed) return draft;
      if (!(await currentRecord())) throw new FailureError(failure('vaultRemoved'));
      const open = await currentOpener();
      if (!open) throw new VaultLockedError();
      return openDraft(draft, open);
    },

    /** The parts to store after a change of an item's payload (edit, refreshed tokens). */
    async reseal(request: SubmissionRequest, source: SubmissionSource): Promise<PayloadParts> {
      const current = await currentRecord();
      return current && !(await removing()) ? sealItemParts(current.publicKey, request, source) : { request, source };
    },

    /** The item with its sealed parts put back. Throws VaultLockedError when it is sealed and the vault locked. */
    async open(item: OutboxItem): Promise<OutboxItem> {
      if (!item.sealed) return item;
      if (!(await currentRecord())) throw new FailureError(failure('vaultRemoved'));
      const open = await currentOpener();
      if (!open) throw new VaultLockedError();
      return openItem(item, open);
    },

    async setPassphrase(passphrase: unknown) {
      if (await currentRecord()) throw new FailureError(failure('encryptionAlreadyOn'));
      const { record: created, privateKey } = await createVaultRecord(
        checkPassphrase(passphrase),
        Date.now(),
        iterations,
      );
      await keepKey(privateKey);
      await db.meta.put({ key: SEAL_PENDING_META_KEY, value: true });
      await writeRecord(created);
      await vault.sealPending();
    },

    /** Seals what was stored before encryption was turned on; re-run after each pass until all is done. */
    async sealPending() {
      if (!(await currentRecord()) || (await removing()) || !(await readMeta<boolean>(db, SEAL_PENDING_META_KEY)))
        return;
      if (await convertAll(true)) await db.meta.delete(SEAL_PENDING_META_KEY);
    },

    async unlock(passphrase: unknown) {
      await keepKey(await openWith(passphrase));
      await vault.resumeRemoval();
    },

    async lock() {
      await browser.storage.session.remove(VAULT_SESSION_KEY);
      opener = undefined;
    },

    /** After "delete everything" emptied the database: nothing of the vault is remembered (the record is read again). */
    async forgetMemory() {
      await vault.lock();
      record = undefined;
    },

    async changePassphrase(passphrase: unknown, newPassphrase: unknown) {
      const privateKey = await openWith(passphrase);
      const current = (await currentRecord())!;
      await writeRecord(await rewrapVault(current, privateKey, checkPassphrase(newPassphrase), Date.now()));
      await keepKey(privateKey);
    },

    /**
     * Turns encryption off: every item (and trashed item) is opened with the key, then the record
     * goes, last, so that a cut at any instant loses nothing (the removal resumes at the next start,
     * or at the next unlock). New captures meanwhile are stored readable. Items being sent are waited
     * for a little; if they do not settle, what was opened is sealed again and encryption stays on.
     */
    async removePassphrase(passphrase: unknown) {
      await keepKey(await openWith(passphrase));
      await db.meta.put({ key: REMOVING_META_KEY, value: true });
      try {
        await finishRemoval();
      } catch (error) {
        await db.meta.delete(REMOVING_META_KEY);
        await convertAll(true);
        throw error;
      }
    },

    /** Finishes a removal that was cut (a crash, a restart), once the key is at hand. */
    async resumeRemoval() {
      if (!(await removing()) || !(await currentRecord()) || !(await currentOpener())) return;
      await finishRemoval();
    },

    /**
     * The way out for a forgotten passphrase (the user confirmed): every encrypted submission is
     * deleted, then encryption is off. Returns how many were deleted.
     */
    async forget(): Promise<number> {
      const sealedIds = await db.items.filter((item) => !!item.sealed).primaryKeys();
      await deleteItemsForGood(db, sealedIds);
      await db.replies.filter((record) => !!record.sealed).delete();
      await dropSealedTrash();
      await db.drafts.bulkDelete(await db.drafts.filter((draft) => !!draft.sealed).primaryKeys());
      await writeRecord(null);
      await db.meta.bulkDelete([SEAL_PENDING_META_KEY, REMOVING_META_KEY]);
      await vault.lock();
      return sealedIds.length;
    },
  };
  return vault;
}
