/** What the popup's Drafts view shows and what its person can do there (the popup entry implements the commands). */
import type { ExpiredDrafts } from '../core/draft-expiry';
import type { DraftRecord } from '../core/draft-record';
import type { ItemStatus, OutboxItem } from '../core/types';

export interface DraftsViewModel {
  /** Newest first; opened where this session holds the key (sealed ones stay sealed otherwise). */
  drafts: DraftRecord[];
  /** How many drafts there are in all. */
  total: number;
  /** The status of the outbox item a draft waits for, by item id. */
  itemStatus: Record<string, ItemStatus>;
  /** Drafts deleted on expiry that the person has not yet acknowledged. */
  expired?: ExpiredDrafts;
  /** The retention setting (ms): each draft's expiry is shown. */
  retentionMs: number;
  /** Whether drafts are kept (the settings' switch). */
  enabled: boolean;
}

export interface DraftCommands {
  /** Opens the draft's page in a new tab and restores the draft there. */
  open(id: string): Promise<void>;
  /** Puts `text` on the clipboard. */
  copy(text: string): Promise<void>;
  discard(id: string): Promise<void>;
  undoDiscard(id: string): Promise<void>;
  /** The person saw how many drafts expired. */
  clearExpired(): Promise<void>;
  /** Drafts and queued items matching the query (opened where possible). */
  search(query: string): Promise<{ drafts: DraftRecord[]; items: OutboxItem[] }>;
}
