/** The popup's words for why an item did not go through (utils/platform/item-error-words.ts with the pages' catalogue). */
import type { ItemError } from '../core/types';
import { t } from '../i18n';
import { itemErrorWords } from '../platform/item-error-words';

/** Why `error` happened, in the user's language; `requestUrl` is the item's target. */
export function failureReason(error: ItemError, requestUrl: string): string {
  return itemErrorWords(error, requestUrl, t);
}
