// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '@/entrypoints/popup/App';
import type { OutboxDatabase } from '@/utils/db/database';
import { enqueueItem } from '@/utils/db/outbox-repository';
import { freshDatabase, makeRequest, SOURCE } from '../db/helpers';
import { withoutBackground } from './fixtures';

let db: OutboxDatabase;
let dropDb: () => Promise<void>;

beforeEach(async () => {
  ({ db, cleanup: dropDb } = await freshDatabase());
  withoutBackground();
  for (let i = 0; i < 30; i++) {
    await enqueueItem(db, {
      request: makeRequest([{ name: 'q', value: `v${i}` }]),
      source: SOURCE,
      fingerprint: `fp-${i}`,
      now: Date.now() + i,
    });
  }
});
afterEach(async () => {
  cleanup();
  await dropDb();
});

/** Records, at every change of the popup, whether it showed item rows and the waiting count. */
function watchPopup() {
  const seen: Array<{ items: number; count: string | undefined }> = [];
  const observer = new MutationObserver(() => {
    seen.push({
      items: document.querySelectorAll('[data-testid=item]').length,
      count: document.querySelector('[data-testid=count-pending]')?.textContent ?? undefined,
    });
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  return { seen, stop: () => observer.disconnect() };
}

describe('popup App', () => {
  it('shows the first few items before the rest and their count, and keeps the count shown once known (Show more)', async () => {
    const { seen, stop } = watchPopup();
    try {
      render(<App db={db} />);
      expect(await screen.findByTestId('count-pending')).toBeTruthy();
      expect(screen.getByTestId('count-pending').textContent).toBe('30');
      // The first paint: the first 5 (more than fill the popup), no count yet; then all 25 with the count.
      expect(seen.find((s) => s.items > 0)).toEqual({ items: 5, count: undefined });
      expect(screen.getAllByTestId('item')).toHaveLength(25);

      seen.length = 0;
      fireEvent.click(screen.getByRole('button', { name: 'Show 5 more' }));
      await vi.waitFor(() => expect(screen.getAllByTestId('item')).toHaveLength(30));
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((s) => s.count === '30')).toBe(true);
    } finally {
      stop();
    }
  });
});
