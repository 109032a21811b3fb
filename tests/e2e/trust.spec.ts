import { test, expect, notice, readQueue } from './support/extension';

const LOGIN = `<!doctype html><meta charset="utf-8"><title>Sign in</title>
<form method="post" action="/submit/login">
  <input name="user" value="tech42">
  <input type="password" name="pw">
  <button id="login">Sign in</button>
</form>
<form method="post" action="/submit/pay">
  <input name="amount" value="12.50">
  <input name="card" autocomplete="cc-number">
  <button id="pay">Pay</button>
</form>
<form method="post" action="/submit/otp">
  <input name="code" autocomplete="one-time-code">
  <button id="otp">Verify</button>
</form>
<form method="post" action="/submit/note">
  <input name="note">
  <button id="note">Save note</button>
</form>`;

test('forms with passwords, card numbers or one-time codes are never stored; the user is told why (control: a plain form on the same page is)', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  server.page('/login', LOGIN);
  await page.goto(`${server.origin}/login`);
  await page.fill('input[name=pw]', 'hunter2-secret');
  await page.fill('input[name=card]', '4111111111111111');
  await page.fill('input[name=code]', '123456');
  await page.fill('input[name=note]', 'plain note');
  await context.setOffline(true);

  for (const [button, what] of [
    ['#login', 'a password field (pw)'],
    ['#pay', 'a payment card field (card)'],
    ['#otp', 'a one-time code field (code)'],
  ]) {
    await page.click(button);
    await expect(page.getByRole('alert').last()).toContainText(what);
    await expect(page.getByRole('alert').last()).toContainText('never stores passwords');
  }
  expect(page.url()).toBe(`${server.origin}/login`);
  expect(await page.inputValue('input[name=pw]')).toBe('hunter2-secret');

  await page.click('#note');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const rows = await readQueue(context, extensionId);
  expect(rows.map((r) => r.url)).toEqual([`${server.origin}/submit/note`]);
  expect(JSON.stringify(rows)).not.toContain('hunter2');
  expect(JSON.stringify(rows)).not.toContain('4111111111111111');
  expect(JSON.stringify(rows)).not.toContain('123456');
});

test('a submission a page script makes on its own (no user activation) is not queued; the same form submitted by a click is', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  server.page(
    '/auto',
    `<!doctype html><meta charset="utf-8"><title>Auto</title>
    <form method="post" action="/submit/auto"><input name="x" value="forged"><button>Send</button></form>
    <script>
      // The page's own script submits, from a timer (no person involved), once it sees it is offline.
      addEventListener('offline', () => setTimeout(() => document.querySelector('form').requestSubmit(), 300));
    </script>`,
  );
  await page.goto(`${server.origin}/auto`);
  await context.setOffline(true);
  await page.waitForTimeout(1500);
  expect(await readQueue(context, extensionId)).toEqual([]);
  await expect(page.locator('form-outbox-notice')).toHaveCount(0);

  // Control: a person's click on the same form (a fresh page, still offline emulation off then on).
  await context.setOffline(false);
  server.page(
    '/manual',
    `<!doctype html><meta charset="utf-8"><title>Manual</title>
    <form method="post" action="/submit/auto"><input name="x" value="by hand"><button>Send</button></form>`,
  );
  await page.goto(`${server.origin}/manual`);
  await context.setOffline(true);
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');
  const rows = await readQueue(context, extensionId);
  expect(rows.map((r) => r.entries)).toEqual([[{ name: 'x', value: 'by hand' }]]);
});

test('markup a page puts in a form, its title, its field names or its labels is shown as text in the popup, never run (control: it is shown)', async ({
  context,
  page,
  server,
  extensionId,
}) => {
  const payload = `<img src=x onerror="document.title='PWNED'"><script>document.title='PWNED'</script>`;
  server.page(
    '/hostile',
    `<!doctype html><meta charset="utf-8"><title>Order &lt;img src=x onerror=alert(1)&gt;</title>
    <form method="post" action="/submit/hostile"><input name="note&lt;b&gt;">
    <label>Label &lt;img src=x onerror=alert(2)&gt; <b>bold</b> <input name="labelled"></label><button>Send</button></form>`,
  );
  await page.goto(`${server.origin}/hostile`);
  await page.fill('input >> nth=0', payload);
  await context.setOffline(true);
  await page.click('button');
  await expect(notice(page)).toHaveAttribute('data-tone', 'saved');

  const popup = await context.newPage();
  const dialogs: string[] = [];
  popup.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const card = popup.getByTestId('item').first();
  await expect(card).toContainText('Order <img src=x onerror=alert(1)>');
  await card.getByRole('button', { name: 'Details' }).click();
  const details = card.getByTestId('item-details');
  await expect(details).toContainText(payload);
  await expect(details).toContainText('note<b>');
  // The label's text, markup as text (the page's own <b> reduced to its words).
  await expect(details).toContainText('Label <img src=x onerror=alert(2)> bold labelled');
  expect(await popup.title()).toBe('Form Outbox');
  expect(await popup.locator('img, script:not([src]), b').count()).toBe(0);
  expect(dialogs).toEqual([]);
});
