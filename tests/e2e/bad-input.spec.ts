import { test, expect, notice, readQueue, submitAndExpectNotice } from './support/extension';
import type { Page } from '@playwright/test';

async function submitOffline(page: Page, selector = 'button') {
  await page.context().setOffline(true);
  await page.click(selector);
}

test('a form with 5,000 fields and 5 MB of text is captured and replayed exactly', async ({
  context,
  page,
  server,
}) => {
  const inputs = Array.from({ length: 5000 }, (_, i) => `<input name="f${i}" value="v${i} ü&">`).join('');
  server.page(
    '/big',
    `<!doctype html><meta charset="utf-8"><title>Big</title>
    <form method="post" action="/submit/big">${inputs}<textarea name="essay"></textarea><button>Send</button></form>`,
  );
  await page.goto(`${server.origin}/big`);
  await page
    .locator('textarea')
    .evaluate((t: HTMLTextAreaElement) => (t.value = 'Lorem ipsum dolor sit amet\n'.repeat(200_000)));
  await submitOffline(page);
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved', { timeout: 60_000 });
  await context.setOffline(false);
  const [received] = await server.waitForRequests('/submit/big', 1, 60_000);
  const body = received.body.toString();
  expect(body.startsWith('f0=v0+%C3%BC%26&f1=v1+%C3%BC%26')).toBe(true);
  expect(body).toContain('f4999=v4999+%C3%BC%26&essay=Lorem+ipsum');
  expect(received.body.length).toBe(Buffer.byteLength(body));
  expect(body.split('&')).toHaveLength(5001);
  expect(body.endsWith('amet%0D%0A')).toBe(true);
});

test('odd forms: an iframe form is captured in its frame; target=_blank is captured; a form the page removes on submit is still saved', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  server.page(
    '/inner',
    `<!doctype html><meta charset="utf-8"><form method="post" action="/submit/iframe"><input name="where" value="iframe"><button>Go</button></form>`,
  );
  server.page(
    '/outer',
    `<!doctype html><meta charset="utf-8"><title>Outer</title>
    <iframe src="/inner" style="width:400px;height:120px"></iframe>
    <form method="post" action="/submit/blank" target="_blank"><input name="where" value="blank"><button id="blank">New tab</button></form>
    <form id="vanish" method="post" action="/submit/vanish"><input name="where" value="vanish"><button id="vanishing">Vanish</button></form>
    <script>document.getElementById('vanish').addEventListener('submit', (e) => e.target.replaceWith(Object.assign(document.createElement('p'), { textContent: 'Submitting…' })));</script>`,
  );
  await page.goto(`${server.origin}/outer`);
  await context.setOffline(true);
  await page.frameLocator('iframe').locator('button').click();
  await expect(page.frameLocator('iframe').locator('form-outbox-notice')).toHaveAttribute('data-tone', 'saved');
  await submitAndExpectNotice(page, () => page.click('#blank'));
  await submitAndExpectNotice(page, () => page.click('#vanishing'));
  await expect(page.locator('form-outbox-notice')).toHaveCount(1);
  expect(context.pages()).toHaveLength(1); // no tab opened onto an error page
  const rows = await readQueue(context, extensionId);
  expect(rows.map((r) => [new URL(r.url).pathname, r.entries[0].value])).toEqual([
    ['/submit/iframe', 'iframe'],
    ['/submit/blank', 'blank'],
    ['/submit/vanish', 'vanish'],
  ]);
  await context.setOffline(false);
  await server.waitForRequests('/submit/', 3);
});

test('forms that cannot be reproduced are refused with a clear message and keep their data; dialog forms are left alone', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  server.page(
    '/odd',
    `<!doctype html><meta charset="utf-8"><title>Odd</title>
    <form method="post" action="/submit/latin" accept-charset="ISO-8859-1"><input name="name" value="Zoë"><button id="latin">Latin-1</button></form>
    <form method="post" action="http://exa mple.invalid:99999/x"><input name="bad" value="url"><button id="badurl">Bad URL</button></form>
    <form method="post" action="mailto:someone@example.com"><input name="m" value="1"><button id="mailto">Mail</button></form>
    <dialog open><form method="dialog"><input name="d" value="1"><button id="dialog">Close</button></form></dialog>`,
  );
  await page.goto(`${server.origin}/odd`);
  await context.setOffline(true);
  await page.click('#latin');
  await expect(page.getByRole('alert').last()).toContainText('windows-1252');
  await page.click('#badurl');
  await expect(page.getByRole('alert').last()).toContainText('not a valid URL');
  expect(await page.inputValue('input[name=name]')).toBe('Zoë');
  await page.click('#dialog');
  await expect(page.locator('dialog')).not.toHaveAttribute('open');
  expect(await readQueue(context, extensionId)).toEqual([]);
  expect(page.url()).toBe(`${server.origin}/odd`);
});
