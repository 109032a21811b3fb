/**
 * The one way UI code gets its words. Strings live in public/_locales/en/messages.json (the
 * extension's locale catalogue); `t` asks the browser's i18n (other locales) when a source has been
 * set and falls back to the bundled English catalogue, so components render in tests without a
 * browser. Placeholders follow the chrome.i18n format ($NAME$ -> $1...).
 */
import english from '../public/_locales/en/messages.json';
import { sayCount, type PluralBase } from './platform/words';

type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
export type MessageKey = keyof typeof english;
type MessageSource = (key: string, substitutions?: string[]) => string;

let source: MessageSource | undefined;

/** Uses the browser's i18n (e.g. `browser.i18n.getMessage`) for lookups from now on. */
export function setMessageSource(next: MessageSource | undefined): void {
  source = next;
}

/** Formats an English catalogue entry the way chrome.i18n does. */
export function formatFallback(key: string, substitutions: string[] = []): string {
  const entry = (english as Catalogue)[key];
  if (!entry) return key;
  const withPlaceholders = entry.message.replace(
    /\$([A-Za-z0-9_@]+)\$/g,
    (whole, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? whole,
  );
  return withPlaceholders.replace(/\$(\d)/g, (whole, n: string) => substitutions[Number(n) - 1] ?? '');
}

/** The message for `key` with substitutions ($1, $2...). */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  const subs = substitutions.map(String);
  const found = source?.(key, subs);
  return found || formatFallback(key, subs);
}

/** The counted message `base` for `count` (`$1` is the count; `more` fills $2...): real plurals (words.ts). */
export function tn(base: PluralBase, count: number, ...more: Array<string | number>): string {
  return sayCount(t, base, count, ...more);
}
