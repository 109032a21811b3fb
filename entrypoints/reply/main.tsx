import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { openOutboxDatabase } from '@/utils/db/database';
import { readReplyRecord } from '@/utils/db/replies';
import { openReply } from '@/utils/core/sealed-item';
import { describeStatus } from '@/utils/core/outcome';
import type { ReplySnapshot } from '@/utils/core/types';
import { readSessionOpener } from '@/utils/platform/vault-session';
import { inertDocument } from '@/utils/popup/inert-html';
import { setMessageSource, t } from '@/utils/i18n';
import './style.css';

// The server's answer to a queued submission, shown as inert content (utils/popup/inert-html.ts).
setMessageSource((key, substitutions) => browser.i18n.getMessage(key as never, substitutions));
document.documentElement.lang = browser.i18n.getUILanguage?.() || 'en';
document.title = t('replyTitle');
const id = new URLSearchParams(location.search).get('id') ?? '';
const db = openOutboxDatabase();

type Loaded =
  | { state: 'loading' }
  | { state: 'gone' }
  | { state: 'locked' }
  | { state: 'shown'; reply: ReplySnapshot; pageTitle: string };

async function load(): Promise<Loaded> {
  const [record, item] = await Promise.all([readReplyRecord(db, id), db.items.get(id)]);
  if (!record) return { state: 'gone' };
  const pageTitle = item?.source.pageTitle ?? '';
  if (record.reply) return { state: 'shown', reply: record.reply, pageTitle };
  const open = await readSessionOpener();
  if (!open || !record.sealed) return { state: 'locked' };
  return { state: 'shown', reply: await openReply(record.sealed, open), pageTitle: '' };
}

function ReplyPage() {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    void load().then(setLoaded, () => setLoaded({ state: 'gone' }));
  }, []);
  if (loaded.state === 'loading') return <p>{t('loading')}</p>;
  if (loaded.state === 'gone') return <p role="alert">{t('replyGone')}</p>;
  if (loaded.state === 'locked') return <p role="alert">{t('replyLocked')}</p>;
  const { reply } = loaded;
  return (
    <article>
      <header>
        <h1>{t('replyTitle')}</h1>
        <p class="lead" data-testid="reply-status">
          {t('replyStatus', describeStatus(reply.status, reply.statusText))}{' '}
          <span class="mono break" data-i18n="text" data-testid="reply-url">
            {reply.finalUrl}
          </span>
        </p>
        {reply.notFollowed && <p class="note">{t('replyNotFollowed')}</p>}
        <p class="note">{t('replyInert')}</p>
      </header>
      {reply.body === undefined ? (
        <p class="note">{t('replyNoBody')}</p>
      ) : (
        <iframe
          class="reply"
          data-testid="reply-frame"
          title={t('replyFrameTitle')}
          sandbox=""
          referrerpolicy="no-referrer"
          srcdoc={inertDocument(reply.body, reply.contentType)}
        />
      )}
    </article>
  );
}

render(<ReplyPage />, document.getElementById('app')!);
