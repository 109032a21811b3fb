// @vitest-environment happy-dom
import { failure, FailureError } from '@/utils/core/failure';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EncryptionSection } from '@/components/options/EncryptionSection';
import type { VaultStatus } from '@/utils/messaging';
import type { VaultClient } from '@/utils/pages/vault-client';

afterEach(cleanup);

function fakeClient(initial: VaultStatus) {
  let state = initial;
  const set = (next: VaultStatus) => async () => (state = next);
  return {
    status: vi.fn(async () => state),
    setPassphrase: vi.fn(set({ enabled: true, unlocked: true })),
    changePassphrase: vi.fn(set({ enabled: true, unlocked: true })),
    removePassphrase: vi.fn(set({ enabled: false, unlocked: true })),
    unlock: vi.fn(set({ enabled: true, unlocked: true })),
    lock: vi.fn(set({ enabled: true, unlocked: false })),
    forget: vi.fn(set({ enabled: false, unlocked: true })),
  } satisfies VaultClient;
}

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe('EncryptionSection', () => {
  it('turns encryption on only with a long enough, confirmed passphrase', async () => {
    const client = fakeClient({ enabled: false, unlocked: true });
    render(<EncryptionSection client={client} />);
    await screen.findByRole('button', { name: 'Turn on encryption' });
    expect(screen.getByText(/If you forget the passphrase/)).toBeTruthy();

    type('New passphrase', 'short');
    type('Repeat the new passphrase', 'short');
    fireEvent.click(screen.getByRole('button', { name: 'Turn on encryption' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The passphrase needs at least 8 characters.');

    type('New passphrase', 'long enough one');
    type('Repeat the new passphrase', 'long enough two');
    fireEvent.click(screen.getByRole('button', { name: 'Turn on encryption' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The two passphrases are not the same.');
    expect(client.setPassphrase).not.toHaveBeenCalled();

    type('Repeat the new passphrase', 'long enough one');
    fireEvent.click(screen.getByRole('button', { name: 'Turn on encryption' }));
    expect((await screen.findByRole('status')).textContent).toContain('Encryption is on');
    expect(client.setPassphrase).toHaveBeenCalledWith('long enough one');
    expect(screen.getByRole('button', { name: 'Lock now' })).toBeTruthy();
  });

  it("locks, unlocks, and shows the background's refusal of a wrong passphrase", async () => {
    const client = fakeClient({ enabled: true, unlocked: true });
    render(<EncryptionSection client={client} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Lock now' }));
    expect(await screen.findByText(/Encryption is on and locked/)).toBeTruthy();
    client.unlock.mockRejectedValueOnce(new FailureError(failure('passphraseWrong')));
    type('Passphrase', 'wrong passphrase');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That passphrase is not right.');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByRole('button', { name: 'Lock now' })).toBeTruthy();
  });

  it('changes the passphrase and turns encryption off with the current one', async () => {
    const client = fakeClient({ enabled: true, unlocked: true });
    render(<EncryptionSection client={client} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Change passphrase' }));
    type('Current passphrase', 'old passphrase');
    type('New passphrase', 'new passphrase');
    type('Repeat the new passphrase', 'new passphrase');
    fireEvent.click(screen.getAllByRole('button', { name: 'Change passphrase' })[1]);
    expect((await screen.findByRole('status')).textContent).toBe('The passphrase was changed.');
    expect(client.changePassphrase).toHaveBeenCalledWith('old passphrase', 'new passphrase');

    fireEvent.click(screen.getByRole('button', { name: 'Turn off encryption' }));
    type('Current passphrase', 'new passphrase');
    fireEvent.click(screen.getAllByRole('button', { name: 'Turn off encryption' })[1]);
    expect(await screen.findByRole('button', { name: 'Turn on encryption' })).toBeTruthy();
    expect(client.removePassphrase).toHaveBeenCalledWith('new passphrase');
  });

  it('a forgotten passphrase: delete the encrypted submissions only after an explicit confirmation', async () => {
    const client = fakeClient({ enabled: true, unlocked: false });
    render(<EncryptionSection client={client} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Forgot the passphrase?' }));
    expect(screen.getByText(/cannot be read or sent by anyone/)).toBeTruthy();
    expect(client.forget).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Delete encrypted submissions and turn encryption off' }));
    expect((await screen.findByRole('status')).textContent).toBe('Encrypted submissions deleted. Encryption is off.');
    expect(client.forget).toHaveBeenCalledTimes(1);
  });
});
