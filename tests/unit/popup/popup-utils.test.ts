import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { displayValue, isSensitiveField, MASK } from '@/utils/popup/mask';
import { connectionState } from '@/utils/popup/connection';
import { absoluteTime, relativeTime } from '@/utils/popup/format';
import { formatFallback, setMessageSource, t } from '@/utils/i18n';
import { drainNotice } from '@/utils/background/notifications';
import { makeItem, NOW } from './fixtures';

describe('isSensitiveField', () => {
  it.each([
    'password',
    'new_password',
    'user[password]',
    'passwd',
    'pwd',
    'cc-number',
    'cc_exp',
    'ccNumber',
    'cardNumber',
    'card-number',
    'card_code',
    'cvc',
    'card_cvv',
    'csrf_token',
    'authenticity_token',
    'api_secret',
    'clientSecret',
    'otp',
    'otp_code',
    'twoFactorOtp',
    'pin',
    'card[pin]',
    'ssn',
    'social_security_number',
    'one-time-code',
    'creditcard',
  ])('masks %s', (name) => expect(isSensitiveField(name)).toBe(true));

  it.each([
    'email',
    'name',
    'shipping',
    'accent',
    'spinner',
    'account',
    'notes',
    'photo',
    'opinion',
    'occupation',
    'card_holder',
    'topping',
  ])('shows %s', (name) => expect(isSensitiveField(name)).toBe(false));

  it('masks values but keeps empty values empty', () => {
    expect(displayValue('password', 'hunter2')).toBe(MASK);
    expect(displayValue('password', '')).toBe('');
    expect(displayValue('email', 'a@b.c')).toBe('a@b.c');
  });
});

describe('connectionState', () => {
  const netError = (at: number) => ({ kind: 'network' as const, message: 'x', at });
  const httpError = (at: number) => ({ kind: 'http' as const, message: 'x', status: 503, at });
  it('is offline whenever the browser says so', () => {
    expect(connectionState(false, [])).toBe('offline');
  });
  it('is unreachable when the most recent attempt of a waiting item was a network error', () => {
    expect(connectionState(true, [makeItem({ lastError: httpError(1) }), makeItem({ lastError: netError(2) })])).toBe(
      'unreachable',
    );
  });
  it('is online when a later attempt got an answer, or nothing was tried', () => {
    expect(connectionState(true, [makeItem({ lastError: netError(1) }), makeItem({ lastError: httpError(2) })])).toBe(
      'online',
    );
    expect(connectionState(true, [makeItem()])).toBe('online');
    expect(connectionState(true, [makeItem({ status: 'sending', lastError: netError(5) })])).toBe('online');
  });
});

const { RelativeTimeFormat, DateTimeFormat } = Intl;

describe('relativeTime', () => {
  it('speaks in minutes, hours and days', () => {
    expect(relativeTime(NOW - 30_000, NOW, 'en')).toBe('now');
    expect(relativeTime(NOW - 5 * 60_000, NOW, 'en')).toBe('5 minutes ago');
    expect(relativeTime(NOW + 2 * 3_600_000, NOW, 'en')).toBe('in 2 hours');
    expect(relativeTime(NOW - 86_400_000, NOW, 'en')).toBe('yesterday');
  });

  it('in each locale, and with the same formatters for every call (building one per <time> slowed the popup)', () => {
    const made = { relative: 0, absolute: 0 };
    vi.stubGlobal('Intl', {
      ...Intl,
      RelativeTimeFormat: class extends RelativeTimeFormat {
        constructor(...args: ConstructorParameters<typeof RelativeTimeFormat>) {
          super(...args);
          made.relative++;
        }
      },
      DateTimeFormat: class extends DateTimeFormat {
        constructor(...args: ConstructorParameters<typeof DateTimeFormat>) {
          super(...args);
          made.absolute++;
        }
      },
    });
    onTestFinished(() => void vi.unstubAllGlobals());
    // Locales no other test uses: the formatters are kept per locale for the module's life.
    for (let i = 0; i < 3; i++) {
      expect(relativeTime(NOW - 5 * 60_000, NOW, 'de-CH')).toBe('vor 5 Minuten');
      expect(relativeTime(NOW + 2 * 3_600_000, NOW, 'fr-CA')).toBe('dans 2 heures');
      expect(absoluteTime(NOW, 'de-CH')).toBe(
        new Date(NOW).toLocaleString('de-CH', { dateStyle: 'medium', timeStyle: 'short' }),
      );
      expect(absoluteTime(NOW, 'fr-CA')).toBe(
        new Date(NOW).toLocaleString('fr-CA', { dateStyle: 'medium', timeStyle: 'short' }),
      );
    }
    expect(made).toEqual({ relative: 2, absolute: 2 });
  });
});

describe('i18n', () => {
  it('formats catalogue placeholders like chrome.i18n', () => {
    expect(formatFallback('showingOf', ['5', '10'])).toBe('Showing 5 of 10');
    expect(t('lastSent', 'now')).toBe('Last sent now');
    expect(t('nonexistent' as never)).toBe('nonexistent');
  });
  it('prefers the browser source, and falls back when it has nothing', () => {
    setMessageSource((key) => (key === 'sendNow' ? 'Jetzt senden' : ''));
    expect(t('sendNow')).toBe('Jetzt senden');
    expect(t('retry')).toBe('Retry');
    setMessageSource(undefined);
  });
});

describe('drainNotice', () => {
  it('sums a drain pass in one notification', () => {
    expect(drainNotice({ sent: 0, failed: 0 })).toBeUndefined();
    expect(drainNotice({ sent: 1, failed: 0 })?.message).toBe('1 saved submission was sent.');
    expect(drainNotice({ sent: 3, failed: 0 })?.message).toBe('3 saved submissions were sent.');
    expect(drainNotice({ sent: 0, failed: 2 })?.message).toBe(
      '2 submissions could not be sent. Open Form Outbox to see why.',
    );
    expect(drainNotice({ sent: 2, failed: 1 })).toEqual({
      title: 'Form Outbox: needs your attention',
      message: '2 sent, 1 could not be sent. Open Form Outbox to see why.',
    });
  });
});
