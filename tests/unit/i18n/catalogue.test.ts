// The locale catalogues (public/_locales/*/messages.json) agree: the same keys, the same
// placeholders per key, every placeholder a message uses is defined, counted messages have a
// message for each plural category of their language, every failure code has its words.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAILURE_CODES, failureMessageKey } from '@/utils/core/failure';

type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const LOCALES = path.resolve('public/_locales');
const read = (locale: string): Catalogue =>
  JSON.parse(fs.readFileSync(path.join(LOCALES, locale, 'messages.json'), 'utf8'));
const locales = fs.readdirSync(LOCALES).sort();
const english = read('en');

/** The placeholders a message uses ($NAME$), lower-cased as chrome.i18n matches them. */
const used = (message: string) => [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toLowerCase()).sort();

describe('the locale catalogues', () => {
  it('ship English and German', () => {
    expect(locales).toEqual(['de', 'en']);
  });

  it.each(locales.filter((l) => l !== 'en'))('%s has exactly the English keys', (locale) => {
    expect(Object.keys(read(locale)).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(locales.filter((l) => l !== 'en'))('%s has the same placeholders per key as English', (locale) => {
    const other = read(locale);
    const differ = Object.keys(english).filter((key) => {
      const a = english[key].placeholders ?? {};
      const b = other[key]?.placeholders ?? {};
      return (
        JSON.stringify(
          Object.keys(a)
            .sort()
            .map((n) => [n, a[n].content]),
        ) !==
        JSON.stringify(
          Object.keys(b)
            .sort()
            .map((n) => [n, b[n].content]),
        )
      );
    });
    expect(differ).toEqual([]);
  });

  it.each(locales)(
    '%s: every placeholder a message uses is defined, and a message uses the placeholders the English one uses',
    (locale) => {
      const catalogue = read(locale);
      const problems = Object.entries(catalogue).flatMap(([key, entry]) => {
        const defined = Object.keys(entry.placeholders ?? {});
        const undefinedUse = used(entry.message).filter((name) => !defined.includes(name));
        // A counted message for "one" may leave out the count ("1 item" reads "the sent item"); others keep what English says.
        const englishUses = new Set(used(english[key]?.message ?? ''));
        const dropped = /_one$/.test(key) ? [] : [...englishUses].filter((name) => !used(entry.message).includes(name));
        return [...undefinedUse.map((n) => `${key}: $${n}$ undefined`), ...dropped.map((n) => `${key}: drops $${n}$`)];
      });
      expect(problems).toEqual([]);
    },
  );

  it.each(locales)('%s: counted messages have a message for every plural category the language uses', (locale) => {
    const catalogue = read(locale);
    const language = catalogue.catalogueLanguage.message;
    expect(language).toBe(locale);
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const bases = Object.keys(catalogue)
      .filter((k) => k.endsWith('_other'))
      .map((k) => k.slice(0, -'_other'.length));
    expect(bases.length).toBeGreaterThan(10);
    const missing = bases.flatMap((base) =>
      categories.filter((c) => !catalogue[`${base}_${c}`]).map((c) => `${base}_${c}`),
    );
    expect(missing).toEqual([]);
  });

  it('has words for every failure code', () => {
    expect(FAILURE_CODES.map(failureMessageKey).filter((key) => !english[key])).toEqual([]);
  });

  it('leaves no "(s)" plurals behind', () => {
    for (const locale of locales)
      expect(
        Object.entries(read(locale))
          .filter(([, e]) => /\w\(s\)|\(e\)n\b/.test(e.message))
          .map(([k]) => k),
      ).toEqual([]);
  });
});
