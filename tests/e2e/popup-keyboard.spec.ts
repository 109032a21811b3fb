/**
 * The popup with the keyboard alone: Tab reaches "Send now" and an item's actions, each with a
 * visible focus outline; Enter and Space activate them; Escape closes the edit form and gives focus
 * back to the button that opened it. Checked through page.keyboard and document.activeElement, and
 * by what the server received.
 */
import type { Page } from '@playwright/test';
import { test, expect, waitForQueue } from './support/extension';
import { seedItem, seedQueue } from './support/seed';

interface Focused {
  tag: string;
  text: string;
  /** The title of the item the focused element belongs to, if any. */
  item?: string;
  inEditForm: boolean;
  expanded: string | null;
  focusVisible: boolean;
  outline: string;
}

function focused(popup: Page): Promise<Focused> {
  return popup.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body)
      return { tag: 'body', text: '', inEditForm: false, expanded: null, focusVisible: false, outline: 'none' };
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.innerText ?? '').trim(),
      item: el.closest('[data-testid=item]')?.querySelector('.item-title')?.textContent ?? undefined,
      inEditForm: !!el.closest('[data-testid=edit-form]'),
      expanded: el.getAttribute('aria-expanded'),
      focusVisible: el.matches(':focus-visible'),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element is the button `text` (of item `item`). */
async function tabTo(popup: Page, text: string, item?: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    await popup.keyboard.press(key);
    const now = await focused(popup);
    seen.push(`${now.tag}:${now.text}${now.item ? `@${now.item}` : ''}`);
    if (now.text === text && (item === undefined || now.item === item)) return now;
  }
  throw new Error(
    `${key} never reached "${text}"${item ? ` of "${item}"` : ''}; focus went through: ${seen.join(', ')}`,
  );
}

function expectVisibleFocus(state: Focused): void {
  expect(state.focusVisible, `${state.text} matches :focus-visible`).toBe(true);
  expect(state.outline, `${state.text} has an outline`).toMatch(/^(solid|auto|dotted|dashed|double) [1-9]/);
}

test('popup: usable with the keyboard alone', async ({ context, extensionId, server }) => {
  await seedQueue(context, extensionId, [
    seedItem(server.origin, 1, 'failed', '/submit/broken', 'Broken form'),
    seedItem(server.origin, 2, 'pending', '/submit/waiting', 'Waiting form'),
  ]);
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('main')).toHaveAttribute('aria-busy', 'false');
  await expect(popup.getByTestId('count-failed')).toHaveText('1');

  // "Send now" (Enter) sends the waiting item.
  expectVisibleFocus(await tabTo(popup, 'Send now'));
  await popup.keyboard.press('Enter');
  await server.waitForRequests('/submit/waiting', 1);
  await expect(popup.getByTestId('group-pending')).toHaveCount(0);

  // Details (Space) opens the item's details, and stays focused.
  const item = popup.getByTestId('item').filter({ has: popup.locator('.item-title', { hasText: 'Broken form' }) });
  const details = await tabTo(popup, 'Details', 'Broken form');
  expectVisibleFocus(details);
  expect(details.expanded).toBe('false');
  await popup.keyboard.press('Space');
  await expect(item.getByTestId('item-details')).toBeVisible();
  await expect
    .poll(() => focused(popup))
    .toMatchObject({ text: 'Hide details', expanded: 'true', item: 'Broken form' });

  // Edit & retry (Enter) opens the form with focus in its first field; Escape closes it and focus returns.
  expectVisibleFocus(await tabTo(popup, 'Edit & retry', 'Broken form'));
  await popup.keyboard.press('Enter');
  await expect(item.getByTestId('edit-form')).toBeVisible();
  await expect.poll(() => focused(popup)).toMatchObject({ tag: 'input', inEditForm: true });
  await popup.keyboard.press('Escape');
  await expect(item.getByTestId('edit-form')).toHaveCount(0);
  await expect
    .poll(() => focused(popup))
    .toMatchObject({ text: 'Edit & retry', item: 'Broken form', expanded: 'false' });

  // Retry (Space, one Shift+Tab back) sends the failed item.
  expectVisibleFocus(await tabTo(popup, 'Retry', 'Broken form', 'Shift+Tab'));
  await popup.keyboard.press('Space');
  const sent = await server.waitForRequests('/submit/broken', 1);
  expect(sent[0].body.toString()).toBe('n=1');
  await expect(popup.getByTestId('group-failed')).toHaveCount(0);
  await waitForQueue(context, extensionId, (rows) => rows.length === 2 && rows.every((r) => r.status === 'sent'));
});
