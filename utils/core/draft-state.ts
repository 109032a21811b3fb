/**
 * The life of a draft (pure). A draft is what a person typed into one form of one page, kept until
 * its submission is delivered, the person discards it, or it expires.
 *
 *   editing ──native submit (online)──▶ submitted ──server answered 2xx/3xx──▶ ended
 *      │  ▲                                 │
 *      │  └──────typed / 4xx, 5xx, no answer┘
 *      ├──page's script sent it (submit cancelled)──▶ sentByScript ──page shows the form cleared──▶ ended
 *      ├──queued in the outbox (offline, dropped link)──▶ queued ──its item is sent──▶ ended
 *      └──the person cleared the form──▶ ended              │ item failed: kept (and offered again)
 *   any ──discarded by the person, or expired──▶ ended
 *
 * Invariants: only a delivery the browser or the outbox saw (never the page's word alone) or the
 * page showing the form empty again ends a draft; anything uncertain keeps it. `queued` wins over
 * what the page reports about the same submission (the outbox owns it from then on). Typing again
 * makes it a draft being edited, detached from any earlier submission (what is new would otherwise
 * end with the old submission).
 */

export type DraftState = 'editing' | 'submitted' | 'sentByScript' | 'queued';

export type DraftEvent =
  /** The person typed: a newer copy of the form was saved. */
  | 'typed'
  /** The form shows nothing typed any more (the person or the page cleared it). */
  | 'cleared'
  /** A native submission left the page while online. */
  | 'submitted'
  /** The page cancelled the native submission to send the form itself (fetch). */
  | 'submittedByScript'
  /** The submission was queued in the outbox (offline, or rescued from a dropped link). */
  | 'queued'
  /** The server answered the native submission with 2xx or 3xx. */
  | 'accepted'
  /** The native submission got an error status, no answer, or none in time. */
  | 'rejected'
  /** The outbox item made from it was delivered. */
  | 'itemSent'
  | 'discarded'
  | 'expired';

/** The state after `event`, or 'ended' when the draft is to be deleted. */
export function nextDraftState(state: DraftState, event: DraftEvent): DraftState | 'ended' {
  switch (event) {
    case 'typed':
      return 'editing';
    case 'cleared':
      return state === 'queued' ? 'queued' : 'ended';
    case 'submitted':
      return state === 'queued' ? 'queued' : 'submitted';
    case 'submittedByScript':
      return state === 'queued' ? 'queued' : 'sentByScript';
    case 'queued':
      return 'queued';
    case 'accepted':
      return state === 'submitted' ? 'ended' : state;
    case 'rejected':
      return state === 'submitted' ? 'editing' : state;
    case 'itemSent':
      return state === 'queued' ? 'ended' : state;
    case 'discarded':
    case 'expired':
      return 'ended';
  }
}

/** How long a native submission's answer is waited for; after that the draft counts as editing again. */
export const SUBMISSION_WAIT_MS = 2 * 60_000;

/**
 * Whether a draft in `state` (since `stateSince`) is offered for restoring on its page. `itemStatus` is the status of its
 * outbox item (undefined when there is none any more: discarded by the person). A submission still
 * waiting in the outbox is not offered (restoring it would invite sending it twice); one that failed is.
 */
export function isOffered(state: DraftState, stateSince: number, now: number, itemStatus?: string): boolean {
  switch (state) {
    case 'editing':
    case 'sentByScript':
      return true;
    case 'submitted':
      return now - stateSince > SUBMISSION_WAIT_MS;
    case 'queued':
      return itemStatus === undefined || itemStatus === 'failed';
  }
}
