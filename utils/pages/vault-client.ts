/** The extension pages' side of the vault messages: each call answers the vault's new status or throws the reason. */
import { expectOk, type Ack } from '../core/wire';
import { sendToBackground, type VaultStatus } from '../messaging';

export interface VaultClient {
  status(): Promise<VaultStatus>;
  setPassphrase(passphrase: string): Promise<VaultStatus>;
  changePassphrase(passphrase: string, newPassphrase: string): Promise<VaultStatus>;
  removePassphrase(passphrase: string): Promise<VaultStatus>;
  unlock(passphrase: string): Promise<VaultStatus>;
  lock(): Promise<VaultStatus>;
  forget(): Promise<VaultStatus>;
}

async function ask(answer: Promise<Ack<VaultStatus> | undefined>): Promise<VaultStatus> {
  const result = expectOk(await answer);
  return { enabled: result.enabled, unlocked: result.unlocked };
}

export const vaultClient: VaultClient = {
  status: () => ask(sendToBackground('getVaultStatus', {})),
  setPassphrase: (passphrase) => ask(sendToBackground('setPassphrase', { passphrase })),
  changePassphrase: (passphrase, newPassphrase) =>
    ask(sendToBackground('changePassphrase', { passphrase, newPassphrase })),
  removePassphrase: (passphrase) => ask(sendToBackground('removePassphrase', { passphrase })),
  unlock: (passphrase) => ask(sendToBackground('unlock', { passphrase })),
  lock: () => ask(sendToBackground('lock', {})),
  forget: () => ask(sendToBackground('forgetVault', {})),
};
