/**
 * Drafts (issue 17, docs/drafts.md) in Chromium and Firefox: what a person types is kept before
 * Submit and can be restored on the same page; a delivered submission leaves no draft.
 */
import { test, expect } from './support/browsers';
import { draftPage, draftPrompt, drafts, expectOffered, typeInto, waitForDrafts } from './support/drafts';

const NOTES = 'Pumpe läuft heiß — 温度 85 °C\nzweite Zeile: ✓ geprüft\n\n  eingerückt';
const NAME = 'Zoë Ångström';

test('type, close the tab, reopen: the prompt restores every value exactly and fires input and change', async ({ context, page, server, ext }) => {
  server.page('/form', draftPage('Work order'));
  await page.goto(`${server.origin}/form`);
  await typeInto(page, 'input[name=name]', NAME);
  await typeInto(page, 'textarea[name=notes]', NOTES);
  await page.selectOption('select[name=priority]', 'high');
  await page.check('input[name=urgent]');
  await page.check('input[value=night]');
  await typeInto(page, '#editor', 'Kommentar ünd mehr');
  await waitForDrafts(ext, (rows) => rows.length === 2 && rows.some((r) => r.fields.some((f) => f.value === NOTES)) && rows.some((r) => r.fields.some((f) => f.text === 'Kommentar ünd mehr')));
  await page.close();

  const again = await context.newPage();
  await again.goto(`${server.origin}/form`);
  await expectOffered(again, 'Kommentar ünd mehr');
  await expect(draftPrompt(again)).toContainText('1 more form');
  await expect(again.locator('textarea[name=notes]')).toHaveValue('');
  await draftPrompt(again).getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(again.locator('input[name=name]')).toHaveValue(NAME);
  await expect(again.locator('textarea[name=notes]')).toHaveValue(NOTES);
  await expect(again.locator('select[name=priority]')).toHaveValue('high');
  await expect(again.locator('input[name=urgent]')).toBeChecked();
  await expect(again.locator('input[value=night]')).toBeChecked();
  await expect(again.locator('#editor')).toHaveText('Kommentar ünd mehr');
  await expect(draftPrompt(again)).toHaveCount(0);
  const seen = await again.evaluate(() => (window as any).seen as string[]);
  for (const name of ['name', 'notes', 'priority', 'urgent']) {
    expect(seen).toContain(`input:${name}`);
    expect(seen).toContain(`change:${name}`);
  }
  expect(await drafts(ext)).toHaveLength(2);
});
