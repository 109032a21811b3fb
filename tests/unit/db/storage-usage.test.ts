import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxDatabase } from '@/utils/db/database';
import { observeStorageUsage, readStorageUsage, type StorageUsage } from '@/utils/db/storage-usage';
import { makeItem } from '../popup/fixtures';
import { freshDatabase } from './helpers';

let db: OutboxDatabase;
let cleanup: () => Promise<void>;

beforeEach(async () => ({ db, cleanup } = await freshDatabase()));
afterEach(() => cleanup());

describe('storage usage', () => {
  it('counts submissions per state and takes usage and quota from the estimate', async () => {
    await db.items.bulkAdd([
      makeItem({ status: 'pending' }),
      makeItem({ status: 'sending' }),
      makeItem({ status: 'failed' }),
      makeItem({ status: 'sent' }),
      makeItem({ status: 'sent' }),
    ]);
    expect(await readStorageUsage(db, async () => ({ usage: 1234, quota: 99_000 }))).toEqual({
      counts: { pending: 1, sending: 1, failed: 1, sent: 2 },
      usage: 1234,
      quota: 99_000,
    });
  });

  it('leaves usage unknown when the browser has no estimate or it fails', async () => {
    expect(await readStorageUsage(db, async () => ({}))).toEqual({
      counts: { pending: 0, sending: 0, failed: 0, sent: 0 },
      usage: undefined,
      quota: undefined,
    });
    expect((await readStorageUsage(db, () => Promise.reject(new Error('no')))).usage).toBeUndefined();
  });

  it('follows the queue: a new item gives new counts and a fresh estimate', async () => {
    let estimates = 0;
    const seen: StorageUsage[] = [];
    const stop = observeStorageUsage(
      db,
      (usage) => seen.push(usage),
      (error) => {
        throw error;
      },
      async () => ({ usage: ++estimates * 100 }),
    );
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toMatchObject({ counts: { pending: 0 }, usage: 100 });
    await db.items.add(makeItem({ status: 'pending' }));
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]).toMatchObject({ counts: { pending: 1 }, usage: 200 });
    stop();
    await db.items.add(makeItem({ status: 'failed' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(2);
  });
});
