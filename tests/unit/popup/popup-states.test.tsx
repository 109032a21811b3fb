// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '@/components/Popup';
import { makeCommands, makeItem, makeView, NOW } from './fixtures';

afterEach(cleanup);

const base = { now: NOW, locale: 'en', notificationsOn: true, onShowMore: () => undefined };

describe('Popup states', () => {
  it('shows a loading state before the first read', () => {
    render(<Popup {...base} online commands={makeCommands()} />);
    expect(screen.getByText('Loading the outbox…')).toBeTruthy();
    expect(screen.getByRole('main').getAttribute('aria-busy')).toBe('true');
  });

  it('a queue that cannot be read is an error the user can act on, not an endless "Loading" (control: loading without one)', () => {
    render(
      <Popup
        {...base}
        online
        readError="UnknownError: Internal error opening backing store"
        commands={makeCommands()}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(
      'could not read its queue (UnknownError: Internal error opening backing store)',
    );
    expect(alert.textContent).toContain('Nothing was deleted');
    expect(screen.queryByText('Loading the outbox…')).toBeNull();
  });

  it('in a private window, says why the queue is not shown and opens a normal window', async () => {
    const commands = { ...makeCommands(), openInNormalWindow: vi.fn(async () => undefined) };
    render(<Popup {...base} online privateWindow commands={commands} />);
    expect(screen.getByRole('status').textContent).toContain('kept outside private windows');
    expect(screen.queryByText('Loading the outbox…')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Open in a normal window' }));
    await vi.waitFor(() => expect(commands.openInNormalWindow).toHaveBeenCalledTimes(1));
  });

  it('explains the extension when the queue is empty', () => {
    render(<Popup {...base} online view={makeView()} commands={makeCommands()} />);
    const empty = screen.getByTestId('empty');
    expect(within(empty).getByRole('heading', { name: 'Nothing waiting' })).toBeTruthy();
    expect(empty.textContent).toContain('turn off your network, submit any form');
    expect(screen.getByTestId('last-sent').textContent).toBe('Nothing sent yet');
    expect((screen.getByRole('button', { name: 'Send now' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Export JSON' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('lists waiting items with site, title, action, capture time, attempts and next try', () => {
    const item = makeItem({ attempts: 2 });
    render(
      <Popup
        {...base}
        online
        view={makeView({ pending: [item, makeItem({ status: 'sending' })] })}
        commands={makeCommands()}
      />,
    );
    expect(screen.getByTestId('count-pending').textContent).toBe('2');
    const card = screen.getAllByTestId('item')[0];
    expect(card.textContent).toContain('shop.example');
    expect(card.textContent).toContain('New order');
    // The target, short: site and path; the whole address in the title.
    expect(screen.getAllByTestId('target')[0].textContent).toBe('POST shop.example › /orders/new');
    expect(screen.getAllByTestId('target')[0].getAttribute('title')).toBe('https://shop.example/orders/new');
    expect(card.textContent).toContain('Saved 5 minutes ago');
    expect(card.textContent).toContain('2 attempts');
    expect(card.textContent).toContain('next try in 2 minutes');
    expect(screen.getAllByTestId('item')[1].textContent).toContain('Sending…');
    expect((screen.getByRole('button', { name: 'Send now' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows a failure in plain words with the technical detail one click away', () => {
    const failed = makeItem({
      status: 'failed',
      attempts: 1,
      lastError: {
        kind: 'http',
        status: 422,
        message: 'The server rejected the form (422 Unprocessable Entity). Edit the values and retry.',
        detail: 'HTTP 422 Unprocessable Entity from https://shop.example/orders/new',
        at: NOW,
      },
    });
    render(<Popup {...base} online view={makeView({ failed: [failed] })} commands={makeCommands()} />);
    expect(screen.getByTestId('count-failed').textContent).toBe('1');
    expect(screen.getByTestId('reason').textContent).toBe(
      'The site refused it: the site could not accept these values. Edit the values and retry.',
    );
    const detail = screen.getByTestId('detail');
    expect(detail.closest('details')?.open).toBe(false);
    expect(screen.getByText('Technical detail').tagName).toBe('SUMMARY');
    expect(detail.textContent).toContain('HTTP 422');
  });

  it('shows the sent history with the response status and final URL in the details', () => {
    const sent = makeItem({
      status: 'sent',
      attempts: 1,
      result: { status: 200, finalUrl: 'https://shop.example/thanks', redirected: true, sentAt: NOW - 3 * 3_600_000 },
    });
    render(
      <Popup
        {...base}
        online
        view={makeView({ sent: [sent], lastSentAt: NOW - 3 * 3_600_000 })}
        commands={makeCommands()}
      />,
    );
    expect(screen.getByTestId('count-sent').textContent).toBe('1');
    expect(screen.getByTestId('last-sent').textContent).toBe('Last sent 3 hours ago');
    expect(screen.getByTestId('item').textContent).toContain('Sent 3 hours ago');
    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    expect(screen.getByTestId('response-status').textContent).toBe('200');
    expect(screen.getByTestId('item-details').textContent).toContain('https://shop.example/thanks');
    expect(screen.getByRole('button', { name: 'Hide details' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('masks sensitive fields in the details and lists files with sizes', () => {
    render(<Popup {...base} online view={makeView({ pending: [makeItem()] })} commands={makeCommands()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    const details = screen.getByTestId('item-details');
    expect(details.textContent).toContain('widget');
    expect(details.textContent).not.toContain('hunter2');
    expect(details.querySelectorAll('[data-masked=true]')).toHaveLength(1);
    expect(details.textContent).toContain('valve.jpg');
    expect(details.textContent).toContain('2 kB');
  });

  it('says offline in the header, and that waiting items go when online', () => {
    render(<Popup {...base} online={false} view={makeView({ pending: [makeItem()] })} commands={makeCommands()} />);
    expect(screen.getByTestId('connection').dataset.state).toBe('offline');
    expect(screen.getByTestId('connection').textContent).toBe('Offline');
    expect(screen.getByTestId('item').textContent).toContain('will be sent when online');
    expect((screen.getByRole('button', { name: 'Send now' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says "server unreachable" when the last attempt got no answer while online', () => {
    const item = makeItem({
      attempts: 1,
      lastError: {
        kind: 'network',
        message: 'The server could not be reached. Will try again.',
        detail: 'net::ERR_CONNECTION_REFUSED',
        at: NOW - 1000,
      },
    });
    render(<Popup {...base} online view={makeView({ pending: [item] })} commands={makeCommands()} />);
    expect(screen.getByTestId('connection').dataset.state).toBe('unreachable');
    expect(screen.getByTestId('connection').textContent).toBe('Server unreachable');
  });

  it('renders only the first items of a long group, with "show more"', () => {
    const items = Array.from({ length: 50 }, () => makeItem());
    let asked = '';
    render(
      <Popup
        {...base}
        online
        onShowMore={(g) => (asked = g)}
        view={makeView({ pending: items, counts: { pending: 5000 } })}
        commands={makeCommands()}
      />,
    );
    expect(screen.getAllByTestId('item')).toHaveLength(50);
    expect(screen.getByTestId('group-pending').getAttribute('aria-busy')).toBeNull();
    expect(screen.getByTestId('count-pending').textContent).toBe('5000');
    expect(screen.getByText('Showing 50 of 5000')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show 25 more' }));
    expect(asked).toBe('pending');
  });

  it('before the counts, shows the items and no number that is not known yet; the numbers come with the counts', () => {
    const pending = Array.from({ length: 25 }, () => makeItem());
    const failed = [makeItem({ status: 'failed' }), makeItem({ status: 'failed' })];
    const sent = [
      makeItem({
        status: 'sent',
        result: { status: 200, finalUrl: 'https://shop.example/thanks', redirected: true, sentAt: NOW },
      }),
    ];
    const commands = makeCommands();
    const { rerender } = render(
      <Popup {...base} online view={makeView({ pending, failed, sent, counts: 'unknown' })} commands={commands} />,
    );
    expect(screen.getByRole('main').getAttribute('aria-busy')).toBe('false');
    expect(screen.getAllByTestId('item')).toHaveLength(28);
    expect(screen.queryByTestId('empty')).toBeNull();
    for (const group of ['failed', 'pending', 'sent']) {
      expect(screen.getByTestId(`group-${group}`).getAttribute('aria-busy')).toBe('true');
      expect(screen.queryByTestId(`count-${group}`)).toBeNull();
    }
    expect(screen.getByRole('heading', { name: 'Waiting' })).toBeTruthy();
    expect(screen.queryByText(/^Showing /)).toBeNull();
    expect(screen.queryByRole('button', { name: /^Show \d+ more$/ })).toBeNull();
    // What the lists alone show to be true is offered: more than one failed, something waiting.
    expect(screen.getByRole('button', { name: 'Retry all' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send now' }) as HTMLButtonElement).disabled).toBe(false);
    // The question names how many sent items go: it waits for the counts.
    fireEvent.click(screen.getByRole('button', { name: 'Clear history' }));
    expect(screen.queryByText(/^Delete the /)).toBeNull();

    rerender(
      <Popup
        {...base}
        online
        view={makeView({ pending, failed, sent, counts: { pending: 5000, failed: 2, sent: 40 } })}
        commands={commands}
      />,
    );
    expect(screen.getByTestId('group-pending').getAttribute('aria-busy')).toBeNull();
    expect(screen.getByTestId('count-pending').textContent).toBe('5000');
    expect(screen.getByTestId('count-failed').textContent).toBe('2');
    expect(screen.getByTestId('count-sent').textContent).toBe('40');
    expect(screen.getByText('Showing 25 of 5000')).toBeTruthy();
    expect(
      screen.getByText('Delete the 40 sent items from the history? The server keeps what it received.'),
    ).toBeTruthy();
  });

  it('before the counts, empty lists are the empty state, unless records were skipped as unreadable', () => {
    const { rerender } = render(
      <Popup {...base} online view={makeView({ counts: 'unknown' })} commands={makeCommands()} />,
    );
    expect(screen.getByTestId('empty')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send now' }) as HTMLButtonElement).disabled).toBe(true);
    rerender(
      <Popup {...base} online view={makeView({ counts: 'unknown', unreadable: 2 })} commands={makeCommands()} />,
    );
    expect(screen.queryByTestId('empty')).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('2 stored records could not be read');
  });

  it('labels each group and each item for screen readers', () => {
    render(
      <Popup
        {...base}
        online
        view={makeView({ pending: [makeItem()], failed: [makeItem({ status: 'failed' })] })}
        commands={makeCommands()}
      />,
    );
    expect(screen.getByRole('region', { name: /Failed/ })).toBeTruthy();
    expect(screen.getByRole('region', { name: /Waiting/ })).toBeTruthy();
    expect(screen.getAllByRole('listitem', { name: 'New order' })).toHaveLength(2);
  });
});
