// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HistorySection } from '@/components/options/HistorySection';
import { StorageSection } from '@/components/options/StorageSection';
import { DEFAULT_SETTINGS, KEEP_SENT_CHOICES_MS } from '@/utils/core/settings';
import { formatBytes } from '@/utils/core/format-bytes';
import { durationChoices, durationLabel } from '@/utils/options/format';

afterEach(cleanup);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const optionTexts = (select: HTMLElement) => [...(select as HTMLSelectElement).options].map((o) => o.textContent);

describe('duration labels', () => {
  it('names durations in the largest exact unit', () => {
    expect(durationLabel(0, "Don't keep")).toBe("Don't keep");
    expect(durationLabel(DAY)).toBe('1 day');
    expect(durationLabel(3 * DAY)).toBe('3 days');
    expect(durationLabel(30 * DAY)).toBe('30 days');
    expect(durationLabel(HOUR)).toBe('1 hour');
    expect(durationLabel(36 * HOUR)).toBe('36 hours');
    expect(durationLabel(90 * MINUTE)).toBe('90 minutes');
    expect(durationLabel(MINUTE)).toBe('1 minute');
    expect(durationLabel(10_000)).toBe('10 seconds');
    expect(durationLabel(1_000)).toBe('1 second');
    expect(durationLabel(1_500)).toBe('2 seconds');
  });

  it('offers the standard choices, plus a stored non-standard value as its own entry, in order, default marked', () => {
    expect(durationChoices(KEEP_SENT_CHOICES_MS, 3 * DAY, 3 * DAY, "Don't keep").map((c) => c.label)).toEqual([
      "Don't keep",
      '1 day',
      '3 days (default)',
      '7 days',
      '30 days',
    ]);
    expect(
      durationChoices(KEEP_SENT_CHOICES_MS, 36 * HOUR, 3 * DAY, "Don't keep").map((c) => [c.value, c.label]),
    ).toEqual([
      [0, "Don't keep"],
      [DAY, '1 day'],
      [36 * HOUR, '36 hours'],
      [3 * DAY, '3 days (default)'],
      [7 * DAY, '7 days'],
      [30 * DAY, '30 days'],
    ]);
  });
});

describe('HistorySection', () => {
  it('shows both menus with the stored values and says failed items are kept', () => {
    const onChange = vi.fn();
    render(<HistorySection settings={{ ...DEFAULT_SETTINGS, keepSentMs: 36 * HOUR }} onChange={onChange} />);
    const keep = screen.getByLabelText('Keep sent submissions for') as HTMLSelectElement;
    expect(optionTexts(keep)).toEqual(["Don't keep", '1 day', '36 hours', '3 days (default)', '7 days', '30 days']);
    expect(keep.value).toBe(String(36 * HOUR));
    const retry = screen.getByLabelText('Keep retrying a failed send for') as HTMLSelectElement;
    expect(optionTexts(retry)).toEqual(['1 hour', '1 day', '3 days (default)', '7 days', '30 days']);
    expect(retry.value).toBe(String(DEFAULT_SETTINGS.retryWindowMs));
    expect(screen.getByText(/stay in the popup until you retry or discard them/)).toBeTruthy();

    fireEvent.change(keep, { target: { value: '0' } });
    expect(onChange).toHaveBeenLastCalledWith({ keepSentMs: 0 });
    fireEvent.change(retry, { target: { value: String(7 * DAY) } });
    expect(onChange).toHaveBeenLastCalledWith({ retryWindowMs: 7 * DAY });
  });
});

describe('StorageSection', () => {
  it('formats bytes for people', () => {
    expect(formatBytes(0, 'en')).toBe('0 bytes');
    expect(formatBytes(812, 'en')).toBe('812 bytes');
    expect(formatBytes(1_234_567, 'en')).toBe('1.2 MB');
    expect(formatBytes(83_100_000_000, 'en')).toBe('83.1 GB');
    expect(formatBytes(250_000_000, 'en')).toBe('250 MB');
  });

  it('shows the bytes used, the quota when known, and the submissions per state', () => {
    const onRefresh = vi.fn();
    const counts = { pending: 2, sending: 1, failed: 4, sent: 5 };
    const { rerender } = render(
      <StorageSection locale="en" usage={{ counts, usage: 1_500_000, quota: 2_000_000_000 }} onRefresh={onRefresh} />,
    );
    expect(screen.getByTestId('storage-used').textContent).toBe('1.5 MB');
    expect(screen.getByTestId('storage-quota').textContent).toBe('2 GB');
    expect(screen.getByTestId('count-waiting').textContent).toBe('3');
    expect(screen.getByTestId('count-failed').textContent).toBe('4');
    expect(screen.getByTestId('count-sent').textContent).toBe('5');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(onRefresh).toHaveBeenCalled();

    rerender(<StorageSection locale="en" usage={{ counts }} onRefresh={onRefresh} />);
    expect(screen.getByTestId('storage-used').textContent).toBe('Not reported by the browser');
    expect(screen.queryByTestId('storage-quota')).toBeNull();

    rerender(<StorageSection locale="en" onRefresh={onRefresh} />);
    expect(screen.getByText('Checking…')).toBeTruthy();
  });
});
