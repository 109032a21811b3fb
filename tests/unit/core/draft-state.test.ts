import { describe, expect, it } from 'vitest';
import {
  isOffered,
  nextDraftState,
  SUBMISSION_WAIT_MS,
  type DraftEvent,
  type DraftState,
} from '@/utils/core/draft-state';

const STATES: DraftState[] = ['editing', 'submitted', 'sentByScript', 'queued'];

describe('the draft state machine', () => {
  it.each([
    // state, event, next
    ['editing', 'typed', 'editing'],
    ['queued', 'typed', 'editing'],
    ['editing', 'submitted', 'submitted'],
    ['submitted', 'accepted', 'ended'],
    ['submitted', 'rejected', 'editing'],
    ['editing', 'accepted', 'editing'],
    ['editing', 'submittedByScript', 'sentByScript'],
    ['sentByScript', 'cleared', 'ended'],
    ['editing', 'cleared', 'ended'],
    ['editing', 'queued', 'queued'],
    ['sentByScript', 'queued', 'queued'],
    ['queued', 'submittedByScript', 'queued'],
    ['queued', 'submitted', 'queued'],
    ['queued', 'cleared', 'queued'],
    ['queued', 'itemSent', 'ended'],
    ['editing', 'itemSent', 'editing'],
    ['queued', 'rejected', 'queued'],
  ] as Array<[DraftState, DraftEvent, DraftState | 'ended']>)('%s --%s--> %s', (state, event, next) => {
    expect(nextDraftState(state, event)).toBe(next);
  });

  it('ends from every state when discarded or expired', () => {
    for (const state of STATES) {
      expect(nextDraftState(state, 'discarded')).toBe('ended');
      expect(nextDraftState(state, 'expired')).toBe('ended');
    }
  });

  it('only a delivery, the form cleared, a discard or expiry ever end a draft', () => {
    const ending = new Set<DraftEvent>(['accepted', 'itemSent', 'cleared', 'discarded', 'expired']);
    const events: DraftEvent[] = [
      'typed',
      'cleared',
      'submitted',
      'submittedByScript',
      'queued',
      'accepted',
      'rejected',
      'itemSent',
      'discarded',
      'expired',
    ];
    for (const state of STATES)
      for (const event of events) if (!ending.has(event)) expect(nextDraftState(state, event)).not.toBe('ended');
  });
});

describe('isOffered', () => {
  const now = 10_000_000;
  it('offers drafts being edited or sent by the page, and failed or discarded outbox items', () => {
    expect(isOffered('editing', now, now)).toBe(true);
    expect(isOffered('sentByScript', now, now)).toBe(true);
    expect(isOffered('queued', now, now, 'failed')).toBe(true);
    expect(isOffered('queued', now, now, undefined)).toBe(true);
  });

  it("does not offer one still waiting in the outbox or for the site's answer (control: the answer never came)", () => {
    expect(isOffered('queued', now, now, 'pending')).toBe(false);
    expect(isOffered('queued', now, now, 'sending')).toBe(false);
    expect(isOffered('submitted', now - 1_000, now)).toBe(false);
    expect(isOffered('submitted', now - SUBMISSION_WAIT_MS - 1, now)).toBe(true);
  });
});
