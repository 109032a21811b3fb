// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataSection } from '@/components/options/DataSection';
import type { ImportOutcome } from '@/utils/core/import-reading';

afterEach(cleanup);

function setup(
  outcome: ImportOutcome = { kind: 'imported', report: { items: 2, drafts: 1, skippedItems: [], skippedDrafts: [] } },
) {
  const props = {
    onExport: vi.fn(async () => ({ items: 3, drafts: 1 })),
    onImport: vi.fn(async () => outcome),
    onDeleteEverything: vi.fn(async () => undefined),
  };
  render(<DataSection {...props} />);
  return props;
}

function chooseFile() {
  const input = screen.getByLabelText('Import an export file') as HTMLInputElement;
  const file = new File(['{}'], 'form-outbox.json', { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file] });
  fireEvent.change(input);
  return file;
}

describe('the settings page\'s "Your data" section', () => {
  it('exports and says what the file holds', async () => {
    const props = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Export everything' }));
    await vi.waitFor(() =>
      expect(screen.getByTestId('data-export-status').textContent).toBe('Exported. Submissions: 3 · Drafts: 1'),
    );
    expect(props.onExport).toHaveBeenCalledOnce();
  });

  it('imports the chosen file and says what came in and what was skipped', async () => {
    const props = setup({
      kind: 'imported',
      report: { items: 1, drafts: 0, skippedItems: ['a'], skippedDrafts: ['d'] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(screen.getByTestId('data-import-status').textContent).toBe('Choose an export file first.');
    expect(props.onImport).not.toHaveBeenCalled();
    const file = chooseFile();
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await vi.waitFor(() =>
      expect(screen.getByTestId('data-import-status').textContent).toContain('Imported. Submissions: 1 · Drafts: 0'),
    );
    expect(screen.getByTestId('data-import-status').textContent).toContain(
      'Already here, so skipped. Submissions: 1 · Drafts: 1',
    );
    expect(props.onImport).toHaveBeenCalledWith(file);
  });

  it('says in words why a file was refused, with the technical detail', async () => {
    setup({ kind: 'refused', refusal: { code: 'bad-item', detail: 'item 2: target is not an http(s) URL' } });
    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await vi.waitFor(() =>
      expect(screen.getByTestId('data-import-status').textContent).toContain(
        'Nothing was imported: a submission in the file is damaged or not acceptable.',
      ),
    );
    expect(screen.getByTestId('data-import-status').textContent).toContain('item 2: target is not an http(s) URL');
    expect(screen.getByTestId('data-import-status').querySelector('[data-tone=error]')).toBeTruthy();
  });

  it('deletes everything only after a confirmation (control: Cancel deletes nothing)', async () => {
    const props = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything Form Outbox keeps' }));
    expect(props.onDeleteEverything).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(props.onDeleteEverything).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything Form Outbox keeps' }));
    expect(
      screen.getByText('Delete everything? This cannot be undone. Export first if you may need any of it.'),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete everything' }));
    await vi.waitFor(() =>
      expect(screen.getByTestId('data-delete-status').textContent).toBe(
        'Everything Form Outbox kept is deleted. Settings are back to their defaults.',
      ),
    );
    expect(props.onDeleteEverything).toHaveBeenCalledOnce();
  });
});
