// Every unit test gets a fresh, in-memory IndexedDB (fake-indexeddb) and a reset fake browser.
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { installFakePermissions } from './fake-permissions';

beforeEach(() => {
  fakeBrowser.reset();
  installFakePermissions();
});
