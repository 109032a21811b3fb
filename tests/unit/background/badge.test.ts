import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { BADGE_FAILED_COLOR, BADGE_WAITING_COLOR, badgeFor, showBadge } from '@/utils/background/badge';

const counts = (pending: number, sending: number, failed: number, sent = 0) => ({ pending, sending, failed, sent });

describe('badgeFor', () => {
  it('is empty when nothing waits or failed, whatever was sent', () => {
    expect(badgeFor(counts(0, 0, 0, 12))).toEqual({
      text: '',
      color: BADGE_WAITING_COLOR,
      title: 'Form Outbox: nothing waiting',
    });
  });

  it('counts pending and sending items as waiting, in blue', () => {
    expect(badgeFor(counts(2, 1, 0))).toEqual({
      text: '3',
      color: '#1a73e8',
      title: 'Form Outbox: 3 waiting to be sent',
    });
  });

  it('turns red and says so when something failed', () => {
    expect(badgeFor(counts(2, 0, 1))).toEqual({
      text: '3',
      color: '#c62828',
      title: 'Form Outbox: 2 waiting to be sent, 1 failed',
    });
    expect(badgeFor(counts(0, 0, 4))).toEqual({ text: '4', color: BADGE_FAILED_COLOR, title: 'Form Outbox: 4 failed' });
  });

  it('shows 999+ above 999', () => {
    expect(badgeFor(counts(999, 0, 0)).text).toBe('999');
    expect(badgeFor(counts(990, 5, 5)).text).toBe('999+');
    expect(badgeFor(counts(5000, 0, 0)).text).toBe('999+');
  });
});

describe('showBadge', () => {
  it('applies text and title to the toolbar action', async () => {
    await showBadge(counts(1, 0, 1));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(await fakeBrowser.action.getTitle({})).toBe('Form Outbox: 1 waiting to be sent, 1 failed');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0xc6, 0x28, 0x28, 255]);
  });
});
