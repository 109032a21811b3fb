// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '@/components/Popup';
import type { DraftRecord } from '@/utils/core/draft-record';
import type { DraftCommands, DraftsViewModel } from '@/utils/popup/drafts';
import { makeCommands, makeItem, makeView, NOW } from './fixtures';

afterEach(cleanup);
const DAY = 86_400_000;

function makeDraft(overrides: Partial<DraftRecord> = {}): DraftRecord {
  return {
    id: overrides.id ?? 'd1',
    pageKey: 'https://shop.example/order',
    origin: 'https://shop.example',
    form: { kind: 'form', action: 'https://shop.example/submit', names: ['notes'], index: 0 },
    state: 'editing',
    stateSince: NOW - 60_000,
    writer: 'w',
    createdAt: NOW - 120_000,
    updatedAt: NOW - 60_000,
    content: {
      pageUrl: 'https://shop.example/order?step=2',
      pageTitle: 'New order',
      fields: [{ key: 'notes', kind: 'text', value: 'Two pumps\nand a valve' }],
    },
    ...overrides,
  };
}

function draftCommands(): { [K in keyof DraftCommands]: ReturnType<typeof vi.fn> } & DraftCommands {
  return {
    open: vi.fn(async () => undefined),
    copy: vi.fn(async () => undefined),
    discard: vi.fn(async () => undefined),
    undoDiscard: vi.fn(async () => undefined),
    clearExpired: vi.fn(async () => undefined),
    search: vi.fn(async () => ({ drafts: [], items: [] })),
  } as never;
}

function renderPopup(view: Partial<DraftsViewModel>, commands = draftCommands()) {
  const drafts: DraftsViewModel = {
    drafts: [],
    total: 0,
    itemStatus: {},
    retentionMs: 7 * DAY,
    enabled: true,
    ...view,
  };
  render(
    <Popup
      view={makeView()}
      online
      now={NOW}
      locale="en"
      notificationsOn
      commands={makeCommands()}
      onShowMore={() => undefined}
      drafts={{ view: drafts, commands }}
    />,
  );
  return commands;
}

describe('the popup with drafts', () => {
  it('has Outbox and Drafts tabs (arrow keys move between them) and shows each draft: site, page, when, expiry, preview', () => {
    renderPopup({ drafts: [makeDraft()], total: 1 });
    const outbox = screen.getByRole('tab', { name: 'Outbox' });
    expect(outbox.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(outbox, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Drafts (1)' }).getAttribute('aria-selected')).toBe('true');
    const card = screen.getByTestId('draft');
    expect(card.textContent).toContain('shop.example');
    expect(card.textContent).toContain('New order');
    expect(card.textContent).toContain('/order?step=2');
    expect(card.textContent).toContain('Typed 1 minute ago');
    expect(within(card).getByTestId('draft-expiry').textContent).toBe('expires in 7 days');
    expect(within(card).getByTestId('draft-preview').textContent).toBe('Two pumps and a valve');
    expect(screen.queryByTestId('drafts-expiring')).toBeNull();
  });

  it('never lets expiry pass silently: warns about drafts expiring within a day, and says how many expired until acknowledged', async () => {
    const commands = renderPopup({
      drafts: [makeDraft({ updatedAt: NOW - 6.5 * DAY })],
      total: 1,
      expired: { count: 3, lastAt: NOW - DAY },
    });
    fireEvent.click(screen.getByRole('tab', { name: /Drafts/ }));
    expect(screen.getByTestId('drafts-expiring').textContent).toBe(
      '1 draft expires within a day. Open or copy what you still need.',
    );
    expect(screen.getByTestId('draft-expiry').textContent).toBe('expires in 12 hours');
    expect(screen.getByTestId('drafts-expired').textContent).toContain(
      '3 drafts were deleted because they were older than the drafts retention (7 days).',
    );
    fireEvent.click(within(screen.getByTestId('drafts-expired')).getByRole('button', { name: 'OK' }));
    await vi.waitFor(() => expect(commands.clearExpired).toHaveBeenCalled());
  });

  it('shows a sealed draft as encrypted (no preview, nothing to open or copy) while locked', () => {
    const { content: _content, ...sealed } = makeDraft();
    renderPopup({
      drafts: [
        {
          ...sealed,
          sealed: {
            version: 1,
            ephemeralKey: new Uint8Array(1),
            iv: new Uint8Array(1),
            data: new Uint8Array(1),
            files: [],
          },
        },
      ],
      total: 1,
    });
    fireEvent.click(screen.getByRole('tab', { name: /Drafts/ }));
    const card = screen.getByTestId('draft');
    expect(card.textContent).toContain('Encrypted: unlock Form Outbox to see it.');
    expect(card.textContent).toContain('Untitled page');
    expect((within(card).getByRole('button', { name: 'Open & restore' }) as HTMLButtonElement).disabled).toBe(true);
    expect((within(card).getByRole('button', { name: 'Copy text' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('opens & restores, copies the text, discards with undo', async () => {
    const commands = renderPopup({ drafts: [makeDraft()], total: 1 });
    fireEvent.click(screen.getByRole('tab', { name: /Drafts/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy text' }));
    await vi.waitFor(() => expect(commands.copy).toHaveBeenCalledWith('Two pumps\nand a valve'));
    fireEvent.click(screen.getByRole('button', { name: 'Open & restore' }));
    await vi.waitFor(() => expect(commands.open).toHaveBeenCalledWith('d1'));
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    await vi.waitFor(() => expect(commands.discard).toHaveBeenCalledWith('d1'));
    fireEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await vi.waitFor(() => expect(commands.undoDiscard).toHaveBeenCalledWith('d1'));
  });

  it('says there are no drafts, and that drafts are off when they are', () => {
    renderPopup({ enabled: false });
    fireEvent.click(screen.getByRole('tab', { name: 'Drafts' }));
    expect(screen.getByTestId('drafts-empty').textContent).toContain('No drafts');
    expect(screen.getByTestId('drafts-off').textContent).toContain('Drafts are turned off');
  });

  it('searches drafts and queued items together', async () => {
    const commands = draftCommands();
    commands.search.mockResolvedValue({ drafts: [makeDraft()], items: [makeItem({ id: 'i1' })] });
    renderPopup({ drafts: [makeDraft()], total: 1 }, commands);
    fireEvent.input(screen.getByLabelText('Search drafts and the outbox'), { target: { value: 'pumps' } });
    expect(await screen.findByTestId('search-drafts')).toBeTruthy();
    expect(commands.search).toHaveBeenCalledWith('pumps');
    expect(within(screen.getByTestId('search-drafts')).getAllByTestId('draft')).toHaveLength(1);
    expect(within(screen.getByTestId('search-items')).getAllByTestId('item')).toHaveLength(1);
    commands.search.mockResolvedValue({ drafts: [], items: [] });
    fireEvent.input(screen.getByLabelText('Search drafts and the outbox'), { target: { value: 'zzz' } });
    await vi.waitFor(() =>
      expect(screen.getByTestId('search-results').textContent).toContain('Nothing matches “zzz”.'),
    );
  });

  it('without drafts (an older caller), the popup has no tabs and no search', () => {
    render(
      <Popup
        view={makeView()}
        online
        now={NOW}
        notificationsOn
        commands={makeCommands()}
        onShowMore={() => undefined}
      />,
    );
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.queryByLabelText('Search drafts and the outbox')).toBeNull();
  });
});
