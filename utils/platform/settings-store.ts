/**
 * The user's settings, kept in browser.storage.local under one key (the content script reads the
 * same key). Missing or damaged values read as their defaults, so older installs need no migration.
 */
import { browser } from 'wxt/browser';
import { parseSettings, SETTINGS_KEY, type Settings } from '../core/settings';

export { DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '../core/settings';

/** All settings, defaults filled in. */
export async function getSettings(): Promise<Settings> {
  return parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

/** One setting. */
export async function getSetting<K extends keyof Settings>(key: K): Promise<Settings[K]> {
  return (await getSettings())[key];
}

/** Changes one setting, keeping the others. The value is validated like a stored one. */
export async function setSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  await updateSettings({ [key]: value } as Partial<Settings>);
}

/** Changes several settings at once. */
export async function updateSettings(changes: Partial<Settings>): Promise<Settings> {
  const next = parseSettings({ ...(await getSettings()), ...changes });
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

/** Calls `onChange` with the new settings whenever they change (in any extension page). Returns the unsubscribe function. */
export function watchSettings(onChange: (settings: Settings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    onChange(parseSettings(changes[SETTINGS_KEY].newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
