import { describe, expect, it, vi } from 'vitest';
import { persistStorage } from '@/utils/background/persist-storage';

describe('persistStorage', () => {
  it('asks for persistence when the storage is not persisted yet (Firefox background page)', async () => {
    const persist = vi.fn(async () => true);
    expect(await persistStorage({ persist, persisted: async () => false })).toBe(true);
    expect(persist).toHaveBeenCalledOnce();
  });

  it('does not ask again once persisted', async () => {
    const persist = vi.fn(async () => true);
    expect(await persistStorage({ persist, persisted: async () => true })).toBe(true);
    expect(persist).not.toHaveBeenCalled();
  });

  it('reports a refusal as false', async () => {
    expect(await persistStorage({ persist: async () => false, persisted: async () => false })).toBe(false);
  });

  it('does nothing where persist() does not exist (Chrome service worker, no navigator)', async () => {
    const persisted = vi.fn(async () => false);
    expect(await persistStorage({ persisted })).toBeUndefined();
    expect(persisted).not.toHaveBeenCalled();
    expect(await persistStorage(undefined)).toBeUndefined();
  });
});
