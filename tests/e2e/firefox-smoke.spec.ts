/**
 * Firefox smoke test: the Firefox build (MV2, persistent background page) installs in Debian's
 * firefox-esr, its popup loads, and an offline submission is captured, shown as saved, replayed
 * byte-identically once the browser is back online, and shown as sent.
 *
 * Build first: `npx wxt build -b firefox` (or FIREFOX_EXTENSION_DIR=<dir>/firefox-mv2).
 */
import { test, expect, firefoxAvailable, FIREFOX_ESR, openExtensionPage, closeExtensionPage } from './support/firefox';
import { URLENCODED_FORM } from './forms';
import { SUBMIT_PREFIX } from './support/form-server';
import { nativeThenReplayed } from './support/native-vs-replay';

// Locally, a machine without Firefox skips; under CI a missing Firefox is a failure (launch throws).
test.skip(
  !firefoxAvailable() && !process.env.CI,
  `Firefox ESR is not installed at ${FIREFOX_ESR} (apt-get install -y firefox-esr); skipping the Firefox specs.`,
);

test.describe('popup', () => {
  test('the add-on installs and its popup loads', async ({ context, extensionOrigin }) => {
    const popup = await openExtensionPage(context, 'popup.html');
    expect(popup.url()).toBe(`${extensionOrigin}/popup.html`);
    await expect(popup.locator('.popup')).toBeVisible();
    // The queue was read from the extension's IndexedDB.
    await expect(popup.locator('main')).toHaveAttribute('aria-busy', 'false');
    await closeExtensionPage(popup);
  });
});

test("offline submission: saved, nothing sent while offline, replayed once online exactly like the browser's own", async ({
  context,
  page,
  server,
  network,
}) => {
  const { native, replayed } = await nativeThenReplayed(
    context,
    page,
    server,
    {
      formPath: '/form/urlencoded',
      html: URLENCODED_FORM,
      target: '/submit/urlencoded',
      fill: async (p) => {
        await p.fill('input[name=name]', `Zoë "Tech" O'Brien & co. 100% ✓`);
        await p.fill('textarea[name=notes]', 'Line 1\nLine 2 \u00e9\n\nLine 4 \u{1F527}');
      },
      submit: (p) => p.click('button[name=action]'),
    },
    network,
  );
  expect(native.body.toString()).toContain('action=save');
  expect(native.headers.cookie).toBe('session=s3cr3t-session');
  expect(replayed.headers.cookie).toBe('session=s3cr3t-session');
  // Nothing but the native submission and the one replay reached the server.
  expect(server.received(SUBMIT_PREFIX)).toHaveLength(2);
});
