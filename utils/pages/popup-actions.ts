/** What the popup's user can ask for. The popup entry implements it with messages to the background. */
export interface PopupActions {
  sendNow(): Promise<void>;
  retry(id: string, values?: Record<number, string>): Promise<void>;
  retryAllFailed(): Promise<void>;
  discard(id: string): Promise<void>;
  restore(id: string): Promise<void>;
  clearSent(): Promise<void>;
  openAndRefill(id: string): Promise<void>;
  /** Opens the server's stored answer to an item in a new tab. */
  viewReply?(id: string): Promise<void>;
  /** Resolves with how many items were exported (and drafts, when the export carries drafts). */
  exportQueue(): Promise<number | { items: number; drafts: number }>;
  setNotifications(on: boolean): Promise<void>;
  /** Opens the vault with the passphrase (throws with the reason when it does not). */
  unlock(passphrase: string): Promise<void>;
  /** Puts `text` on the clipboard (an item's whole address). */
  copyText?(text: string): Promise<void>;
  /** Opens the settings page in a tab. */
  openSettings?(): Promise<void>;
  /** Opens the outbox in a normal (not private) window. */
  openInNormalWindow?(): Promise<void>;
}

export type GroupName = 'pending' | 'failed' | 'sent';
