// Every unit test gets a fresh, in-memory IndexedDB (fake-indexeddb) and a reset fake browser.
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { formatFallback } from '@/utils/i18n';
import { installFakePermissions } from './fake-permissions';

beforeEach(() => {
  fakeBrowser.reset();
  installFakePermissions();
  // The fake browser has no i18n: the extension's own English catalogue answers, as the browser would.
  fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) =>
    formatFallback(
      key,
      substitutions === undefined ? [] : [substitutions].flat(),
    )) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => 'en';
});
