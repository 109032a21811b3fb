/**
 * The background's handlers for the popup's commands (retry, discard and undo, clear history,
 * open-and-refill). Only extension pages may send them (MESSAGE_SENDERS, checked by the message
 * gate). After each change the badge is refreshed and, when something became due, a replay pass is
 * requested.
 */
import { refused } from '../core/failure';
import type { OutboxDatabase } from '../db/database';
import * as repo from '../db/outbox-repository';
import { discardToTrash, pruneTrash, restoreFromTrash, TRASH_KEEP_MS } from '../db/trash';
import type { MessageHandlers } from './message-gate';
import { createRefill } from './refill';
import type { Vault } from './vault';
import { logFailure } from '../core/log';

type PopupMessage = 'retryItem' | 'retryAllFailed' | 'discardItem' | 'restoreItem' | 'clearSent' | 'openAndRefill';
export type PopupHandlers = Pick<MessageHandlers, PopupMessage>;

export interface PopupCommandDeps {
  /** Asks for a replay pass (does not need to be awaited). */
  replay(): Promise<void>;
  refreshBadge(): Promise<void>;
  /** Opens and re-seals encrypted items (edit and retry, refill). */
  vault?: Pick<Vault, 'open' | 'reseal'>;
}

const GONE = refused('itemGone');

function isId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length < 200;
}

function isEditedValues(values: unknown): values is Record<number, string> {
  if (values === undefined) return true;
  if (!values || typeof values !== 'object' || Array.isArray(values)) return false;
  return Object.entries(values).every(([key, value]) => /^\d+$/.test(key) && typeof value === 'string');
}

/** Handlers keyed by message type, to spread into the background's handler map. */
export function createPopupCommands(db: OutboxDatabase, deps: PopupCommandDeps): PopupHandlers {
  const refill = createRefill(db, deps.vault ? (item) => deps.vault!.open(item) : undefined);
  // Discarded items past the undo window leave for good at every worker start (and every discard).
  void pruneTrash(db, Date.now() - TRASH_KEEP_MS).catch(logFailure('trash'));
  const afterChange = async (replay: boolean) => {
    await deps.refreshBadge();
    if (replay) void deps.replay().catch(logFailure('replay failed'));
  };

  return {
    async retryItem(data) {
      if (!isId(data?.id) || !isEditedValues(data.values)) return refused('malformed', undefined, 'retryItem');
      const values = data.values && Object.keys(data.values).length ? data.values : undefined;
      const stored = values && deps.vault ? await db.items.get(data.id) : undefined;
      if (stored?.sealed && values && deps.vault) {
        const opened = await deps.vault.open(stored);
        const { entries, edited } = repo.applyEdits(opened.request.entries, values);
        const parts = await deps.vault.reseal({ ...opened.request, entries }, opened.source);
        if (!(await repo.retryItem(db, data.id, Date.now(), undefined, { parts, edited, readAt: stored.updatedAt })))
          return GONE;
      } else if (!(await repo.retryItem(db, data.id, Date.now(), values))) return GONE;
      await afterChange(true);
      return { ok: true };
    },
    async retryAllFailed() {
      const ids = await db.items.where('status').equals('failed').primaryKeys();
      let count = 0;
      const now = Date.now();
      for (const id of ids) if (await repo.retryItem(db, id, now)) count++;
      await afterChange(count > 0);
      return { ok: true, count };
    },
    async discardItem(data) {
      if (!isId(data?.id)) return refused('malformed', undefined, 'discardItem');
      const now = Date.now();
      await pruneTrash(db, now - TRASH_KEEP_MS);
      if (!(await discardToTrash(db, data.id, now))) return refused('itemBusy');
      await afterChange(false);
      return { ok: true };
    },
    async restoreItem(data) {
      if (!isId(data?.id)) return refused('malformed', undefined, 'restoreItem');
      if (!(await restoreFromTrash(db, data.id, Date.now()))) return refused('notRestorable');
      await afterChange(true);
      return { ok: true };
    },
    async clearSent() {
      const count = await repo.clearSent(db);
      await afterChange(false);
      return { ok: true, count };
    },
    async openAndRefill(data) {
      if (!isId(data?.id)) return refused('malformed');
      const stored = await db.items.get(data.id);
      if (!stored) return GONE;
      const item = deps.vault ? await deps.vault.open(stored) : stored;
      const tabId = await refill.open(item);
      return { ok: true, tabId };
    },
  };
}
