import type { OutboxItem } from '@/utils/core/types';

/** The one test builder for queue items: a pending urlencoded POST from `origin`, due at `at`; override what a test is about. */
export function buildItem(
  overrides: Partial<OutboxItem> & { id?: string } = {},
  { origin = overrides.origin ?? 'https://shop.example', at = 1_700_000_000_000 } = {},
): OutboxItem {
  const id = overrides.id ?? 'item-1';
  return {
    id,
    idempotencyKey: id,
    seq: 1,
    origin,
    status: 'pending',
    request: {
      method: 'POST',
      url: `${origin}/submit`,
      enctype: 'application/x-www-form-urlencoded',
      entries: [{ name: 'id', value: id }],
    },
    source: { pageUrl: `${origin}/form`, pageTitle: 'Form', referrerPolicy: '' },
    fingerprint: `fp-${id}`,
    capturedAt: at,
    updatedAt: at,
    attempts: 0,
    nextAttemptAt: at,
    ...overrides,
  };
}
