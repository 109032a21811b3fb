import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { liveQuery } from 'dexie';
import { openOutboxDatabase } from '@/utils/db/database';
import type { OutboxItem } from '@/utils/core/types';
import './style.css';

// Shown in place of the browser's error page when a submission died on a flaky link and was saved.
const id = new URLSearchParams(location.search).get('id') ?? '';
const db = openOutboxDatabase();

function useItem(): OutboxItem | undefined | null {
  const [item, setItem] = useState<OutboxItem | undefined | null>(null);
  useEffect(() => {
    const subscription = liveQuery(() => db.items.get(id)).subscribe({ next: setItem, error: () => setItem(undefined) });
    return () => subscription.unsubscribe();
  }, []);
  return item;
}

function Status({ item }: { item: OutboxItem }) {
  const host = new URL(item.request.url).host;
  if (item.status === 'sent') {
    return (
      <p class="status sent" role="status">
        Sent. {host} received it{item.result ? ` (${item.result.status})` : ''}.{' '}
        {item.result && <a href={item.result.finalUrl}>Open the result</a>}
      </p>
    );
  }
  if (item.status === 'failed') {
    return <p class="status failed" role="alert">Not sent: {item.lastError?.message ?? 'the server refused it.'} Open Form Outbox from the toolbar to retry, edit or discard it.</p>;
  }
  const due = item.nextAttemptAt > Date.now() ? ` Next try at ${new Date(item.nextAttemptAt).toLocaleTimeString()}.` : '';
  return (
    <p class="status waiting" role="status">
      Waiting for {host} to be reachable{item.attempts ? ` (tried ${item.attempts} time${item.attempts === 1 ? '' : 's'})` : ''}.{due}
    </p>
  );
}

function RescuedPage() {
  const item = useItem();
  if (item === null) return <p>Loading…</p>;
  if (!item) return <p role="alert">This saved submission is no longer in Form Outbox (it may have been discarded).</p>;
  const host = new URL(item.request.url).host;
  return (
    <article>
      <h1>Your form is saved</h1>
      <p class="lead">
        The connection to <strong>{host}</strong> dropped while your form was being sent. Form Outbox kept a copy
        {item.maybeSent ? '.' : ' and will send it as soon as the server can be reached. You can close this tab.'}
      </p>
      <Status item={item} />
      <p class="meta">
        From <a href={item.source.pageUrl}>{item.source.pageTitle || item.source.pageUrl}</a>
      </p>
    </article>
  );
}

render(<RescuedPage />, document.getElementById('app')!);
