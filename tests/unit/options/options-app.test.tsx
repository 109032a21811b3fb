// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { App } from '@/entrypoints/options/App';
import { getSettings, setSetting } from '@/utils/platform/settings-store';
import type { OutboxDatabase } from '@/utils/db/database';
import { ConnectionHeader } from '@/components/ConnectionHeader';
import { freshDatabase } from '../db/helpers';
import { makeItem, withoutBackground } from '../popup/fixtures';
import { installFakePermissions } from '../fake-permissions';

let db: OutboxDatabase;
let dropDb: () => Promise<void>;

beforeEach(async () => {
  ({ db, cleanup: dropDb } = await freshDatabase());
  // No background in unit tests: the encryption section gets no answer and says so.
  withoutBackground();
});
afterEach(async () => {
  cleanup();
  await dropDb();
});

describe('settings page', () => {
  it("shows the stored settings, writes changes, and follows changes made elsewhere (the popup's switch)", async () => {
    installFakePermissions().granted.add('notifications'); // granted earlier
    await fakeBrowser.storage.local.set({ settings: { notifications: false, sensitiveSites: ['bank.example'] } });
    render(<App db={db} />);
    const notifications = (await screen.findByRole('switch', { name: 'Desktop notifications' })) as HTMLInputElement;
    expect(notifications.checked).toBe(false);
    expect(screen.getByText('bank.example')).toBeTruthy();

    fireEvent.click(screen.getByRole('switch', { name: 'Pause Form Outbox' }));
    await vi.waitFor(async () => expect((await getSettings()).paused).toBe(true));
    expect(screen.getByTestId('paused-banner').textContent).toContain('still sent');
    expect((await getSettings()).sensitiveSites).toEqual(['bank.example']); // the rest kept

    await setSetting('notifications', true); // as the popup does
    await vi.waitFor(() => expect(notifications.checked).toBe(true));
  });

  it('turns notifications on only when the browser grants the permission, and gives it back when turned off', async () => {
    const permissions = installFakePermissions();
    permissions.answer = false; // the person refuses the browser's prompt
    render(<App db={db} />);
    const notifications = (await screen.findByRole('switch', { name: 'Desktop notifications' })) as HTMLInputElement;
    expect(notifications.checked).toBe(false); // off by default
    fireEvent.click(notifications);
    await vi.waitFor(() => expect(permissions.requests).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(notifications.checked).toBe(false);
    expect((await getSettings()).notifications).toBe(false);

    // Control: accepted, the same click turns them on.
    permissions.answer = true;
    fireEvent.click(notifications);
    await vi.waitFor(async () => expect((await getSettings()).notifications).toBe(true));
    await vi.waitFor(() => expect(notifications.checked).toBe(true));
    expect(permissions.requests).toBe(2);
    expect(permissions.granted.has('notifications')).toBe(true);

    fireEvent.click(notifications);
    await vi.waitFor(() => expect(permissions.granted.has('notifications')).toBe(false));
    expect((await getSettings()).notifications).toBe(false);
    expect(notifications.checked).toBe(false);
  });

  it('keeps quick successive changes (each write sees the one before)', async () => {
    render(<App db={db} />);
    fireEvent.click(await screen.findByRole('switch', { name: 'Pause Form Outbox' }));
    fireEvent.click(screen.getByRole('switch', { name: 'Save GET forms (searches, filters)' }));
    fireEvent.input(screen.getByLabelText('Add a blocked site'), { target: { value: 'ads.example' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Add' })[0]);
    await vi.waitFor(async () =>
      expect(await getSettings()).toMatchObject({ paused: true, captureGet: false, blockedSites: ['ads.example'] }),
    );
  });

  it('shows the submissions per state, live', async () => {
    render(<App db={db} />);
    await vi.waitFor(() => expect(screen.getByTestId('count-waiting').textContent).toBe('0'));
    await db.items.add(makeItem({ status: 'pending' }));
    await vi.waitFor(() => expect(screen.getByTestId('count-waiting').textContent).toBe('1'));
  });
});

describe('popup header', () => {
  it('has a Settings button only when it can open the settings page', () => {
    const props = { state: 'online' as const, now: 0, canSendNow: false, onSendNow: () => undefined };
    const { rerender } = render(<ConnectionHeader {...props} />);
    expect(screen.queryByRole('button', { name: 'Settings' })).toBeNull();
    const onOpenSettings = vi.fn();
    rerender(<ConnectionHeader {...props} onOpenSettings={onOpenSettings} />);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(onOpenSettings).toHaveBeenCalled();
  });
});
