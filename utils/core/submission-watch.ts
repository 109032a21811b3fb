/**
 * Did the server accept a native form submission? (pure) The page says when its form left
 * (`submittedAt`); the browser reports, for the frame the form was in, the responses to document
 * requests (webRequest), commits of new documents and failed navigations (webNavigation), with their
 * times. The page's message and the browser's events reach the background in any order, so the
 * frame's recent events are kept and judged together:
 *   the first document response at or after the submission decides:
 *     2xx or 3xx, then a document committed      -> accepted (204/205 need no commit: nothing loads)
 *     4xx or 5xx                                  -> rejected
 *   a failed navigation and no response within FAILURE_GRACE_MS -> rejected (the flaky-link rescue may queue it)
 *   nothing within SUBMISSION_WAIT_MS             -> rejected (the draft is kept)
 * Events come out of order (Firefox reports an aborted navigation for a redirected POST before it
 * delivers the response that came first), so a failure alone is final only after a grace period.
 */
import { SUBMISSION_WAIT_MS } from './draft-state';

export type FrameEvent =
  { kind: 'response'; at: number; status: number } | { kind: 'committed'; at: number } | { kind: 'failed'; at: number };

export type SubmissionVerdict = 'accepted' | 'rejected' | 'waiting';

/** The page's clock and the browser's can disagree by a few ms; events this much earlier still count. */
export const CLOCK_SLACK_MS = 50;
/** A failed navigation with no response is final after this long (a late response may still come). */
export const FAILURE_GRACE_MS = 3_000;

/** The verdict on a submission made at `submittedAt`, from the frame's events (any order), at `now`. */
export function judgeSubmission(submittedAt: number, events: readonly FrameEvent[], now: number): SubmissionVerdict {
  const after = events.filter((event) => event.at >= submittedAt - CLOCK_SLACK_MS).sort((a, b) => a.at - b.at);
  const response = after.find((event): event is Extract<FrameEvent, { kind: 'response' }> => event.kind === 'response');
  const failure = after.find((event) => event.kind === 'failed');
  if (response) {
    if (failure && failure.at < response.at) return 'rejected';
    if (response.status >= 400 || response.status < 200) return 'rejected';
    if (response.status === 204 || response.status === 205) return 'accepted';
    if (after.some((event) => event.kind === 'committed' && event.at >= response.at)) return 'accepted';
  } else if (failure && now - failure.at > FAILURE_GRACE_MS) {
    return 'rejected';
  }
  return now - submittedAt > SUBMISSION_WAIT_MS ? 'rejected' : 'waiting';
}

/** Keeps the recent document events of each frame for judgeSubmission (bounded in count and age). */
export function createFrameLog(maxPerFrame = 16) {
  const log = new Map<string, FrameEvent[]>();
  const key = (tabId: number, frameId: number) => `${tabId}:${frameId}`;
  return {
    add(tabId: number, frameId: number, event: FrameEvent, now: number) {
      const events = (log.get(key(tabId, frameId)) ?? []).filter((e) => now - e.at <= SUBMISSION_WAIT_MS);
      events.push(event);
      log.set(key(tabId, frameId), events.slice(-maxPerFrame));
      if (log.size > 500) {
        for (const [k, list] of log) if (!list.some((e) => now - e.at <= SUBMISSION_WAIT_MS)) log.delete(k);
      }
    },
    events(tabId: number, frameId: number): FrameEvent[] {
      return log.get(key(tabId, frameId)) ?? [];
    },
    forgetTab(tabId: number) {
      for (const k of [...log.keys()]) if (k.startsWith(`${tabId}:`)) log.delete(k);
    },
  };
}
