// Real plurals: a counted message picks `<base>_<category>` by Intl.PluralRules for the language the
// catalogue in use is written in (utils/platform/words.ts), in English and in German.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { setMessageSource, tn } from '@/utils/i18n';

type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/** chrome.i18n's lookup over a catalogue file ('' for a missing key, as the browser answers). */
function lookupIn(locale: string) {
  const catalogue = JSON.parse(fs.readFileSync(`public/_locales/${locale}/messages.json`, 'utf8')) as Catalogue;
  return (key: string, substitutions: string[] = []) => {
    const entry = catalogue[key];
    if (!entry) return '';
    return entry.message
      .replace(
        /\$([A-Za-z0-9_@]+)\$/g,
        (whole, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? whole,
      )
      .replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
  };
}

afterEach(() => setMessageSource(undefined));

describe('counted messages', () => {
  it('English: 1 time, 2 times; 0 takes the plural', () => {
    setMessageSource(lookupIn('en'));
    expect(tn('rescuedTried', 1)).toBe('Tried once.');
    expect(tn('rescuedTried', 2)).toBe('Tried 2 times.');
    expect(tn('groupCount', 1)).toBe('1 item');
    expect(tn('groupCount', 5)).toBe('5 items');
    expect(tn('groupCount', 0)).toBe('0 items');
  });

  it('German: 1 Versuch, 2 Versuche; 0 takes the plural', () => {
    setMessageSource(lookupIn('de'));
    expect(tn('attempts', 1)).toBe('1 Versuch');
    expect(tn('attempts', 2)).toBe('2 Versuche');
    expect(tn('groupCount', 0)).toBe('0 Einträge');
    expect(tn('rescuedTried', 3)).toBe('3-mal versucht.');
  });

  it("follows the catalogue's language, not the browser's: a catalogue without one reads as English", () => {
    setMessageSource((key, subs) => (key === 'catalogueLanguage' ? '' : lookupIn('en')(key, subs)));
    expect(tn('groupCount', 1)).toBe('1 item');
  });

  it('without a browser catalogue, uses the bundled English one', () => {
    expect(tn('attempts', 1)).toBe('1 attempt');
    expect(tn('attempts', 7)).toBe('7 attempts');
  });
});
