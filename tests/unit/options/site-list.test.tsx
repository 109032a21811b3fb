// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SiteList } from '@/components/options/SiteList';
import { CaptureSection } from '@/components/options/CaptureSection';
import { DEFAULT_SETTINGS } from '@/utils/core/settings';

afterEach(cleanup);

function renderList(sites: string[] = []) {
  const onAdd = vi.fn();
  const onRemove = vi.fn();
  render(
    <SiteList
      id="blocked"
      title="Blocked sites"
      addLabel="Add a blocked site"
      emptyText="No blocked sites."
      sites={sites}
      onAdd={onAdd}
      onRemove={onRemove}
    />,
  );
  const input = screen.getByLabelText('Add a blocked site') as HTMLInputElement;
  const add = (text: string) => {
    fireEvent.input(input, { target: { value: text } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
  };
  return { onAdd, onRemove, input, add };
}

describe('SiteList', () => {
  it('adds what the user typed as a normalised host and clears the input', () => {
    const { onAdd, input, add } = renderList();
    expect(screen.getByText('No blocked sites.')).toBeTruthy();
    add('  https://Shop.Example.com/checkout?x=1 ');
    expect(onAdd).toHaveBeenCalledWith('shop.example.com');
    expect(input.value).toBe('');
    expect(screen.getByRole('status').textContent).toBe('shop.example.com added.');
    add('*.example.org');
    expect(onAdd).toHaveBeenLastCalledWith('example.org');
  });

  it('refuses input that is not a site, with the reason, keeping the text to correct', () => {
    const { onAdd, input, add } = renderList();
    add('not a site!');
    expect(screen.getByRole('alert').textContent).toBe(
      '“not a site!” is not a site address. Type a host name such as example.com, or paste a page address.',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('blocked-error');
    expect(input.value).toBe('not a site!');
    add('ftp://files.example.com');
    expect(screen.getByRole('alert').textContent).toContain('is not a site address');
    add('');
    expect(screen.getByRole('alert').textContent).toBe('Type a site address, such as example.com.');
    expect(onAdd).not.toHaveBeenCalled();
    // Typing again clears the error.
    fireEvent.input(input, { target: { value: 'example.com' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('refuses a site already in the list', () => {
    const { onAdd, add } = renderList(['example.com']);
    add('EXAMPLE.com');
    expect(screen.getByRole('alert').textContent).toBe('example.com is already in the list.');
    expect(onAdd).not.toHaveBeenCalled();
  });

  it('removes a site with its own labelled button and keeps the focus in the list', () => {
    const { onRemove, input } = renderList(['a.example', 'b.example']);
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['a.exampleRemove', 'b.exampleRemove']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove b.example' }));
    expect(onRemove).toHaveBeenCalledWith('b.example');
    expect(document.activeElement).toBe(input);
    expect(screen.getByRole('status').textContent).toBe('b.example removed.');
  });
});

describe('CaptureSection', () => {
  it('pauses, switches GET forms off, and edits the list of the chosen site mode', () => {
    const onChange = vi.fn();
    const { rerender } = render(
      <CaptureSection settings={{ ...DEFAULT_SETTINGS, blockedSites: ['ads.example'] }} onChange={onChange} />,
    );
    expect(screen.getByText(/Submissions already saved are still sent/)).toBeTruthy();
    fireEvent.click(screen.getByRole('switch', { name: 'Pause Form Outbox' }));
    expect(onChange).toHaveBeenLastCalledWith({ paused: true });
    fireEvent.click(screen.getByRole('switch', { name: 'Save GET forms (searches, filters)' }));
    expect(onChange).toHaveBeenLastCalledWith({ captureGet: false });

    fireEvent.input(screen.getByLabelText('Add a blocked site'), { target: { value: 'tracker.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(onChange).toHaveBeenLastCalledWith({ blockedSites: ['ads.example', 'tracker.example'] });
    fireEvent.click(screen.getByRole('button', { name: 'Remove ads.example' }));
    expect(onChange).toHaveBeenLastCalledWith({ blockedSites: [] });

    fireEvent.click(screen.getByLabelText('Only on allowed sites'));
    expect(onChange).toHaveBeenLastCalledWith({ siteMode: 'only-allowed' });
    rerender(
      <CaptureSection
        settings={{ ...DEFAULT_SETTINGS, siteMode: 'only-allowed', blockedSites: ['ads.example'] }}
        onChange={onChange}
      />,
    );
    expect(screen.getByText('No allowed sites yet: nothing is saved until you add one.')).toBeTruthy();
    expect(screen.queryByText('ads.example')).toBeNull();
    fireEvent.input(screen.getByLabelText('Add an allowed site'), { target: { value: 'intranet.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(onChange).toHaveBeenLastCalledWith({ allowedSites: ['intranet.example'] });
  });
});
