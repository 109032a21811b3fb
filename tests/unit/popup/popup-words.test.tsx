// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '@/components/Popup';
import { makeCommands, makeItem, makeView, NOW } from './fixtures';

const base = { now: NOW, locale: 'en', notificationsOn: true, onShowMore: () => undefined };
const LONG =
  'https://www.shop.example/accounts/42/projects/alpha-centauri/reports/2026/quarterly/final-summary?token=abc&q=secret';

afterEach(cleanup);

function labelled(overrides = {}) {
  return makeItem({
    request: {
      method: 'POST',
      url: LONG,
      enctype: 'application/x-www-form-urlencoded',
      entries: [
        { name: 'fld_1', value: 'ana@example.com' },
        { name: 'fld_2', value: '1234' },
        { name: 'notes', value: 'plain' },
      ],
    },
    source: {
      pageUrl: 'https://www.shop.example/orders/new',
      pageTitle: 'New order',
      referrerPolicy: '',
      fieldLabels: [
        { name: 'fld_1', label: 'Email address' },
        { name: 'fld_2', label: 'Card PIN' },
      ],
    },
    ...overrides,
  });
}

function openDetails() {
  fireEvent.click(screen.getByRole('button', { name: 'Details' }));
  return screen.getByTestId('item-details');
}

describe('popup words: addresses', () => {
  it('shortens a long target to site and path, the whole address in the title and in the details', () => {
    render(<Popup {...base} online view={makeView({ pending: [labelled()] })} commands={makeCommands()} />);
    const target = screen.getByTestId('target');
    expect(target.textContent).toMatch(/^POST shop\.example › \/accounts\/42\/.*….*\/final-summary\?…$/);
    expect(target.textContent).not.toContain('secret');
    expect(target.getAttribute('title')).toBe(LONG);
    const details = openDetails();
    expect(within(details).getByTestId('full-address').textContent).toBe(`POST ${LONG}`);
    expect(within(details).getByTestId('page-address').textContent).toBe('https://www.shop.example/orders/new');
  });

  it('copies the whole address from the details', async () => {
    const commands = { ...makeCommands(), copyText: vi.fn(async () => undefined) };
    render(<Popup {...base} online view={makeView({ pending: [labelled()] })} commands={commands} />);
    openDetails();
    fireEvent.click(screen.getByRole('button', { name: 'Copy address' }));
    expect(commands.copyText).toHaveBeenCalledWith(LONG);
    expect(await screen.findByText('Address copied.')).toBeTruthy();
  });

  it('offers no copy button without a clipboard (control)', () => {
    render(<Popup {...base} online view={makeView({ pending: [labelled()] })} commands={makeCommands()} />);
    openDetails();
    expect(screen.queryByRole('button', { name: 'Copy address' })).toBeNull();
  });
});

describe('popup words: field labels', () => {
  it('shows fields by the labels the person saw, the raw name as secondary text', () => {
    render(<Popup {...base} online view={makeView({ pending: [labelled()] })} commands={makeCommands()} />);
    const rows = within(openDetails()).getAllByTestId('field');
    expect(rows.map((row) => row.querySelector('dt')!.textContent)).toEqual([
      'Email address fld_1',
      'Card PIN fld_2',
      'notes',
    ]);
    expect(within(rows[0]).getByTestId('field-name').textContent).toBe('fld_1');
    expect(rows[0].querySelector('dd')!.textContent).toBe('ana@example.com');
    // The label says PIN: the value is hidden although the name does not say so.
    expect(rows[1].querySelector('dd')!.getAttribute('data-masked')).toBe('true');
    expect(rows[1].textContent).not.toContain('1234');
  });

  it('shows raw names for an item captured before labels were kept (control)', () => {
    const old = labelled();
    delete old.source.fieldLabels;
    render(<Popup {...base} online view={makeView({ pending: [old] })} commands={makeCommands()} />);
    const rows = within(openDetails()).getAllByTestId('field');
    expect(rows.map((row) => row.querySelector('dt')!.textContent)).toEqual(['fld_1', 'fld_2', 'notes']);
    expect(rows[1].querySelector('dd')!.textContent).toBe('1234');
  });

  it('names the boxes of Edit & retry by the labels, the raw name describing each', () => {
    const failed = labelled({
      status: 'failed',
      attempts: 1,
      lastError: { kind: 'http', status: 422, message: 'x', at: NOW },
    });
    render(<Popup {...base} online view={makeView({ failed: [failed] })} commands={makeCommands()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit & retry' }));
    const email = screen.getByLabelText('Email address') as HTMLInputElement;
    expect(email.value).toBe('ana@example.com');
    expect(document.getElementById(email.getAttribute('aria-describedby')!)!.textContent).toBe('fld_1');
    expect((screen.getByLabelText('Card PIN') as HTMLInputElement).type).toBe('password');
    expect((screen.getByLabelText('notes') as HTMLInputElement).type).toBe('text');
  });
});

describe('popup words: HTTP statuses', () => {
  it.each<[number, string]>([
    [503, 'The site had a problem: service unavailable (the site is down or overloaded). Will try again.'],
    [429, 'The site refused it: too many requests (the site asked to wait). Will try again.'],
  ])('says %i in words, with the number in the technical detail', (status, words) => {
    const waiting = makeItem({
      status: 'pending',
      attempts: 1,
      lastError: {
        kind: 'http',
        status,
        message: 'stored',
        detail: `HTTP ${status} from https://shop.example/orders/new`,
        at: NOW,
      },
    });
    render(<Popup {...base} online view={makeView({ pending: [waiting] })} commands={makeCommands()} />);
    expect(screen.getByTestId('reason').textContent).toBe(words);
    expect(screen.getByTestId('detail').textContent).toContain(`HTTP ${status}`);
  });
});
