/**
 * The core end-to-end check: submit a form online and record what the server received; submit the
 * same form offline, see the notice, go online, and assert the server received the same request,
 * exactly once.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, notice } from './extension';
import { comparable, type FormServer, type RecordedRequest } from './form-server';

export interface Scenario {
  /** Path of the form page on the server. */
  formPath: string;
  html: string;
  /** Path prefix of the submission's target. */
  target: string;
  fill(page: Page): Promise<void>;
  submit(page: Page): Promise<void>;
}

/** Takes the browser (pages and the extension's background) offline and back. */
export interface NetworkSwitch {
  offline(): Promise<void>;
  online(): Promise<void>;
}

/** Chromium: emulation reaches pages, content scripts and the extension's service worker. */
export const emulatedNetwork = (context: BrowserContext): NetworkSwitch => ({
  offline: () => context.setOffline(true),
  online: () => context.setOffline(false),
});

export async function nativeThenReplayed(
  context: BrowserContext,
  page: Page,
  server: FormServer,
  scenario: Scenario,
  network: NetworkSwitch = emulatedNetwork(context),
): Promise<{ native: RecordedRequest; replayed: RecordedRequest }> {
  server.page(scenario.formPath, scenario.html, { 'set-cookie': 'session=s3cr3t-session; Path=/; SameSite=Lax' });
  const formUrl = `${server.origin}${scenario.formPath}`;

  await page.goto(formUrl);
  await scenario.fill(page);
  // The first touch has the capture code injected; once it is there the browser submits on its own
  // (a submission made before it is kept back and given back by the form's submit(), which cannot
  // repeat Chromium's text/plain label quirk: flaky-link.spec.ts covers that path).
  await page.waitForTimeout(1_000);
  await scenario.submit(page);
  const [native] = await server.waitForRequests(scenario.target, 1);
  await page.waitForURL(/\/thanks(#.*)?$/);

  await page.goto(formUrl);
  await scenario.fill(page);
  await network.offline();
  await scenario.submit(page);
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  expect(page.url()).toBe(formUrl);
  expect(server.received(scenario.target)).toHaveLength(1);

  await network.online();
  const [, replayed] = await server.waitForRequests(scenario.target, 2);
  await expect(notice(page)).toHaveAttribute('data-tone', 'sent');
  // Exactly once: nothing else arrives after the replay.
  await page.waitForTimeout(1500);
  expect(server.received(scenario.target)).toHaveLength(2);
  expect(comparable(replayed)).toEqual(comparable(native));
  return { native, replayed };
}
