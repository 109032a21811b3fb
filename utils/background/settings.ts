/**
 * The user's settings, kept in browser.storage.local under one key. Missing values read as their
 * defaults, so older installs need no migration. The options page (issue 6) will build on this.
 */
import { browser } from 'wxt/browser';

export interface Settings {
  /** Desktop notifications when queued submissions are delivered or fail for good. */
  notifications: boolean;
}

export const DEFAULT_SETTINGS: Settings = { notifications: true };
export const SETTINGS_KEY = 'settings';

/** All settings, defaults filled in. */
export async function getSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as Partial<Settings> | undefined;
  return { ...DEFAULT_SETTINGS, ...(stored && typeof stored === 'object' ? stored : {}) };
}

/** One setting. */
export async function getSetting<K extends keyof Settings>(key: K): Promise<Settings[K]> {
  return (await getSettings())[key];
}

/** Changes one setting, keeping the others. */
export async function setSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  const current = await getSettings();
  await browser.storage.local.set({ [SETTINGS_KEY]: { ...current, [key]: value } });
}

/** Calls `onChange` with the new settings whenever they change (in any extension page). Returns the unsubscribe function. */
export function watchSettings(onChange: (settings: Settings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    onChange({ ...DEFAULT_SETTINGS, ...((changes[SETTINGS_KEY].newValue as Partial<Settings>) ?? {}) });
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
