import { describe, expect, it } from 'vitest';
import { SUBMISSION_WAIT_MS } from '@/utils/core/draft-state';
import { createFrameLog, FAILURE_GRACE_MS, judgeSubmission, type FrameEvent } from '@/utils/core/submission-watch';

const T = 1_000_000;

describe('judgeSubmission: did the server accept a native submission?', () => {
  it('accepts a 2xx or 3xx answer once a document committed after it', () => {
    expect(judgeSubmission(T, [{ kind: 'response', at: T + 10, status: 303 }], T + 20)).toBe('waiting');
    expect(
      judgeSubmission(
        T,
        [
          { kind: 'response', at: T + 10, status: 303 },
          { kind: 'committed', at: T + 30 },
        ],
        T + 40,
      ),
    ).toBe('accepted');
    expect(
      judgeSubmission(
        T,
        [
          { kind: 'response', at: T + 10, status: 200 },
          { kind: 'committed', at: T + 30 },
        ],
        T + 40,
      ),
    ).toBe('accepted');
  });

  it('accepts 204 and 205 without a commit (nothing loads)', () => {
    expect(judgeSubmission(T, [{ kind: 'response', at: T + 10, status: 204 }], T + 20)).toBe('accepted');
  });

  it("rejects 4xx and 5xx (control: the first response decides, not a later 200 of an error page's assets)", () => {
    expect(
      judgeSubmission(
        T,
        [
          { kind: 'response', at: T + 10, status: 500 },
          { kind: 'committed', at: T + 30 },
        ],
        T + 40,
      ),
    ).toBe('rejected');
    expect(
      judgeSubmission(
        T,
        [
          { kind: 'response', at: T + 10, status: 422 },
          { kind: 'response', at: T + 50, status: 200 },
          { kind: 'committed', at: T + 60 },
        ],
        T + 70,
      ),
    ).toBe('rejected');
  });

  it('ignores what happened before the submission', () => {
    const earlier: FrameEvent[] = [
      { kind: 'response', at: T - 5_000, status: 500 },
      { kind: 'failed', at: T - 4_000 },
      { kind: 'committed', at: T - 3_000 },
    ];
    expect(
      judgeSubmission(
        T,
        [...earlier, { kind: 'response', at: T + 10, status: 302 }, { kind: 'committed', at: T + 20 }],
        T + 30,
      ),
    ).toBe('accepted');
  });

  it("judges events in time order whatever order they came in (Firefox: an abort reported before the redirect's response)", () => {
    const firefox: FrameEvent[] = [
      { kind: 'failed', at: T + 42 },
      { kind: 'committed', at: T + 43 },
      { kind: 'response', at: T + 16, status: 303 },
      { kind: 'response', at: T + 23, status: 200 },
    ];
    expect(judgeSubmission(T, firefox.slice(0, 2), T + 45)).toBe('waiting');
    expect(judgeSubmission(T, firefox, T + 100)).toBe('accepted');
  });

  it('rejects a failed navigation once no response came within the grace period, and gives up after the wait', () => {
    const failed: FrameEvent[] = [{ kind: 'failed', at: T + 10 }];
    expect(judgeSubmission(T, failed, T + 10 + FAILURE_GRACE_MS)).toBe('waiting');
    expect(judgeSubmission(T, failed, T + 11 + FAILURE_GRACE_MS)).toBe('rejected');
    expect(
      judgeSubmission(
        T,
        [
          { kind: 'failed', at: T + 5 },
          { kind: 'response', at: T + 10, status: 200 },
          { kind: 'committed', at: T + 20 },
        ],
        T + 30,
      ),
    ).toBe('rejected');
    expect(judgeSubmission(T, [], T + SUBMISSION_WAIT_MS)).toBe('waiting');
    expect(judgeSubmission(T, [], T + SUBMISSION_WAIT_MS + 1)).toBe('rejected');
  });
});

describe('createFrameLog', () => {
  it('keeps recent events per frame, bounded, and forgets a closed tab', () => {
    const log = createFrameLog(3);
    for (let i = 0; i < 5; i++) log.add(1, 0, { kind: 'committed', at: T + i }, T + i);
    log.add(1, 2, { kind: 'failed', at: T }, T);
    expect(log.events(1, 0).map((e) => e.at)).toEqual([T + 2, T + 3, T + 4]);
    log.add(1, 0, { kind: 'committed', at: T + SUBMISSION_WAIT_MS + 10 }, T + SUBMISSION_WAIT_MS + 10);
    expect(log.events(1, 0).map((e) => e.at)).toEqual([T + SUBMISSION_WAIT_MS + 10]);
    log.forgetTab(1);
    expect(log.events(1, 0)).toEqual([]);
    expect(log.events(1, 2)).toEqual([]);
  });
});
