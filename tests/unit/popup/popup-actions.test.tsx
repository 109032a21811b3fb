// @vitest-environment happy-dom
import { failure, FailureError } from '@/utils/core/failure';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Popup } from '@/components/Popup';
import { makeCommands, makeItem, makeView, NOW } from './fixtures';

afterEach(cleanup);

const base = { now: NOW, locale: 'en', onShowMore: () => undefined, notificationsOn: true };
const failedItem = () =>
  makeItem({
    id: 'f1',
    status: 'failed',
    attempts: 1,
    lastError: { kind: 'http', status: 422, message: 'Rejected', at: NOW },
  });

describe('Popup actions', () => {
  it('"Send now" asks the background to send everything waiting', () => {
    const commands = makeCommands();
    render(<Popup {...base} online view={makeView({ pending: [makeItem()] })} commands={commands} />);
    fireEvent.click(screen.getByRole('button', { name: 'Send now' }));
    expect(commands.sendNow).toHaveBeenCalledOnce();
  });

  it('retries one failed item, and all failed items', async () => {
    const commands = makeCommands();
    render(
      <Popup
        {...base}
        online
        view={makeView({ failed: [failedItem(), makeItem({ id: 'f2', status: 'failed' })] })}
        commands={commands}
      />,
    );
    fireEvent.click(within(screen.getAllByTestId('item')[0]).getByRole('button', { name: 'Retry' }));
    expect(commands.retry).toHaveBeenCalledWith('f1');
    fireEvent.click(screen.getByRole('button', { name: 'Retry all' }));
    expect(commands.retryAllFailed).toHaveBeenCalledOnce();
    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain('Retrying now.'));
  });

  it('edits a failed item and retries with only the changed values', () => {
    const commands = makeCommands();
    render(<Popup {...base} online view={makeView({ failed: [failedItem()] })} commands={commands} />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit & retry' }));
    const form = screen.getByTestId('edit-form');
    const item = within(form).getByLabelText('item') as HTMLInputElement;
    expect(item.value).toBe('widget');
    expect((within(form).getByLabelText('password') as HTMLInputElement).type).toBe('password');
    expect(form.textContent).toContain('valve.jpg — File kept as is');
    fireEvent.input(item, { target: { value: 'gadget' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Retry with these values' }));
    expect(commands.retry).toHaveBeenCalledWith('f1', { 0: 'gadget' });
    expect(screen.queryByTestId('edit-form')).toBeNull();
  });

  it('cancels an edit with Escape', () => {
    const commands = makeCommands();
    render(<Popup {...base} online view={makeView({ failed: [failedItem()] })} commands={commands} />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit & retry' }));
    fireEvent.keyDown(screen.getByTestId('edit-form'), { key: 'Escape' });
    expect(screen.queryByTestId('edit-form')).toBeNull();
    expect(commands.retry).not.toHaveBeenCalled();
  });

  it('discards an item and offers Undo, which restores it', async () => {
    const commands = makeCommands();
    render(<Popup {...base} online view={makeView({ failed: [failedItem()] })} commands={commands} />);
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(commands.discard).toHaveBeenCalledWith('f1');
    const toast = await screen.findByTestId('toast');
    expect(toast.textContent).toContain('Discarded “New order”.');
    fireEvent.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(commands.restore).toHaveBeenCalledWith('f1');
    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain('Restored.'));
  });

  it('clears the history only after confirmation', () => {
    const commands = makeCommands();
    const sent = makeItem({
      status: 'sent',
      result: { status: 200, finalUrl: 'https://shop.example/ok', redirected: false, sentAt: NOW },
    });
    render(<Popup {...base} online view={makeView({ sent: [sent] })} commands={commands} />);
    fireEvent.click(screen.getByRole('button', { name: 'Clear history' }));
    expect(commands.clearSent).not.toHaveBeenCalled();
    expect(screen.getByText(/Delete the sent item from the history\?/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('button', { name: 'Delete history' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Clear history' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete history' }));
    expect(commands.clearSent).toHaveBeenCalledOnce();
  });

  it('opens the original page to refill the form', () => {
    const commands = makeCommands();
    render(<Popup {...base} online view={makeView({ failed: [failedItem()] })} commands={commands} />);
    fireEvent.click(screen.getByRole('button', { name: 'Open page' }));
    expect(commands.openAndRefill).toHaveBeenCalledWith('f1');
  });

  it('exports the queue and says how many items', async () => {
    const commands = makeCommands();
    render(<Popup {...base} online view={makeView({ pending: [makeItem()] })} commands={commands} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(commands.exportQueue).toHaveBeenCalledOnce();
    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain('Exported 3 items.'));
  });

  it('toggles desktop notifications', () => {
    const commands = makeCommands();
    render(<Popup {...base} online view={makeView()} commands={commands} />);
    const toggle = screen.getByRole('switch', { name: 'Desktop notifications' }) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    expect(commands.setNotifications).toHaveBeenCalledWith(false);
  });

  it('reports a command that failed, as an alert', async () => {
    const commands = makeCommands();
    commands.retry.mockRejectedValueOnce(new FailureError(failure('itemGone')));
    render(<Popup {...base} online view={makeView({ failed: [failedItem()] })} commands={commands} />);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That did not work: That submission is no longer in the outbox.');
  });

  it('hides actions that do not apply: no retry for waiting items, no discard while sending', () => {
    render(
      <Popup
        {...base}
        online
        view={makeView({ pending: [makeItem({ status: 'sending' })] })}
        commands={makeCommands()}
      />,
    );
    const card = screen.getByTestId('item');
    expect(within(card).queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(within(card).queryByRole('button', { name: 'Discard' })).toBeNull();
    expect(within(card).getByRole('button', { name: 'Open page' })).toBeTruthy();
  });
});
