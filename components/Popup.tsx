import { useEffect, useRef, useState } from 'preact/hooks';
import type { DraftRecord } from '@/utils/core/draft-record';
import type { OutboxItem } from '@/utils/core/types';
import type { QueueView } from '@/utils/db/queue-view';
import type { GroupName, PopupActions } from '@/utils/pages/popup-actions';
import type { DraftCommands, DraftsViewModel } from '@/utils/popup/drafts';
import { connectionState } from '@/utils/popup/connection';
import { t, tn } from '@/utils/i18n';
import { errorWords } from '@/utils/platform/words';
import { ConnectionHeader } from './ConnectionHeader';
import { DraftCard } from './DraftCard';
import { DraftsPanel } from './DraftsPanel';
import { PopupTabs, type PopupTab } from './PopupTabs';
import { EmptyState } from './EmptyState';
import { ItemCard } from './ItemCard';
import { QueueGroup } from './QueueGroup';
import { Toast } from './Toast';
import { UnlockBanner } from './UnlockBanner';

export interface PopupProps {
  /** Undefined while the first read is under way. */
  view?: QueueView;
  online: boolean;
  now: number;
  locale?: string;
  notificationsOn: boolean;
  /** Encryption is on and this session has no key: show the passphrase prompt. */
  locked?: boolean;
  /** Set when the queue could not be read: shown instead of "Loading". */
  readError?: string;
  /** A private window (Firefox): the queue cannot be read here; offer a normal window. */
  privateWindow?: boolean;
  commands: PopupActions;
  onShowMore(group: GroupName): void;
  /** How long a toast stays (ms); the Undo of a discard is offered that long. */
  toastMs?: number;
  /** Drafts (what was typed before Submit): with them, the popup has an Outbox and a Drafts view, and a search across both. */
  drafts?: { view?: DraftsViewModel; commands: DraftCommands };
}

interface ToastState {
  message: string;
  tone: 'info' | 'error';
  actionLabel?: string;
  onAction?: () => void;
}

