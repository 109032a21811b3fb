import { browser } from 'wxt/browser';
import { defineBackground } from '#imports';
import { registerNotificationPermissionSync } from '@/utils/platform/notification-permission';
import { registerDraftListeners } from '@/utils/background/draft-wiring';
import { createOutboxService, HEARTBEAT_ALARM } from '@/utils/background/outbox-service';
import { persistStorage } from '@/utils/background/persist-storage';
import { openOutboxDatabase } from '@/utils/db/database';
import { setMessageSource } from '@/utils/i18n';
import { logFailure } from '@/utils/core/log';

export default defineBackground(() => {
  // Notifications and the badge's tooltip in the browser's language (the catalogue in public/_locales).
  setMessageSource((key, substitutions) => browser.i18n.getMessage(key as never, substitutions));
  const outbox = createOutboxService(openOutboxDatabase());
  const wake = () => void outbox.wake().catch(logFailure('replay failed'));

  // Listeners are registered synchronously so that the events that woke the worker reach them.
  browser.runtime.onMessage.addListener(outbox.onMessage as never);
  // Chromium: the file frame hands whole files to the service worker by structured clone.
  if (typeof window === 'undefined') self.addEventListener('message', outbox.onFrameMessage as never);
  // For the end-to-end tests (read in the worker): which channel carried each upload's bytes.
  (globalThis as Record<string, unknown>).formOutboxFileChannels = outbox.fileChannelCounts;
  browser.alarms.onAlarm.addListener(wake);
  browser.runtime.onStartup.addListener(wake);
  browser.runtime.onInstalled.addListener(wake);
  // Desktop notifications follow their optional permission, however the person granted or withdrew it.
  registerNotificationPermissionSync();
  // Firefox's background page has a window and gets the browser's own online/offline events.
  if (typeof window !== 'undefined') {
    window.addEventListener('online', wake);
    window.addEventListener('offline', wake);
  }

  // Flaky links: an online submission whose navigation dies at network level is rescued.
  browser.webNavigation.onCommitted.addListener((details) => outbox.rescue.onCommitted(details));
  browser.webNavigation.onErrorOccurred.addListener((details) => {
    void outbox.rescue.onErrorOccurred(details).catch(logFailure('rescue failed'));
  });

  // Drafts: offers on pages that have them, and native submissions' outcomes (docs/drafts.md).
  registerDraftListeners(outbox.drafts);

  // The worker gets no online/offline events; a periodic check is the backstop for every other trigger.
  void browser.alarms.get(HEARTBEAT_ALARM).then((alarm) => {
    if (!alarm) return browser.alarms.create(HEARTBEAT_ALARM, { periodInMinutes: 1 });
  });
  wake();

  // Firefox would otherwise keep the queue as evictable best-effort storage (see persist-storage.ts).
  void persistStorage()
    .then((persisted) => {
      if (persisted === false)
        console.warn(
          'Form Outbox: the browser refused persistent storage; saved submissions may be evicted when the disk is full',
        );
    })
    .catch(logFailure('asking for persistent storage failed'));
});
