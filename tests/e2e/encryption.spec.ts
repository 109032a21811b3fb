import {
  test,
  expect,
  closeWhileOffline,
  launchWithExtension,
  readQueue,
  serviceWorker,
  submitAndExpectNotice,
} from './support/extension';
import { startFormServer } from './support/form-server';
import { simpleForm } from './forms';
import { unlockInPopup } from './support/locked-popup';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';

const PASSPHRASE = 'field kit 2026 passphrase';

/** True when `marker` appears in any file of the extension's IndexedDB on disk (LevelDB files and blob files). */
function onDisk(profile: string, extensionId: string, marker: string): boolean {
  const root = path.join(profile, 'Default', 'IndexedDB');
  const needle = Buffer.from(marker, 'latin1');
  const walk = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return fs.readFileSync(full).includes(needle);
    });
  const dirs = fs.existsSync(root) ? fs.readdirSync(root).filter((name) => name.includes(extensionId)) : [];
  expect(dirs.length).toBeGreaterThan(0);
  return dirs.some((name) => walk(path.join(root, name)));
}

async function submitOffline(page: Page, value: string) {
  await page.fill('input[name=item]', value);
  await submitAndExpectNotice(page, () => page.click('button'));
}

async function openExtensionPage(context: BrowserContext, extensionId: string, file: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${file}`);
  return page;
}

test('with a passphrase, captures are encrypted on disk; after a browser restart nothing is sent until the popup is unlocked (controls: plaintext before, delivery after)', async () => {
  test.setTimeout(180_000);
  const server = await startFormServer();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-vault-'));
  const nonce = Math.random().toString(36).slice(2, 10);
  const before = `plainbefore${nonce}`;
  const after = `sealedafter${nonce}`;
  try {
    server.page('/form', simpleForm('/submit/vault'));
    let context = await launchWithExtension(profile);
    let page = context.pages()[0] ?? (await context.newPage());
    const extensionId = new URL((await serviceWorker(context)).url()).host;
    await page.goto(`${server.origin}/form`);
    await context.setOffline(true);

    // Control: without encryption, what the user typed is on disk as it is.
    await submitOffline(page, before);
    await expect.poll(() => onDisk(profile, extensionId, before), { timeout: 10_000 }).toBe(true);

    // Turn encryption on in the settings page.
    const options = await openExtensionPage(context, extensionId, 'options.html');
    const section = options.getByTestId('encryption');
    await section.getByLabel('New passphrase', { exact: true }).fill(PASSPHRASE);
    await section.getByLabel('Repeat the new passphrase').fill(PASSPHRASE);
    await section.getByRole('button', { name: 'Turn on encryption' }).click();
    await expect(section.getByRole('status')).toContainText('Encryption is on');
    await options.close();

    // A capture made now is sealed: nothing readable in the queue, nothing on disk.
    await submitOffline(page, after);
    const rows = await readQueue(context, extensionId);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.entries.length === 0)).toBe(true);
    expect(rows.map((r) => r.url)).toEqual([`${server.origin}/submit/vault`, `${server.origin}/submit/vault`]);
    await page.waitForTimeout(500);
    expect(onDisk(profile, extensionId, after)).toBe(false);
    expect(server.received('/submit/vault')).toHaveLength(0); // offline throughout: nothing was sent
    await closeWhileOffline(context, server);

    // Browser restart, online: the vault is locked, so nothing leaves.
    context = await launchWithExtension(profile);
    page = context.pages()[0] ?? (await context.newPage());
    await serviceWorker(context);
    const popup = await openExtensionPage(context, extensionId, 'popup.html');
    await expect(popup.getByText('2 encrypted submissions wait for your passphrase')).toBeVisible();
    // A wrong passphrase is refused; the right one unlocks and both are delivered once, as typed.
    await unlockInPopup(popup, server, '/submit/vault', PASSPHRASE, [`item=${before}`, `item=${after}`]);
    await context.close();
  } finally {
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
