import { describe, expect, it } from 'vitest';
import { addExpired, draftExpiresAt, EXPIRY_WARNING_MS, expiryCutoff, expirySummary } from '@/utils/core/draft-expiry';

const DAY = 24 * 60 * 60_000;

describe('draft expiry', () => {
  it('expires a draft the retention after it was last typed in', () => {
    expect(draftExpiresAt(1_000, 7 * DAY)).toBe(1_000 + 7 * DAY);
    expect(expiryCutoff(10 * DAY, 7 * DAY)).toBe(3 * DAY);
  });

  it('counts drafts expiring within a day, those already past, and the next expiry', () => {
    const now = 100 * DAY;
    const retention = 7 * DAY;
    const summary = expirySummary(
      [now - 1_000, now - 7 * DAY + 3_600_000, now - 6.5 * DAY, now - 8 * DAY],
      retention,
      now,
    );
    expect(summary).toEqual({ expiringSoon: 2, expired: 1, nextExpiry: now + 3_600_000 });
    expect(expirySummary([], retention, now)).toEqual({ expiringSoon: 0, expired: 0 });
    // Exactly at the warning edge it is pointed out; just beyond it, not.
    expect(expirySummary([now - retention + EXPIRY_WARNING_MS], retention, now).expiringSoon).toBe(1);
    expect(expirySummary([now - retention + EXPIRY_WARNING_MS + 1], retention, now).expiringSoon).toBe(0);
  });

  it('adds up the drafts deleted on expiry until the person has seen the count', () => {
    const first = addExpired(undefined, 2, 50);
    expect(first).toEqual({ count: 2, lastAt: 50 });
    expect(addExpired(first, 0, 60)).toBe(first);
    expect(addExpired(first, 3, 70)).toEqual({ count: 5, lastAt: 70 });
  });
});
