/**
 * The background's handlers for the encryption settings and the unlock prompt. Only the extension's
 * own pages may send them (MESSAGE_SENDERS, checked by the message gate). Every answer carries the
 * vault's status, so pages can redraw from it.
 */
import { failureOf } from '../core/failure';
import type { Ack, VaultStatus } from '../core/wire';
import type { MessageHandlers } from './message-gate';
import type { Vault } from './vault';
import { logFailure } from '../core/log';

type VaultMessage =
  'getVaultStatus' | 'setPassphrase' | 'changePassphrase' | 'removePassphrase' | 'unlock' | 'lock' | 'forgetVault';
type VaultHandlers = Pick<MessageHandlers, VaultMessage>;

export interface VaultCommandDeps {
  replay(): Promise<void>;
  refreshBadge(): Promise<void>;
}

export function createVaultCommands(vault: Vault, deps: VaultCommandDeps): VaultHandlers {
  /** Runs `change`; answers the status afterwards, or why not as a code. */
  const guarded =
    (change: (data: Record<string, unknown>) => Promise<unknown>, thenReplay = false) =>
    async (data: unknown): Promise<Ack<VaultStatus>> => {
      try {
        await change((data && typeof data === 'object' ? data : {}) as Record<string, unknown>);
      } catch (error) {
        return { ok: false, ...failureOf(error) };
      }
      await deps.refreshBadge();
      if (thenReplay) void deps.replay().catch(logFailure('replay failed'));
      return { ok: true, ...(await vault.status()) };
    };

  return {
    getVaultStatus: guarded(async () => undefined),
    setPassphrase: guarded((data) => vault.setPassphrase(data.passphrase)),
    changePassphrase: guarded((data) => vault.changePassphrase(data.passphrase, data.newPassphrase)),
    removePassphrase: guarded((data) => vault.removePassphrase(data.passphrase), true),
    unlock: guarded((data) => vault.unlock(data.passphrase), true),
    lock: guarded(() => vault.lock()),
    forgetVault: guarded(() => vault.forget()),
  };
}
