// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Popup } from '@/components/Popup';
import { setMessageSource } from '@/utils/i18n';
import { makeCommands, makeItem, makeView, NOW } from './fixtures';

const base = { now: NOW, locale: 'en', notificationsOn: true, onShowMore: () => undefined };

afterEach(() => {
  cleanup();
  setMessageSource(undefined);
});

describe('ItemCard: failure reason', () => {
  it('builds the reason from the catalogue, not from the stored English message', () => {
    const failed = makeItem({
      status: 'failed',
      attempts: 1,
      lastError: { kind: 'auth', status: 401, message: 'stored English', at: NOW },
    });
    render(<Popup {...base} online view={makeView({ failed: [failed] })} commands={makeCommands()} />);
    expect(screen.getByTestId('reason').textContent).toBe(
      'You are signed out of shop.example. Sign in again on that site, then retry.',
    );
    // The status is in the technical detail (the record has no detail of its own: the status line alone).
    expect(screen.getByTestId('detail').textContent).toBe('HTTP 401 Unauthorized');
  });

  it("shows the reason in the browser's language", () => {
    setMessageSource((key, subs = []) =>
      key === 'reasonRefusedWords'
        ? `Le site l’a refusé : ${subs[0]}.`
        : key === 'statusTooLarge'
          ? 'trop volumineux'
          : '',
    );
    const failed = makeItem({
      status: 'failed',
      attempts: 1,
      lastError: {
        kind: 'http',
        status: 413,
        message: 'File too large for the server (413 Content Too Large).',
        at: NOW,
      },
    });
    render(<Popup {...base} online view={makeView({ failed: [failed] })} commands={makeCommands()} />);
    expect(screen.getByTestId('reason').textContent).toBe('Le site l’a refusé : trop volumineux.');
  });

  it('falls back to the stored message for an error it cannot rebuild', () => {
    const failed = makeItem({
      status: 'failed',
      attempts: 1,
      lastError: { kind: 'http', message: 'The stored record was odd.', at: NOW },
    });
    render(<Popup {...base} online view={makeView({ failed: [failed] })} commands={makeCommands()} />);
    expect(screen.getByTestId('reason').textContent).toBe('The stored record was odd.');
  });
});

describe('ItemCard: edit form and focus', () => {
  it('Escape closes the edit form and gives focus back to "Edit & retry"', async () => {
    const failed = makeItem({
      status: 'failed',
      attempts: 1,
      lastError: { kind: 'http', status: 422, message: 'x', at: NOW },
    });
    render(<Popup {...base} online view={makeView({ failed: [failed] })} commands={makeCommands()} />);
    const edit = screen.getByRole('button', { name: 'Edit & retry' });
    fireEvent.click(edit);
    const form = await screen.findByTestId('edit-form');
    const input = form.querySelector('input')!;
    input.focus();
    fireEvent.keyDown(input, { key: 'Escape' });
    // Removing the focused field leaves focus on the body, as a browser does.
    input.blur();
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('edit-form')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit & retry' }));
  });
});
