/**
 * What every extension context reads of the vault without asking the worker: the session's key (an
 * opener for sealed records) and whether encryption is on and locked. The vault itself (unlock,
 * seal, change, forget) lives in the worker: utils/background/vault.ts.
 */
import { browser } from 'wxt/browser';
import { decodeBase64 } from '../core/base64';
import { createOpener, type PayloadOpener, type VaultRecord } from '../core/sealing';
import type { OutboxDatabase } from '../db/database';
import { readMeta } from '../db/outbox-repository';

/** The meta key of the vault's record (absent when encryption is off). */
export const VAULT_META_KEY = 'vault';
/** Where the unlocked key is kept for this browser session (storage.session, never on disk). */
export const VAULT_SESSION_KEY = 'vaultKey';

/** An opener from the key this browser session holds, if unlocked (extension pages and the worker). */
export async function readSessionOpener(): Promise<PayloadOpener | undefined> {
  const stored = (await browser.storage.session.get(VAULT_SESSION_KEY))[VAULT_SESSION_KEY];
  return typeof stored === 'string' ? createOpener(decodeBase64(stored)) : undefined;
}

/** The vault's record, read directly (extension pages: the export carries it); undefined when encryption is off. */
export async function readVaultRecord(db: OutboxDatabase): Promise<VaultRecord | undefined> {
  return readMeta<VaultRecord>(db, VAULT_META_KEY);
}

/**
 * Whether encryption is on and locked, read directly (extension pages): the popup must not wake the
 * worker to learn it, as the worker's start-up writes would then compete with the popup's first read.
 */
export async function readVaultLocked(db: OutboxDatabase): Promise<boolean> {
  if (!(await readMeta<VaultRecord>(db, VAULT_META_KEY))) return false;
  return typeof (await browser.storage.session.get(VAULT_SESSION_KEY))[VAULT_SESSION_KEY] !== 'string';
}
