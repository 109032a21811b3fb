import { useEffect, useState } from 'preact/hooks';
import type { VaultStatus } from '@/utils/messaging';
import { t, tn, type MessageKey } from '@/utils/i18n';
import { errorWords } from '@/utils/platform/words';
import { vaultClient, type VaultClient } from '@/utils/pages/vault-client';

const MIN_LENGTH = 8;

type Form = 'change' | 'remove' | 'forget' | undefined;

function PassphraseField(props: {
  id: string;
  label: string;
  value: string;
  onInput(value: string): void;
  autocomplete: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="password"
        autocomplete={props.autocomplete}
        value={props.value}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
    </div>
  );
}

/** The settings page's encryption section: turn a passphrase on or off, change it, lock and unlock. */
export function EncryptionSection({ client = vaultClient }: { client?: VaultClient }) {
  const [status, setStatus] = useState<VaultStatus>();
  const [form, setForm] = useState<Form>();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  useEffect(() => {
    void client.status().then(setStatus, (e: unknown) => setError(errorWords(e, t)));
  }, [client]);

  const reset = () => {
    setCurrent('');
    setNext('');
    setConfirm('');
    setForm(undefined);
  };

  /** Checks a new passphrase and its confirmation; the reason when they are not acceptable. */
  const newPassphraseProblem = (): string | undefined => {
    if (next.length < MIN_LENGTH) return tn('encTooShort', MIN_LENGTH);
    if (next !== confirm) return t('encMismatch');
    return undefined;
  };

  const act = async (action: () => Promise<VaultStatus>, success: MessageKey) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      setStatus(await action());
      reset();
      setDone(t(success));
    } catch (e) {
      setError(errorWords(e, t));
    } finally {
      setBusy(false);
    }
  };

  const submitNew = (event: Event, action: () => Promise<VaultStatus>, success: MessageKey) => {
    event.preventDefault();
    const problem = newPassphraseProblem();
    if (problem) {
      setError(problem);
      return;
    }
    void act(action, success);
  };

  return (
    <section class="card" aria-labelledby="encryption-title" data-testid="encryption">
      <h2 id="encryption-title">{t('encTitle')}</h2>
      {!status && !error && <p class="muted">{t('loading')}</p>}
      {status && !status.enabled && (
        <form onSubmit={(e) => submitNew(e, () => client.setPassphrase(next), 'encTurnedOn')}>
          <p>{t('encOffIntro')}</p>
          <p class="warning">{t('encForgetWarning')}</p>
          <PassphraseField
            id="enc-new"
            label={t('encNewPassphrase')}
            value={next}
            onInput={setNext}
            autocomplete="new-password"
          />
          <PassphraseField
            id="enc-confirm"
            label={t('encConfirmPassphrase')}
            value={confirm}
            onInput={setConfirm}
            autocomplete="new-password"
          />
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? t('encWorking') : t('encTurnOn')}
          </button>
        </form>
      )}
      {status?.enabled && !status.unlocked && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => client.unlock(current), 'encUnlocked');
          }}
        >
          <p>{t('encLockedIntro')}</p>
          <PassphraseField
            id="enc-unlock"
            label={t('passphrase')}
            value={current}
            onInput={setCurrent}
            autocomplete="current-password"
          />
          <button type="submit" class="button button-primary" disabled={busy || !current}>
            {busy ? t('unlocking') : t('unlock')}
          </button>
          <button
            type="button"
            class="button button-quiet"
            aria-expanded={form === 'forget'}
            onClick={() => setForm(form === 'forget' ? undefined : 'forget')}
          >
            {t('encForgot')}
          </button>
          {form === 'forget' && (
            <div class="confirm" role="group" aria-labelledby="enc-forget-text">
              <p id="enc-forget-text" class="warning">
                {t('encForgetExplain')}
              </p>
              <button
                type="button"
                class="button button-danger"
                disabled={busy}
                onClick={() => void act(() => client.forget(), 'encForgotten')}
              >
                {t('encForgetConfirm')}
              </button>
            </div>
          )}
        </form>
      )}
      {status?.enabled && status.unlocked && (
        <div>
          <p>{t('encOnIntro')}</p>
          <div class="actions">
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => void act(() => client.lock(), 'encLockedNow')}
            >
              {t('encLockNow')}
            </button>
            <button
              type="button"
              class="button"
              aria-expanded={form === 'change'}
              onClick={() => setForm(form === 'change' ? undefined : 'change')}
            >
              {t('encChange')}
            </button>
            <button
              type="button"
              class="button button-danger"
              aria-expanded={form === 'remove'}
              onClick={() => setForm(form === 'remove' ? undefined : 'remove')}
            >
              {t('encTurnOff')}
            </button>
          </div>
          {form === 'change' && (
            <form onSubmit={(e) => submitNew(e, () => client.changePassphrase(current, next), 'encChanged')}>
              <PassphraseField
                id="enc-current"
                label={t('encCurrentPassphrase')}
                value={current}
                onInput={setCurrent}
                autocomplete="current-password"
              />
              <PassphraseField
                id="enc-new"
                label={t('encNewPassphrase')}
                value={next}
                onInput={setNext}
                autocomplete="new-password"
              />
              <PassphraseField
                id="enc-confirm"
                label={t('encConfirmPassphrase')}
                value={confirm}
                onInput={setConfirm}
                autocomplete="new-password"
              />
              <button type="submit" class="button button-primary" disabled={busy || !current}>
                {busy ? t('encWorking') : t('encChange')}
              </button>
            </form>
          )}
          {form === 'remove' && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void act(() => client.removePassphrase(current), 'encTurnedOff');
              }}
            >
              <p>{t('encOffExplain')}</p>
              <PassphraseField
                id="enc-current"
                label={t('encCurrentPassphrase')}
                value={current}
                onInput={setCurrent}
                autocomplete="current-password"
              />
              <button type="submit" class="button button-danger" disabled={busy || !current}>
                {busy ? t('encWorking') : t('encTurnOff')}
              </button>
            </form>
          )}
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
    </section>
  );
}
