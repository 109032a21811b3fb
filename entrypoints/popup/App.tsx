import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { Popup } from '@/components/Popup';
import { t } from '@/utils/i18n';
import { useNotificationsSwitch } from '@/components/use-notifications-switch';
import { getSettings, setSetting, watchSettings } from '@/utils/platform/settings-store';
import { DEFAULT_SETTINGS, type Settings } from '@/utils/core/settings';
import { openDraft, type DraftRecord } from '@/utils/core/draft-record';
import { observeDrafts } from '@/utils/db/draft-view';
import { readAllDrafts } from '@/utils/db/draft-repository';
import type { DraftCommands, DraftsViewModel } from '@/utils/popup/drafts';
import { draftMatches, itemMatches, queryTerms } from '@/utils/popup/search';
import type { OutboxDatabase } from '@/utils/db/database';
import { observeQueueView, readAllItems, type QueueLimits, type QueueView } from '@/utils/db/queue-view';
import { sendToBackground, type MessageType, type ProtocolMap } from '@/utils/messaging';
import type { GroupName, PopupActions } from '@/utils/pages/popup-actions';
import { exportToFile } from '@/utils/pages/export-data';
import { openItem } from '@/utils/core/sealed-item';
import { expectOk } from '@/utils/core/wire';
import type { OutboxItem } from '@/utils/core/types';
import { readSessionOpener, readVaultLocked, VAULT_SESSION_KEY } from '@/utils/platform/vault-session';
import { logFailure } from '@/utils/core/log';

/** How many items of a group are shown at first, and how many more each "Show more" adds. */
const PAGE = 25;
const FIRST: QueueLimits = { pending: PAGE, failed: PAGE, sent: 10 };
/**
 * What the first paint shows before the full lists and the counts: more than fills the popup (at most
 * 600 px high, cards at least 140 px), so that what comes next is added below the fold.
 */
const FIRST_PAINT: QueueLimits = { pending: 5, failed: 5, sent: 5 };

async function command<K extends MessageType>(
  type: K,
  data: ProtocolMap[K]['data'],
): Promise<ProtocolMap[K]['result']> {
  return expectOk(await sendToBackground(type, data)) as ProtocolMap[K]['result'];
}

/** The items with their sealed parts opened when this session holds the key (sealed ones stay as they are otherwise). */
async function openAll(items: OutboxItem[]): Promise<OutboxItem[]> {
  if (!items.some((item) => item.sealed)) return items;
  const open = await readSessionOpener();
  if (!open) return items;
  return Promise.all(items.map((item) => openItem(item, open).catch(() => item)));
}

/** The drafts with their sealed content opened when this session holds the key. */
async function openDrafts(drafts: DraftRecord[]): Promise<DraftRecord[]> {
  if (!drafts.some((draft) => draft.sealed)) return drafts;
  const open = await readSessionOpener();
  if (!open) return drafts;
  return Promise.all(drafts.map((draft) => openDraft(draft, open).catch(() => draft)));
}

async function openView(view: QueueView): Promise<QueueView> {
  const [pending, failed, sent] = await Promise.all([openAll(view.pending), openAll(view.failed), openAll(view.sent)]);
  return { ...view, pending, failed, sent };
}

/** Wires the popup: the live queue (read only), the connection, the settings, and commands to the background. */
/**
 * Firefox runs an extension page opened in a private window with private-browsing storage, where the
 * queue (the extension's normal IndexedDB) is out of reach. Chrome ("spanning" mode) never does.
 */
const inPrivateWindow = browser.extension?.inIncognitoContext === true;

