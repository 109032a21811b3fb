// @vitest-environment happy-dom
import { failure, FailureError } from '@/utils/core/failure';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Popup } from '@/components/Popup';
import type { SealedPayload } from '@/utils/core/sealing';
import { makeCommands, makeItem, makeView, NOW } from './fixtures';

afterEach(cleanup);

const base = { now: NOW, locale: 'en', notificationsOn: true, onShowMore: () => undefined, online: true };
const sealed = {
  version: 1,
  ephemeralKey: new Uint8Array(65),
  iv: new Uint8Array(12),
  data: new Uint8Array(8),
  files: [],
} as SealedPayload;

describe('Popup while locked', () => {
  it('asks for the passphrase and unlocks with it (control: no prompt when unlocked)', async () => {
    const commands = makeCommands();
    const view = makeView({ pending: [makeItem({ sealed, request: { ...makeItem().request, entries: [] } })] });
    const { rerender } = render(<Popup {...base} view={view} locked={false} commands={commands} />);
    expect(screen.queryByRole('heading', { name: 'Locked' })).toBeNull();

    rerender(<Popup {...base} view={view} locked commands={commands} />);
    expect(screen.getByRole('heading', { name: 'Locked' })).toBeTruthy();
    expect(screen.getByText('1 encrypted submission waits for your passphrase before it can be sent.')).toBeTruthy();
    const unlock = screen.getByRole('button', { name: 'Unlock' }) as HTMLButtonElement;
    expect(unlock.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: 'my long passphrase' } });
    fireEvent.click(unlock);
    await waitFor(() => expect(commands.unlock).toHaveBeenCalledWith('my long passphrase'));
    expect(await screen.findByText('Unlocked. Waiting submissions are being sent.')).toBeTruthy();
  });

  it('says how many wait only once they are counted, never "0" before', () => {
    const item = makeItem({ sealed, request: { ...makeItem().request, entries: [] } });
    const { rerender } = render(
      <Popup {...base} view={makeView({ pending: [item], counts: 'unknown' })} locked commands={makeCommands()} />,
    );
    expect(
      screen.getByText('Your saved submissions are encrypted. Enter your passphrase to read and send them.'),
    ).toBeTruthy();
    rerender(
      <Popup {...base} view={makeView({ pending: [item], counts: { pending: 7 } })} locked commands={makeCommands()} />,
    );
    expect(screen.getByText('7 encrypted submissions wait for your passphrase before they can be sent.')).toBeTruthy();
  });

  it('a wrong passphrase is reported and the prompt stays', async () => {
    const commands = makeCommands();
    commands.unlock.mockRejectedValueOnce(new FailureError(failure('passphraseWrong')));
    render(<Popup {...base} view={makeView()} locked commands={commands} />);
    fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: 'wrong one!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText(/That passphrase is not right\./)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Locked' })).toBeTruthy();
  });

  it('a sealed item says its fields are encrypted and offers no edit (control: an open item does)', () => {
    const open = makeItem({ status: 'failed', id: 'open' });
    const closed = makeItem({ status: 'failed', id: 'closed', sealed, request: { ...open.request, entries: [] } });
    render(<Popup {...base} view={makeView({ failed: [open, closed] })} locked commands={makeCommands()} />);
    const [openCard, closedCard] = screen.getAllByTestId('item');
    expect(openCard.textContent).toContain('Edit');
    expect(closedCard.textContent).not.toContain('Edit');
    fireEvent.click(closedCard.querySelector('button[aria-expanded]')!);
    expect(closedCard.textContent).toContain('This submission is encrypted. Unlock to see its fields.');
  });
});
