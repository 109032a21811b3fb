/** Foundation scenarios, in Chromium and Firefox (projects in playwright.config.ts). */
import { test, expect } from './support/browsers';
import { GET_FORM, MULTIPART_FORM, OVERRIDE_FORM, TEXT_PLAIN_FORM, URLENCODED_FORM } from './forms';
import { nativeThenReplayed } from './support/native-vs-replay';
import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';

const NAME = `Zoë "Tech" O'Brien & co. 100% ✓`;
const NOTES = 'Line 1\nLine 2 \u00e9\n\nLine 4 \u{1F527}';

async function fillUrlencoded(page: Page) {
  await page.fill('input[name=name]', NAME);
  await page.fill('textarea[name=notes]', NOTES);
}

test("urlencoded POST: the replay is byte-identical to the browser's own submission", async ({
  context,
  page,
  server,
  network,
}) => {
  const { native } = await nativeThenReplayed(
    context,
    page,
    server,
    {
      formPath: '/form/urlencoded',
      html: URLENCODED_FORM,
      target: '/submit/urlencoded',
      fill: fillUrlencoded,
      submit: (p) => p.click('button[name=action]'),
    },
    network,
  );
  const body = native.body.toString();
  // Sanity of the control: the browser's entry list has what the form says.
  expect(body).toContain('action=save');
  expect(body).toContain('dir.dir=rtl');
  expect(body).toContain('_charset_=UTF-8');
  expect(body).toContain('outside=associated+control');
  expect(body).not.toContain('disabled');
  expect(native.headers.cookie).toBe('session=s3cr3t-session');
});

test('image button: the click coordinates are part of the replay', async ({ context, page, server, network }) => {
  const { native } = await nativeThenReplayed(
    context,
    page,
    server,
    {
      formPath: '/form/image',
      html: URLENCODED_FORM,
      target: '/submit/urlencoded',
      fill: fillUrlencoded,
      submit: (p) => p.click('input[type=image]', { position: { x: 7, y: 5 } }),
    },
    network,
  );
  expect(native.body.toString()).toContain('go.x=7&go.y=5');
});

test('multipart POST with several files (one of 20 MB): byte-identical replay', async ({
  context,
  page,
  server,
  network,
}) => {
  const large = randomBytes(20 * 1024 * 1024);
  const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const { native, replayed } = await nativeThenReplayed(
    context,
    page,
    server,
    {
      formPath: '/form/multipart',
      html: MULTIPART_FORM,
      target: '/submit/multipart',
      fill: async (p) => {
        await p.fill('textarea[name=notes]', 'Seal leaking\nReplace next visit');
        await p.setInputFiles('input[name=photo]', { name: 'pump site.jpg', mimeType: 'image/jpeg', buffer: large });
        await p.setInputFiles('input[name=docs]', [
          { name: 'report "final".bin', mimeType: 'application/octet-stream', buffer: binary },
          { name: 'notes ünï.txt', mimeType: 'text/plain', buffer: Buffer.from('checked\r\nok\n') },
        ]);
      },
      submit: (p) => p.click('button[name=send]'),
    },
    network,
  );
  expect(native.body.length).toBeGreaterThan(20 * 1024 * 1024);
  expect(replayed.body.includes(large)).toBe(true);
  expect(native.body.toString('latin1')).toContain('filename="report %22final%22.bin"');
});

test('text/plain POST: byte-identical replay', async ({ context, page, server, network }) => {
  await nativeThenReplayed(
    context,
    page,
    server,
    {
      formPath: '/form/plain',
      html: TEXT_PLAIN_FORM,
      target: '/submit/plain',
      fill: (p) => p.fill('textarea[name=message]', 'First line\nsecond = line'),
      submit: (p) => p.click('button'),
    },
    network,
  );
});

test('GET form: the replay requests the URL the browser navigated to', async ({ context, page, server, network }) => {
  const { native } = await nativeThenReplayed(
    context,
    page,
    server,
    {
      formPath: '/form/get',
      html: GET_FORM,
      target: '/submit/search',
      fill: (p) => p.fill('input[name=q]', 'seal kit 3/4" & o-ring'),
      submit: (p) => p.click('button'),
    },
    network,
  );
  expect(native.method).toBe('GET');
  expect(native.url).not.toContain('stale');
});

test("submitter overrides: Enter in a field uses the default button's formaction/formmethod/formenctype", async ({
  context,
  page,
  server,
  network,
}) => {
  const { native } = await nativeThenReplayed(
    context,
    page,
    server,
    {
      formPath: '/form/override',
      html: OVERRIDE_FORM,
      target: '/submit/override-multipart',
      fill: (p) => p.fill('input[name=serial]', 'SN-0042'),
      submit: (p) => p.press('input[name=serial]', 'Enter'),
    },
    network,
  );
  expect(native.method).toBe('POST');
  expect(String(native.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
  expect(native.body.toString()).toContain('name="mode"\r\n\r\nmultipart');
});

test('submitter overrides: a second button posts text/plain to its own action', async ({
  context,
  page,
  server,
  network,
}) => {
  await nativeThenReplayed(
    context,
    page,
    server,
    {
      formPath: '/form/override2',
      html: OVERRIDE_FORM,
      target: '/submit/override-plain',
      fill: (p) => p.fill('input[name=serial]', 'SN 0043 & co=é'),
      submit: (p) => p.click('button[value=plain]'),
    },
    network,
  );
});
