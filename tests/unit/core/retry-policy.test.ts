import { failureReason } from '@/utils/popup/reason';
import { describe, expect, it } from 'vitest';
import {
  BASE_DELAY_MS,
  MAX_DELAY_MS,
  RETRY_WINDOW_MS,
  nextRetryDelay,
  parseRetryAfter,
} from '@/utils/core/retry-policy';
import { classifySend } from '@/utils/core/outcome';

const HOUR = 60 * 60_000;

/** A small seeded PRNG (mulberry32) so that "random" runs are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Times (ms from the first attempt) of every attempt against a server that always fails. */
function attemptTimes(random: () => number, until: number): number[] {
  const times: number[] = [];
  let t = 0;
  for (let attempts = 1; t < until; attempts++) {
    times.push(t);
    t += nextRetryDelay(attempts, random);
  }
  return times;
}

const countIn = (times: number[], from: number, to: number) => times.filter((t) => t >= from && t < to).length;

describe('constants', () => {
  it('are the documented values', () => {
    expect(BASE_DELAY_MS).toBe(5_000);
    expect(MAX_DELAY_MS).toBe(1_800_000);
    expect(RETRY_WINDOW_MS).toBe(259_200_000);
  });
});

describe('nextRetryDelay', () => {
  it('doubles from 5 s with full jitter kept (random 1)', () => {
    const one = () => 1;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => nextRetryDelay(n, one))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000,
    ]);
  });

  it('keeps half of the step with random 0 and three quarters with random 0.5', () => {
    expect(nextRetryDelay(1, () => 0)).toBe(2_500);
    expect(nextRetryDelay(3, () => 0)).toBe(10_000);
    expect(nextRetryDelay(1, () => 0.5)).toBe(3_750);
    expect(nextRetryDelay(4, () => 0.5)).toBe(30_000);
  });

  it('stays within 50-100% of the step for any random value', () => {
    for (let attempts = 1; attempts <= 30; attempts++) {
      const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempts - 1));
      for (const r of [0, 0.001, 0.25, 0.5, 0.75, 0.999, 1]) {
        const delay = nextRetryDelay(attempts, () => r);
        expect(delay).toBeGreaterThanOrEqual(step / 2);
        expect(delay).toBeLessThanOrEqual(step);
      }
    }
  });

  it('caps at MAX_DELAY_MS from the 10th attempt on, also for huge attempt counts', () => {
    expect(nextRetryDelay(10, () => 1)).toBe(MAX_DELAY_MS);
    expect(nextRetryDelay(10, () => 0)).toBe(MAX_DELAY_MS / 2);
    expect(nextRetryDelay(50, () => 1)).toBe(MAX_DELAY_MS);
    expect(nextRetryDelay(1_000_000, () => 1)).toBe(MAX_DELAY_MS);
  });

  it('treats 0 or negative attempts as the first attempt', () => {
    expect(nextRetryDelay(0, () => 1)).toBe(5_000);
    expect(nextRetryDelay(-3, () => 1)).toBe(5_000);
  });

  it('honors Retry-After instead of the backoff, with a 1 s floor and the cap', () => {
    expect(nextRetryDelay(1, () => 1, 120_000)).toBe(120_000);
    expect(nextRetryDelay(9, () => 0, 7_000)).toBe(7_000);
    expect(nextRetryDelay(1, () => 1, 0)).toBe(1_000);
    expect(nextRetryDelay(1, () => 1, 10 * HOUR)).toBe(MAX_DELAY_MS);
  });

  it('ignores a negative Retry-After', () => {
    expect(nextRetryDelay(2, () => 1, -5)).toBe(10_000);
  });

  it('defaults to Math.random and then stays within bounds', () => {
    for (let i = 0; i < 100; i++) {
      const d = nextRetryDelay(2);
      expect(d).toBeGreaterThanOrEqual(5_000);
      expect(d).toBeLessThanOrEqual(10_000);
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2015, 9, 21, 7, 27, 0);

  it('reads delta seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 7 ', now)).toBe(7_000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an IMF-fixdate relative to now', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(60_000);
  });

  it('reads the obsolete RFC 850 and asctime date forms', () => {
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:29:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Wed Oct 21 07:27:30 2015', now)).toBe(30_000);
  });

  it('reads a two-digit RFC 850 year as the most recent such year not more than 50 years ahead', () => {
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 0))).toBe(37_000);
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(2026, 0, 1))).toBe(0);
    expect(parseRetryAfter('Thursday, 01-Jan-32 00:00:10 GMT', Date.UTC(2032, 0, 1))).toBe(10_000);
  });

  it('refuses dates with impossible parts', () => {
    expect(parseRetryAfter('Wed, 32 Oct 2015 07:28:00 GMT', now)).toBeUndefined();
    expect(parseRetryAfter('Wed, 21 Foo 2015 07:28:00 GMT', now)).toBeUndefined();
    expect(parseRetryAfter('Wed, 21 Oct 2015 24:28:00 GMT', now)).toBeUndefined();
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 PST', now)).toBeUndefined();
  });

  it('clamps a date in the past to 0', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
  });

  it('returns undefined when absent', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('   ', now)).toBeUndefined();
  });

  it('returns undefined for garbage, including strings a lenient date parser would accept', () => {
    for (const garbage of [
      'soon',
      'later please',
      '12abc',
      '1.5',
      '-1',
      '+5',
      '1e3',
      'abc 1',
      'x2',
      '2024-01-01 nonsense',
      'Infinity',
    ]) {
      expect(parseRetryAfter(garbage, now), garbage).toBeUndefined();
    }
  });
});

