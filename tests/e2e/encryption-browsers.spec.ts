/**
 * Encryption at rest in both browsers: turned on in the settings page, a capture is stored sealed;
 * locked ("Lock now"), nothing is sent even online; the popup's unlock (after a wrong passphrase is
 * refused) lets it go, once, as typed. encryption.spec.ts (Chromium) adds the browser restart and
 * the bytes on disk.
 */
import { test, expect, notice } from './support/browsers';
import { openOptions } from './options-page';
import { simpleForm } from './forms';
import { unlockInPopup } from './support/locked-popup';

const PASSPHRASE = 'field kit 2026 passphrase';

test('encryption: a capture is stored sealed; while locked nothing is sent; unlocked in the popup it is delivered once (controls: a wrong passphrase, the unlocked send)', async ({
  page,
  server,
  ext,
  network,
}) => {
  server.page('/form', simpleForm('/submit/sealed'));
  const options = await openOptions(ext);
  const section = options.getByTestId('encryption');
  await section.getByLabel('New passphrase', { exact: true }).fill(PASSPHRASE);
  await section.getByLabel('Repeat the new passphrase').fill(PASSPHRASE);
  await section.getByRole('button', { name: 'Turn on encryption' }).click();
  await expect(section.getByRole('status')).toContainText('Encryption is on');

  await page.goto(`${server.origin}/form`);
  await network.offline();
  await page.fill('input[name=item]', 'sealed note');
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const [row] = await ext.readQueue();
  expect(row.entries).toEqual([]); // sealed: no field is readable in the stored record
  expect(JSON.stringify(row)).not.toContain('sealed note');

  await section.getByRole('button', { name: 'Lock now' }).click();
  await expect(section.getByRole('status')).toContainText('Locked');
  await network.online();
  const popup = await ext.open('popup.html');
  await unlockInPopup(popup, server, '/submit/sealed', PASSPHRASE, ['item=sealed+note']);
});
