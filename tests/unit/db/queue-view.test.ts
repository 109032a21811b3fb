import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboxDatabase } from '@/utils/db/database';
import { enqueueItem } from '@/utils/db/outbox-repository';
import { observeQueueView, type ObserveOptions, type QueueView } from '@/utils/db/queue-view';
import { freshDatabase, makeRequest, SOURCE } from './helpers';

const LIMITS = { pending: 2, failed: 2, sent: 2 };
let db: OutboxDatabase;
let cleanup: () => Promise<void>;

beforeEach(async () => ({ db, cleanup } = await freshDatabase()));
afterEach(() => cleanup());

async function enqueue(count: number, from = 0) {
  for (let i = from; i < from + count; i++) {
    await enqueueItem(db, {
      request: makeRequest([{ name: 'q', value: `v${i}` }]),
      source: SOURCE,
      fingerprint: `fp-${i}`,
      now: 1000 + i,
    });
  }
}

/** Subscribes and records every view; call `stop` at the end. */
function observe(options?: ObserveOptions) {
  const views: QueueView[] = [];
  const errors: unknown[] = [];
  const stop = observeQueueView(
    db,
    LIMITS,
    (view) => views.push(view),
    (error) => errors.push(error),
    options,
  );
  return { views, errors, stop };
}

describe('observeQueueView', () => {
  it('with listsFirst, reports the first items before the counts, then full counted views on every change', async () => {
    await enqueue(3);
    const { views, errors, stop } = observe({ listsFirst: { pending: 1, failed: 1, sent: 1 } });
    try {
      await vi.waitFor(() => expect(views.length).toBeGreaterThanOrEqual(2));
      expect(views[0].counts).toBeUndefined();
      expect(views[0].pending.map((i) => i.request.entries[0])).toEqual([{ name: 'q', value: 'v0' }]);
      expect(views[1].counts).toEqual({ pending: 3, sending: 0, failed: 0, sent: 0 });
      expect(views[1].pending.map((i) => i.request.entries[0])).toEqual([
        { name: 'q', value: 'v0' },
        { name: 'q', value: 'v1' },
      ]);
      await enqueue(1, 3);
      await vi.waitFor(() => expect(views.at(-1)!.counts?.pending).toBe(1 + 3));
      expect(views.slice(1).every((view) => view.counts)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      stop();
    }
  });

  it('without listsFirst, every view has its counts', async () => {
    await enqueue(3);
    const { views, stop } = observe();
    try {
      await vi.waitFor(() => expect(views).toHaveLength(1));
      expect(views[0].counts).toEqual({ pending: 3, sending: 0, failed: 0, sent: 0 });
      // Nothing else comes: no late uncounted view.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(views).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('reports nothing once unsubscribed, not even the lists read before', async () => {
    await enqueue(1);
    const { views, stop } = observe({ listsFirst: LIMITS });
    stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(views).toEqual([]);
  });
});
