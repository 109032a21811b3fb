import type { OutboxItem } from '@/utils/core/types';
import type { QueueCounts } from '@/utils/db/outbox-repository';
import type { QueueView } from '@/utils/db/queue-view';
import type { PopupActions } from '@/utils/pages/popup-actions';
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { buildItem } from '../item-builder';

export const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

let counter = 0;

/** A queued item with sensible defaults. */
export function makeItem(overrides: Partial<OutboxItem> = {}): OutboxItem {
  counter++;
  const id = overrides.id ?? `item-${counter}`;
  return buildItem(
    {
      id,
      seq: counter,
      request: {
        method: 'POST',
        url: 'https://shop.example/orders/new',
        enctype: 'multipart/form-data',
        entries: [
          { name: 'item', value: 'widget' },
          { name: 'password', value: 'hunter2' },
          {
            name: 'photo',
            file: { name: 'valve.jpg', type: 'image/jpeg', lastModified: 0, blob: new Blob([new Uint8Array(2048)]) },
          },
        ],
      },
      source: {
        pageUrl: 'https://shop.example/orders',
        pageTitle: 'New order',
        referrerPolicy: 'strict-origin-when-cross-origin',
      },
      capturedAt: NOW - 5 * 60_000,
      updatedAt: NOW - 60_000,
      nextAttemptAt: NOW + 2 * 60_000,
      ...overrides,
    },
    { origin: 'https://shop.example', at: NOW },
  );
}

/** A view whose counts are those of its lists unless given; `counts: 'unknown'` for a view read before its counts. */
export function makeView(
  parts: Partial<Pick<QueueView, 'pending' | 'failed' | 'sent' | 'lastSentAt' | 'unreadable'>> & {
    counts?: Partial<QueueCounts> | 'unknown';
  } = {},
): QueueView {
  const pending = parts.pending ?? [];
  const failed = parts.failed ?? [];
  const sent = parts.sent ?? [];
  return {
    pending,
    failed,
    sent,
    lastSentAt: parts.lastSentAt,
    unreadable: parts.unreadable ?? 0,
    counts:
      parts.counts === 'unknown'
        ? undefined
        : {
            pending: pending.filter((i) => i.status === 'pending').length,
            sending: pending.filter((i) => i.status === 'sending').length,
            failed: failed.length,
            sent: sent.length,
            ...parts.counts,
          },
  };
}

export function makeCommands(): { [K in keyof PopupActions]: ReturnType<typeof vi.fn> } & PopupActions {
  return {
    sendNow: vi.fn(async () => undefined),
    retry: vi.fn(async () => undefined),
    retryAllFailed: vi.fn(async () => undefined),
    discard: vi.fn(async () => undefined),
    restore: vi.fn(async () => undefined),
    clearSent: vi.fn(async () => undefined),
    openAndRefill: vi.fn(async () => undefined),
    exportQueue: vi.fn(async () => 3),
    setNotifications: vi.fn(async () => undefined),
    unlock: vi.fn(async () => undefined),
  } as never;
}

/**
 * An extension page (popup, settings) under test: no background answers its messages, and the UI
 * language is English.
 */
export function withoutBackground(): void {
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en');
}