/** The whole popup: header, the failed / waiting / sent groups (or the empty state), footer and toasts. */
export function Popup({
  view,
  online,
  now,
  locale,
  notificationsOn,
  locked = false,
  readError,
  privateWindow = false,
  commands,
  onShowMore,
  toastMs = 10_000,
  drafts,
}: PopupProps) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<string>();
  const [confirmClear, setConfirmClear] = useState(false);
  const [toast, setToast] = useState<ToastState>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const confirmButton = useRef<HTMLButtonElement>(null);
  const [tab, setTab] = useState<PopupTab>('outbox');
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; drafts: DraftRecord[]; items: OutboxItem[] }>();

  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    if (confirmClear) confirmButton.current?.focus();
  }, [confirmClear]);

  const show = (next: ToastState | undefined) => {
    clearTimeout(timer.current);
    setToast(next);
    if (next) timer.current = setTimeout(() => setToast(undefined), next.tone === 'error' ? toastMs * 2 : toastMs);
  };

  /** Runs a command, reporting a failure in the toast; resolves true when it worked. */
  const run = async (action: () => Promise<unknown>, done?: ToastState): Promise<boolean> => {
    try {
      await action();
      if (done) show(done);
      return true;
    } catch (error) {
      show({ tone: 'error', message: t('commandFailed', errorWords(error, t)) });
      return false;
    }
  };

  // The search runs a moment after the last keystroke, and again when the lists change.
  useEffect(() => {
    if (!drafts || !query.trim()) {
      setFound(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void drafts.commands.search(query).then(
        (result) => current && setFound({ query, ...result }),
        (error: unknown) => current && show({ tone: 'error', message: t('commandFailed', String(error)) }),
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, drafts?.commands, drafts?.view, view]);

  const discardDraft = (draft: DraftRecord) =>
    void run(() => drafts!.commands.discard(draft.id), {
      tone: 'info',
      message: t('draftDiscarded'),
      actionLabel: t('undo'),
      onAction: () =>
        void run(() => drafts!.commands.undoDiscard(draft.id), { tone: 'info', message: t('draftPutBack') }),
    });
  const draftCard = (draft: DraftRecord) => (
    <DraftCard
      key={draft.id}
      draft={draft}
      itemStatus={draft.itemId ? drafts?.view?.itemStatus[draft.itemId] : undefined}
      now={now}
      locale={locale}
      retentionMs={drafts?.view?.retentionMs ?? 7 * 86_400_000}
      onOpen={() => void run(() => drafts!.commands.open(draft.id), { tone: 'info', message: t('draftOpened') })}
      onCopy={(text) => void run(() => drafts!.commands.copy(text), { tone: 'info', message: t('draftCopied') })}
      onDiscard={() => discardDraft(draft)}
    />
  );
  const searching = !!drafts && !!query.trim();
  const panel: 'outbox' | 'drafts' | 'search' = searching ? 'search' : drafts ? tab : 'outbox';

  const toggle = (id: string) =>
    setExpanded((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const discard = (item: OutboxItem) =>
    void run(() => commands.discard(item.id), {
      tone: 'info',
      message: t('discarded', item.source.pageTitle.trim() || t('untitled')),
      actionLabel: t('undo'),
      onAction: () => void run(() => commands.restore(item.id), { tone: 'info', message: t('restored') }),
    });

  const card = (item: OutboxItem) => (
    <ItemCard
      key={item.id}
      item={item}
      now={now}
      online={online}
      locale={locale}
      expanded={expanded.has(item.id)}
      editing={editing === item.id}
      onToggleDetails={() => toggle(item.id)}
      onRetry={() => void run(() => commands.retry(item.id), { tone: 'info', message: t('retrying') })}
      onEdit={() => setEditing(editing === item.id ? undefined : item.id)}
      onEditSubmit={(values) => {
        setEditing(undefined);
        void run(() => commands.retry(item.id, values), { tone: 'info', message: t('retrying') });
      }}
      onEditCancel={() => setEditing(undefined)}
      onOpenPage={() => void run(() => commands.openAndRefill(item.id), { tone: 'info', message: t('pageOpened') })}
      onViewReply={commands.viewReply ? () => void run(() => commands.viewReply!(item.id)) : undefined}
      onCopyAddress={
        commands.copyText
          ? () => void run(() => commands.copyText!(item.request.url), { tone: 'info', message: t('addressCopied') })
          : undefined
      }
      onDiscard={() => discard(item)}
    />
  );

  // Until the counts come (a first view may be shown without them), what is shown follows the lists:
  // no number is shown then rather than one that is not known.
  const counts = view?.counts;
  const waiting = counts ? counts.pending + counts.sending : undefined;
  const shows = {
    failed: counts ? counts.failed > 0 : !!view?.failed.length,
    pending: waiting !== undefined ? waiting > 0 : !!view?.pending.length,
    sent: counts ? counts.sent > 0 : !!view?.sent.length,
  };
  // Counted, nothing to show is an empty queue; before the counts, so are empty lists with no record skipped.
  const empty =
    !!view && !shows.failed && !shows.pending && !shows.sent && (counts !== undefined || view.unreadable === 0);

  return (
    <div class="popup">
      <ConnectionHeader
        state={connectionState(online, view?.pending ?? [])}
        lastSentAt={view?.lastSentAt}
        now={now}
        locale={locale}
        canSendNow={shows.pending}
        onSendNow={() => void run(() => commands.sendNow())}
        onOpenSettings={commands.openSettings && (() => void run(() => commands.openSettings!()))}
      />
      {drafts && !privateWindow && (
        <PopupTabs
          tab={tab}
          draftCount={drafts.view?.total}
          query={query}
          onTab={(next) => {
            setTab(next);
            setQuery('');
          }}
          onQuery={setQuery}
        />
      )}
      <main
        class="content"
        aria-busy={view ? 'false' : 'true'}
        id="popup-panel"
        role={drafts ? 'tabpanel' : undefined}
        aria-labelledby={drafts && !searching ? `tab-${tab}` : undefined}
      >
        {locked && (
          <UnlockBanner
            waiting={waiting ?? 0}
            onUnlock={(passphrase) => run(() => commands.unlock(passphrase), { tone: 'info', message: t('unlocked') })}
          />
        )}
        {privateWindow ? (
          <div class="private-window" role="status">
            <p>{t('privateWindow')}</p>
            {commands.openInNormalWindow && (
              <button
                type="button"
                class="button button-primary"
                onClick={() => void run(() => commands.openInNormalWindow!())}
              >
                {t('openInNormalWindow')}
              </button>
            )}
          </div>
        ) : readError ? (
          <p class="read-error" role="alert">
            {t('readError', readError)}
          </p>
        ) : (
          panel === 'outbox' && !view && <p class="muted loading">{t('loading')}</p>
        )}
        {panel === 'drafts' && !privateWindow && (
          <DraftsPanel
            view={drafts!.view}
            now={now}
            locale={locale}
            onOpen={(draft) =>
              void run(() => drafts!.commands.open(draft.id), { tone: 'info', message: t('draftOpened') })
            }
            onCopy={(text) => void run(() => drafts!.commands.copy(text), { tone: 'info', message: t('draftCopied') })}
            onDiscard={discardDraft}
            onClearExpired={() => void run(() => drafts!.commands.clearExpired())}
          />
        )}
        {panel === 'search' && !privateWindow && (
          <section class="group" aria-live="polite" data-testid="search-results">
            {!found ? (
              <p class="muted loading">{t('loading')}</p>
            ) : !found.drafts.length && !found.items.length ? (
              <p class="muted loading">{t('searchNothing', found.query.trim())}</p>
            ) : (
              <>
                {found.drafts.length > 0 && (
                  <>
                    <div class="group-head">
                      <h2>
                        {t('searchDraftsHeading')}{' '}
                        <span class="count" data-i18n="text">
                          {found.drafts.length}
                        </span>
                      </h2>
                    </div>
                    <ul class="items" data-testid="search-drafts">
                      {found.drafts.map(draftCard)}
                    </ul>
                  </>
                )}
                {found.items.length > 0 && (
                  <>
                    <div class="group-head">
                      <h2>
                        {t('searchOutboxHeading')}{' '}
                        <span class="count" data-i18n="text">
                          {found.items.length}
                        </span>
                      </h2>
                    </div>
                    <ul class="items" data-testid="search-items">
                      {found.items.map(card)}
                    </ul>
                  </>
                )}
              </>
            )}
            {locked && <p class="muted note">{t('searchSealedNote')}</p>}
          </section>
        )}
        {panel === 'outbox' && (
          <>
            {empty && <EmptyState />}
            {view && view.unreadable > 0 && (
              <p class="muted unreadable" role="status">
                {tn('unreadableRecords', view.unreadable)}
              </p>
            )}
            {view && shows.failed && (
              <QueueGroup
                id="failed"
                title={t('groupFailed')}
                total={counts?.failed}
                shown={view.failed.length}
                onShowMore={() => onShowMore('failed')}
                actions={
                  // The list is part of the group: more than one shown means more than one in all.
                  (counts?.failed ?? view.failed.length) > 1 && (
                    <button
                      type="button"
                      class="button"
                      title={t('retryAllLabel')}
                      onClick={() =>
                        void run(() => commands.retryAllFailed(), { tone: 'info', message: t('retrying') })
                      }
                    >
                      {t('retryAll')}
                    </button>
                  )
                }
              >
                {view.failed.map(card)}
              </QueueGroup>
            )}
            {view && shows.pending && (
              <QueueGroup
                id="pending"
                title={t('groupPending')}
                total={waiting}
                shown={view.pending.length}
                onShowMore={() => onShowMore('pending')}
              >
                {view.pending.map(card)}
              </QueueGroup>
            )}
            {view && shows.sent && (
              <QueueGroup
                id="sent"
                title={t('groupSent')}
                total={counts?.sent}
                shown={view.sent.length}
                onShowMore={() => onShowMore('sent')}
                actions={
                  !confirmClear && (
                    <button type="button" class="button button-quiet" onClick={() => setConfirmClear(true)}>
                      {t('clearHistory')}
                    </button>
                  )
                }
                banner={
                  // The question names the number of items, so it waits for the counts.
                  confirmClear &&
                  counts && (
                    <div class="confirm" role="group" aria-labelledby="confirm-clear-text">
                      <p id="confirm-clear-text">{tn('clearHistoryConfirm', counts.sent)}</p>
                      <div class="actions">
                        <button
                          type="button"
                          class="button button-danger"
                          ref={confirmButton}
                          onClick={() => {
                            setConfirmClear(false);
                            void run(() => commands.clearSent(), { tone: 'info', message: t('historyCleared') });
                          }}
                        >
                          {t('clearConfirmYes')}
                        </button>
                        <button type="button" class="button" onClick={() => setConfirmClear(false)}>
                          {t('cancel')}
                        </button>
                      </div>
                    </div>
                  )
                }
              >
                {view.sent.map(card)}
              </QueueGroup>
            )}
          </>
        )}
      </main>
      <div class="toast-slot" aria-live="polite">
        {toast && <Toast {...toast} onDismiss={() => show(undefined)} />}
      </div>
      <footer class="footer">
        <button
          type="button"
          class="button button-quiet"
          title={t('exportLabel')}
          disabled={(empty && !drafts?.view?.total) || !view}
          onClick={() =>
            void run(async () => {
              const exported = await commands.exportQueue();
              show({
                tone: 'info',
                message:
                  typeof exported === 'number'
                    ? tn('exported', exported)
                    : t('exportedWithDrafts', tn('countItems', exported.items), tn('countDrafts', exported.drafts)),
              });
            })
          }
        >
          {t('exportQueue')}
        </button>
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            checked={notificationsOn}
            onChange={(e) => void run(() => commands.setNotifications((e.currentTarget as HTMLInputElement).checked))}
          />
          <span>{t('notifications')}</span>
        </label>
      </footer>
    </div>
  );
}