export function App({ db }: { db: OutboxDatabase }) {
  const [limits, setLimits] = useState<QueueLimits>(FIRST);
  const [view, setView] = useState<QueueView>();
  const [readError, setReadError] = useState<string>();
  const [online, setOnline] = useState(navigator.onLine);
  const [now, setNow] = useState(Date.now());
  const [notificationsOn, switchNotifications] = useNotificationsSwitch();
  const [draftSettings, setDraftSettings] = useState<Pick<Settings, 'drafts' | 'keepDraftsMs'>>(DEFAULT_SETTINGS);
  const [draftsRead, setDraftsRead] = useState<Omit<DraftsViewModel, 'retentionMs' | 'enabled'>>();
  const [locked, setLocked] = useState(false);
  // Bumped when the session key comes or goes, so the view is opened (or shown sealed) again.
  const [keyEpoch, setKeyEpoch] = useState(0);
  const [locale] = useState(() => browser.i18n?.getUILanguage?.());

  // The first view may come shorter and before the counts, to show the items sooner; later reads
  // (Show more, a key that came or went) replace a counted view and wait for their counts.
  const counted = useRef(false);

  useEffect(() => {
    if (inPrivateWindow) return;
    let latest = 0;
    return observeQueueView(
      db,
      limits,
      (next) => {
        const request = ++latest;
        void openView(next).then((opened) => {
          if (request !== latest) return; // a newer view arrived meanwhile
          if (opened.counts) counted.current = true;
          setView(opened);
          setReadError(undefined);
          setNow(Date.now());
        });
      },
      (error) => {
        logFailure('reading the queue')(error);
        setReadError(error instanceof Error ? error.message : String(error));
      },
      { listsFirst: counted.current ? undefined : FIRST_PAINT },
    );
  }, [db, limits, keyEpoch]);

  useEffect(() => {
    const check = () => void readVaultLocked(db).then(setLocked, () => undefined);
    check();
    const onChange = (changes: Record<string, unknown>, area: string) => {
      if (area !== 'session' || !(VAULT_SESSION_KEY in changes)) return;
      check();
      setKeyEpoch((n) => n + 1);
    };
    browser.storage.onChanged.addListener(onChange);
    return () => browser.storage.onChanged.removeListener(onChange);
  }, [db]);

  useEffect(() => {
    // The background gets no online event of its own: the popup tells it what it saw (a hint the
    // background checks; "Send now" is the person's own choice).
    const update = (event?: Event) => {
      setOnline(navigator.onLine);
      if (event)
        void sendToBackground('connectivityChanged', { online: event.type === 'online' }).catch(() => undefined);
    };
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    const tick = setInterval(() => setNow(Date.now()), 20_000);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
      clearInterval(tick);
    };
  }, []);

  useEffect(() => {
    const follow = (settings: Settings) => {
      setDraftSettings({ drafts: settings.drafts, keepDraftsMs: settings.keepDraftsMs });
    };
    void getSettings().then(follow);
    return watchSettings(follow);
  }, []);

  // Drafts: read live, opened when this session holds the key.
  useEffect(() => {
    if (inPrivateWindow) return;
    let latest = 0;
    return observeDrafts(
      db,
      (read) => {
        const request = ++latest;
        void openDrafts(read.drafts).then((drafts) => {
          if (request === latest) setDraftsRead({ ...read, drafts });
        });
      },
      logFailure('reading the drafts'),
    );
  }, [db, keyEpoch]);

  const draftCommands = useMemo<DraftCommands>(
    () => ({
      open: async (id) => void (await command('openDraft', { id })),
      copy: (text) => navigator.clipboard.writeText(text),
      discard: async (id) => void (await command('discardDraft', { id })),
      undoDiscard: async (id) => void (await command('undoDiscardDraft', { id })),
      clearExpired: async () => void (await command('clearExpiredDrafts', {})),
      search: async (query) => {
        const terms = queryTerms(query);
        const [drafts, items] = await Promise.all([readAllDrafts(db).then(openDrafts), readAllItems(db).then(openAll)]);
        return {
          drafts: drafts.filter((d) => draftMatches(d, terms)),
          items: items.filter((i) => itemMatches(i, terms)).reverse(),
        };
      },
    }),
    [db],
  );
  const draftsView = useMemo<DraftsViewModel | undefined>(
    () => draftsRead && { ...draftsRead, retentionMs: draftSettings.keepDraftsMs, enabled: draftSettings.drafts },
    [draftsRead, draftSettings],
  );

  const commands = useMemo<PopupActions>(
    () => ({
      sendNow: async () => void (await command('replayNow', {})),
      retry: async (id, values) =>
        void (await command('retryItem', values && Object.keys(values).length ? { id, values } : { id })),
      retryAllFailed: async () => void (await command('retryAllFailed', {})),
      discard: async (id) => void (await command('discardItem', { id })),
      restore: async (id) => void (await command('restoreItem', { id })),
      clearSent: async () => void (await command('clearSent', {})),
      openAndRefill: async (id) => void (await command('openAndRefill', { id })),
      viewReply: async (id) =>
        void (await browser.tabs.create({ url: browser.runtime.getURL(`/reply.html?id=${encodeURIComponent(id)}`) })),
      exportQueue: async () => {
        // Written a part at a time; with encryption on, only while unlocked (docs/data.md).
        const exported = await exportToFile(db);
        return exported.drafts ? exported : exported.items;
      },
      unlock: async (passphrase) => {
        await command('unlock', { passphrase });
        setLocked(false);
      },
      openSettings: () => browser.runtime.openOptionsPage(),
      copyText: (text) => navigator.clipboard.writeText(text),
      // The toolbar popup closes by itself when the new window takes the focus.
      openInNormalWindow: async () =>
        void (await browser.windows.create({ url: browser.runtime.getURL('/popup.html'), incognito: false })),
      // From the switch's change event: asks for the permission within the person's gesture.
      setNotifications: async (on) => void (await switchNotifications(on)),
    }),
    [db, switchNotifications],
  );

  const showMore = (group: GroupName) => setLimits((l) => ({ ...l, [group]: l[group] + PAGE }));

  return (
    <Popup
      view={view}
      online={online}
      now={now}
      locale={locale}
      notificationsOn={notificationsOn}
      locked={locked}
      readError={readError}
      privateWindow={inPrivateWindow}
      commands={commands}
      onShowMore={showMore}
      drafts={{ view: draftsView, commands: draftCommands }}
    />
  );
}
