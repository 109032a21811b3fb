// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SensitiveSection } from '@/components/options/SensitiveSection';

afterEach(cleanup);

const LABEL = 'Add a site where sensitive forms may be saved';

function ask(site: string) {
  fireEvent.input(screen.getByLabelText(LABEL), { target: { value: site } });
  fireEvent.click(screen.getByRole('button', { name: 'Add' }));
}

describe('SensitiveSection', () => {
  it('warns what gets stored and recommends encryption before a site is added; only the confirmation adds it', () => {
    const onChange = vi.fn();
    render(<SensitiveSection sites={[]} onChange={onChange} />);
    expect(screen.getByText('None: sensitive forms are never saved.')).toBeTruthy();
    ask('https://bank.example/login');
    const warning = screen.getByRole('alertdialog');
    expect(warning.getAttribute('aria-labelledby')).toBe('sensitive-warning-title');
    expect(screen.getByText('Allow sensitive forms on bank.example?')).toBeTruthy();
    expect(warning.textContent).toContain('including passwords, card numbers and one-time codes exactly as typed');
    expect(warning.textContent).toContain('turn on encryption');
    expect(document.activeElement).toBe(warning);
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toBe(''); // not "added" before the confirmation

    fireEvent.click(screen.getByRole('button', { name: 'Allow on bank.example' }));
    expect(onChange).toHaveBeenCalledWith(['bank.example']);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('cancelling (button or Escape) adds nothing', () => {
    const onChange = vi.fn();
    render(<SensitiveSection sites={['a.example']} onChange={onChange} />);
    ask('b.example');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    ask('c.example');
    fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('removes a site without a warning, and refuses invalid input before any warning', () => {
    const onChange = vi.fn();
    render(<SensitiveSection sites={['a.example', 'b.example']} onChange={onChange} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove a.example' }));
    expect(onChange).toHaveBeenCalledWith(['b.example']);
    ask('http://');
    expect(screen.getByRole('alert').textContent).toContain('is not a site address');
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});
