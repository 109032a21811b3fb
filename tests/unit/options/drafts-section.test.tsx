// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DraftsSection } from '@/components/options/DraftsSection';
import { DEFAULT_SETTINGS } from '@/utils/core/settings';

afterEach(cleanup);
const DAY = 86_400_000;

describe("the settings page's drafts section", () => {
  it('switches drafts, picks the retention (default 7 days) and lists sites without drafts', () => {
    const onChange = vi.fn();
    render(<DraftsSection settings={{ ...DEFAULT_SETTINGS, draftsOffSites: ['bank.example'] }} onChange={onChange} />);
    const toggle = screen.getByRole('switch', { name: 'Keep drafts of what I type' }) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    expect(onChange).toHaveBeenLastCalledWith({ drafts: false });
    const keep = screen.getByLabelText('Keep drafts for') as HTMLSelectElement;
    expect(keep.value).toBe(String(7 * DAY));
    expect([...keep.options].map((o) => o.textContent)).toEqual([
      '1 day',
      '3 days',
      '7 days (default)',
      '14 days',
      '30 days',
    ]);
    fireEvent.change(keep, { target: { value: String(30 * DAY) } });
    expect(onChange).toHaveBeenLastCalledWith({ keepDraftsMs: 30 * DAY });
    expect(screen.getByText('bank.example')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Add a site without drafts'), {
      target: { value: 'https://Notes.example/x' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(onChange).toHaveBeenLastCalledWith({ draftsOffSites: ['bank.example', 'notes.example'] });
  });

  it('deletes every draft only after a confirmation, and says how many', async () => {
    const onDeleteAll = vi.fn(async () => 4);
    render(<DraftsSection settings={DEFAULT_SETTINGS} onChange={() => undefined} onDeleteAll={onDeleteAll} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete all drafts' }));
    expect(onDeleteAll).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete all drafts' }));
    expect(screen.getByText('Delete every draft now? This cannot be undone.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete every draft' }));
    await vi.waitFor(() => expect(screen.getByTestId('drafts-deleted').textContent).toBe('4 drafts deleted.'));
    expect(onDeleteAll).toHaveBeenCalledTimes(1);
  });
});
