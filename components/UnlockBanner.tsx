import { useState } from 'preact/hooks';
import { t, tn } from '@/utils/i18n';

export interface UnlockBannerProps {
  /** How many submissions wait for the passphrase. */
  waiting: number;
  /** Resolves true when the passphrase opened the vault. */
  onUnlock(passphrase: string): Promise<boolean>;
}

/** Shown while encryption is on and this browser session has no key: nothing can be sent until unlocked. */
export function UnlockBanner({ waiting, onUnlock }: UnlockBannerProps) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="unlock"
      aria-labelledby="unlock-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (!passphrase || busy) return;
        setBusy(true);
        void onUnlock(passphrase).then((ok) => {
          setBusy(false);
          if (ok) setPassphrase('');
        });
      }}
    >
      <h2 id="unlock-title">{t('lockedTitle')}</h2>
      <p>{waiting > 0 ? tn('lockedBodyWaiting', waiting) : t('lockedBody')}</p>
      <div class="unlock-row">
        <label class="visually-hidden" for="unlock-passphrase">
          {t('passphrase')}
        </label>
        <input
          id="unlock-passphrase"
          type="password"
          autocomplete="current-password"
          placeholder={t('passphrase')}
          value={passphrase}
          onInput={(e) => setPassphrase((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="button button-primary" disabled={!passphrase || busy}>
          {busy ? t('unlocking') : t('unlock')}
        </button>
      </div>
    </form>
  );
}
