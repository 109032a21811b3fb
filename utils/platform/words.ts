/**
 * Words from codes, for every context: extension pages pass `t` (utils/i18n.ts), code in web pages
 * passes the browser's own catalogue lookup (page-words.ts), so this module never bundles the
 * catalogue. Plurals: chrome.i18n has none, so a counted message has one key per plural category of
 * the languages shipped (`<base>_one`, `<base>_other`), chosen with Intl.PluralRules for the
 * language the catalogue in use is written in (its `catalogueLanguage` message), not the UI language:
 * a French browser reads the English catalogue and must get English plurals.
 */
import { failureMessageKey, failureOf, isFailure, type Failure } from '../core/failure';
import type { MessageKey } from '../i18n';

/** Looks up a catalogue message with its placeholders ($1, $2...). */
export type Say = (key: MessageKey, ...substitutions: Array<string | number>) => string;

/** The bases of counted messages: `x` when the catalogue has `x_other`. */
export type PluralBase = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];

const rulesByLanguage = new Map<string, Intl.PluralRules>();

function pluralRules(language: string): Intl.PluralRules {
  let rules = rulesByLanguage.get(language);
  if (!rules) {
    try {
      rules = new Intl.PluralRules(language);
    } catch {
      rules = new Intl.PluralRules('en');
    }
    rulesByLanguage.set(language, rules);
  }
  return rules;
}

/**
 * The counted message `base` for `count`: `$1` is the count, `more` the further placeholders. Falls
 * back to `<base>_other` when the catalogue has no message for the count's category.
 */
export function sayCount(say: Say, base: PluralBase, count: number, ...more: Array<string | number>): string {
  const language = say('catalogueLanguage') || 'en';
  const category = pluralRules(language).select(count);
  const key = `${base}_${category}` as MessageKey;
  const text = say(key, count, ...more);
  return text && text !== key ? text : say(`${base}_other` as MessageKey, count, ...more);
}

/** A failure in words. */
export function failureWords(failure: Failure, say: Say): string {
  if (!isFailure(failure)) return say('failureUnexpected', JSON.stringify(failure));
  return say(failureMessageKey(failure.code), ...(failure.args ?? []));
}

/** Any error in words: a FailureError's code, else "something unexpected" (its text is only for the console). */
export function errorWords(error: unknown, say: Say): string {
  return failureWords(failureOf(error), say);
}
