import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import { openOutboxDatabase } from '@/utils/db/database';
import { openItem } from '@/utils/core/sealed-item';
import type { OutboxItem } from '@/utils/core/types';
import { readSessionOpener } from '@/utils/platform/vault-session';
import { setMessageSource, t, tn } from '@/utils/i18n';
import { failureReason } from '@/utils/popup/reason';
import './style.css';

// Shown in place of the browser's error page when a submission died on a flaky link and was saved.
setMessageSource((key, substitutions) => browser.i18n.getMessage(key as never, substitutions));
document.documentElement.lang = browser.i18n.getUILanguage?.() || 'en';
document.title = t('rescuedTitle');
const id = new URLSearchParams(location.search).get('id') ?? '';
const db = openOutboxDatabase();

/** The item, live; its sealed parts opened when this session holds the key. */
function useItem(): OutboxItem | undefined | null {
  const [item, setItem] = useState<OutboxItem | undefined | null>(null);
  useEffect(() => {
    const subscription = liveQuery(async () => {
      const stored = await db.items.get(id);
      if (!stored?.sealed) return stored;
      const open = await readSessionOpener();
      return open ? openItem(stored, open).catch(() => stored) : stored;
    }).subscribe({ next: setItem, error: () => setItem(undefined) });
    return () => subscription.unsubscribe();
  }, []);
  return item;
}

function Status({ item }: { item: OutboxItem }) {
  const host = new URL(item.request.url).host;
  if (item.status === 'sent') {
    return (
      <p class="status sent" role="status">
        {item.result ? t('rescuedSentStatus', host, String(item.result.status)) : t('rescuedSent', host)}{' '}
        {item.result && !item.result.notFollowed && <a href={item.result.finalUrl}>{t('rescuedOpenResult')}</a>}
      </p>
    );
  }
  if (item.status === 'failed') {
    return (
      <p class="status failed" role="alert">
        {t('rescuedFailed', item.lastError ? failureReason(item.lastError, item.request.url) : t('rescuedRefused'))}
      </p>
    );
  }
  const tried = item.attempts ? ` ${tn('rescuedTried', item.attempts)}` : '';
  const due =
    item.nextAttemptAt > Date.now() ? ` ${t('rescuedNextTry', new Date(item.nextAttemptAt).toLocaleTimeString())}` : '';
  return (
    <p class="status waiting" role="status">
      {t('rescuedWaiting', host)}
      {tried}
      {due}
    </p>
  );
}

function RescuedPage() {
  const item = useItem();
  if (item === null) return <p>{t('loading')}</p>;
  if (!item) return <p role="alert">{t('rescuedGone')}</p>;
  const host = new URL(item.request.url).host;
  return (
    <article>
      <h1>{item.status === 'sent' ? t('rescuedSentTitle') : t('rescuedTitle')}</h1>
      <p class="lead">
        {t('rescuedLeadStart')} <strong data-i18n="text">{host}</strong> {t('rescuedLeadEnd')}{' '}
        {item.status === 'sent'
          ? t('rescuedDelivered')
          : item.status === 'failed' || item.maybeSent
            ? ''
            : t('rescuedWillSend')}
      </p>
      <Status item={item} />
      <p class="meta">
        {t('rescuedFrom')}{' '}
        <a href={item.source.pageUrl} data-i18n="text">
          {item.source.pageTitle || item.source.pageUrl}
        </a>
      </p>
    </article>
  );
}

render(<RescuedPage />, document.getElementById('app')!);