describe('attempts against a server that keeps failing', () => {
  it('first attempts follow the documented schedule (random 1)', () => {
    expect(attemptTimes(() => 1, 10 * 60_000)).toEqual([0, 5_000, 15_000, 35_000, 75_000, 155_000, 315_000]);
  });

  it('at most 12 attempts in the first hour, whatever the jitter', () => {
    expect(
      countIn(
        attemptTimes(() => 0, 2 * HOUR),
        0,
        HOUR,
      ),
    ).toBe(12);
    expect(
      countIn(
        attemptTimes(() => 1, 2 * HOUR),
        0,
        HOUR,
      ),
    ).toBe(10);
    for (let seed = 1; seed <= 50; seed++) {
      expect(countIn(attemptTimes(seeded(seed), 2 * HOUR), 0, HOUR)).toBeLessThanOrEqual(12);
    }
  });

  it('once capped, at most 4 attempts an hour (gaps of 15-30 min), 2 with no jitter', () => {
    expect(
      countIn(
        attemptTimes(() => 0, 25 * HOUR),
        23 * HOUR,
        24 * HOUR,
      ),
    ).toBe(4);
    expect(
      countIn(
        attemptTimes(() => 1, 25 * HOUR),
        23 * HOUR,
        24 * HOUR,
      ),
    ).toBe(2);
    for (let seed = 1; seed <= 50; seed++) {
      const times = attemptTimes(seeded(seed), 25 * HOUR);
      for (let hour = 2; hour < 24; hour++)
        expect(countIn(times, hour * HOUR, (hour + 1) * HOUR)).toBeLessThanOrEqual(4);
      const gaps = times
        .slice(1)
        .map((t, i) => t - times[i])
        .slice(12);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MAX_DELAY_MS / 2);
    }
  });

  it('ends as failed (expired) once the retry window is over, after a bounded number of attempts', () => {
    const capturedAt = 1_000_000;
    let now = capturedAt;
    let attempts = 0;
    let outcome;
    do {
      attempts++;
      outcome = classifySend(
        { kind: 'network-error', message: 'net::ERR_CONNECTION_REFUSED' },
        { now, attempts, capturedAt, random: () => 0 },
      );
      if (outcome.kind === 'retry') now = outcome.at;
    } while (outcome.kind === 'retry');
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.error.kind).toBe('expired');
    expect(now - capturedAt).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    expect(now - capturedAt).toBeLessThan(RETRY_WINDOW_MS + MAX_DELAY_MS);
    // 12 in the first hour, then one every 15 min (random 0) for the rest of the 72 hours.
    expect(attempts).toBeLessThanOrEqual(12 + 4 * 72);
    expect(failureReason(outcome.error, 'https://shop.example/')).toBe(
      `Gave up after ${attempts} attempts over 3 days. Last problem: The server could not be reached.`,
    );
  });
});

describe('windowSpan', () => {
  it('names a window by its largest whole unit', async () => {
    const { windowSpan } = await import('@/utils/core/retry-policy');
    expect(windowSpan(3 * 86_400_000)).toEqual({ count: 3, unit: 'day' });
    expect(windowSpan(6 * 3_600_000)).toEqual({ count: 6, unit: 'hour' });
    expect(windowSpan(60_000)).toEqual({ count: 1, unit: 'minute' });
    expect(windowSpan(15_000)).toEqual({ count: 15, unit: 'second' });
  });
});
