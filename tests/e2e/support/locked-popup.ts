import { expect, type Page } from '@playwright/test';
import type { FormServer } from './form-server';

/**
 * In a popup showing the vault locked: "Send now" sends nothing, a wrong passphrase is refused (still
 * nothing sent), the right one unlocks. Then waits for `expectedBodies` at `target`, in that order,
 * and checks that nothing more arrives.
 */
export async function unlockInPopup(
  popup: Page,
  server: FormServer,
  target: string,
  passphrase: string,
  expectedBodies: string[],
): Promise<void> {
  await expect(popup.getByRole('heading', { name: 'Locked' })).toBeVisible();
  await popup.getByRole('button', { name: 'Send now' }).click();
  await popup.waitForTimeout(5_000);
  expect(server.received(target)).toHaveLength(0);

  await popup.getByLabel('Passphrase').fill('not the passphrase');
  await popup.getByRole('button', { name: 'Unlock' }).click();
  await expect(popup.getByText('That passphrase is not right.')).toBeVisible();
  expect(server.received(target)).toHaveLength(0);
  await popup.getByLabel('Passphrase').fill(passphrase);
  await popup.getByRole('button', { name: 'Unlock' }).click();
  await expect(popup.getByRole('heading', { name: 'Locked' })).toHaveCount(0);
  const received = await server.waitForRequests(target, expectedBodies.length, 60_000);
  expect(received.map((r) => r.body.toString())).toEqual(expectedBodies);
  await popup.waitForTimeout(1_000);
  expect(server.received(target)).toHaveLength(expectedBodies.length);
}
