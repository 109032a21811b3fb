/**
 * The catalogue lookup for code that runs in web pages (the injected capture, drafts, refill and
 * sign-in scripts, the in-page notice): the browser's own chrome.i18n, so that no copy of the
 * catalogue is bundled into code injected into pages.
 */
import { browser } from '@wxt-dev/browser';
import type { Say } from './words';

/**
 * The browser's catalogue message for `key` in the UI language. Outside an extension (unit tests of
 * page code) there is no catalogue: the key itself stands in.
 */
export const pageSay: Say = (key, ...substitutions) =>
  (browser as typeof browser | undefined)?.i18n?.getMessage(key as never, substitutions.map(String)) ?? key;
