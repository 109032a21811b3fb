// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { fillGroup, groupOf, groupsOf, isAsServed, isCleared, isSecret, readGroup } from '@/utils/capture/draft-fields';

const HTML = `
<form id="search" action="/search"><input name="q" value="served query"></form>
<form id="order" action="/submit/order?token=abc" method="post">
  <label for="n">Name</label><input id="n" name="name">
  <textarea name="notes">served notes</textarea>
  <input name="phone"><input name="phone">
  <input type="checkbox" name="tasks" value="inspect"><input type="checkbox" name="tasks" value="repair" checked>
  <input type="radio" name="size" value="s" checked><input type="radio" name="size" value="l">
  <select name="parts" multiple><option>bolt</option><option>nut</option></select>
  <select name="single"><option>a</option><option>b</option></select>
  <input placeholder="unnamed">
  <input type="hidden" name="csrf" value="t0k3n">
  <input type="password" name="pw"><input name="password"><input name="card" autocomplete="cc-number"><input name="cvc"><input name="otp" autocomplete="one-time-code">
  <input type="file" name="photo"><input name="locked" disabled><input name="ro" readonly>
  <button name="go" value="1">Go</button>
</form>
<input name="outside" form="order">
<input name="loose">`;

function order() {
  return document.getElementById('order') as HTMLFormElement;
}

describe('reading a form for a draft', () => {
  it('keeps what a person types, keys each field, and leaves out secrets, hidden fields, files, buttons, disabled and read-only controls', () => {
    document.body.innerHTML = HTML;
    const { form, fields } = readGroup(order());
    expect(fields.map((f) => f.field.key)).toEqual([
      'name',
      'notes',
      'phone',
      'phone~2',
      'tasks',
      'tasks',
      'size',
      'size',
      'parts',
      'single',
      '@t5',
      'outside',
    ]);
    expect(form).toEqual({
      kind: 'form',
      action: `${location.origin}/submit/order`,
      names: ['@t5', 'name', 'notes', 'outside', 'parts', 'phone', 'single', 'size', 'tasks'],
      index: 1,
    });
    expect(fields[0].field).toMatchObject({ kind: 'text', value: '', label: 'Name' });
    expect(fields[5].field).toMatchObject({ kind: 'check', value: 'repair', checked: true });
    expect(fields[10].field).toMatchObject({ label: 'unnamed' });
    const text = JSON.stringify(fields.map((f) => f.field));
    for (const secret of ['pw', 'password', 'card', 'cvc', 'otp', 'csrf', 't0k3n', 'photo', 'locked', '"ro"', 'go'])
      expect(text).not.toContain(secret);
  });

  it('names what counts as a secret whatever its type (a "show password" field is type=text)', () => {
    document.body.innerHTML =
      '<input name="password"><input name="shipping"><input id="user-pin"><input name="passenger"><input name="iban">';
    expect(Array.from(document.querySelectorAll('input')).map(isSecret)).toEqual([true, false, true, false, true]);
  });

  it("puts controls outside any form in the page's group, and ignores what is no control", () => {
    document.body.innerHTML = HTML;
    expect(groupOf(document.querySelector('[name=loose]'))).toBe(document);
    expect(groupOf(document.querySelector('[name=outside]'))).toBe(order());
    // Typing in a secret field marks its form changed; reading the form leaves the secret out.
    expect(groupOf(document.querySelector('[name=pw]'))).toBe(order());
    expect(groupOf(document.body)).toBeUndefined();
    expect(groupOf(document)).toBeUndefined();
    expect(readGroup(document).form).toEqual({ kind: 'page', action: '', names: ['loose'], index: 0 });
    expect(groupsOf(document)).toEqual([document.getElementById('search'), order(), document]);
  });
});

describe('as served, cleared', () => {
  it('is as served until a person changes a value, a box or a choice', () => {
    document.body.innerHTML = HTML;
    const served = new WeakMap<HTMLElement, string>();
    expect(isAsServed(readGroup(order()).fields, served)).toBe(true);
    (document.querySelector('[name=single]') as HTMLSelectElement).value = 'b';
    expect(isAsServed(readGroup(order()).fields, served)).toBe(false);
    document.body.innerHTML = HTML;
    (document.querySelector('[value=inspect]') as HTMLInputElement).checked = true;
    expect(isAsServed(readGroup(order()).fields, served)).toBe(false);
    document.body.innerHTML = HTML;
    (document.querySelector('[name=name]') as HTMLInputElement).value = 'x';
    expect(isAsServed(readGroup(order()).fields, served)).toBe(false);
  });

  it('is cleared when no text is left and boxes and choices are back as served', () => {
    document.body.innerHTML = HTML;
    const notes = document.querySelector('[name=notes]') as HTMLTextAreaElement;
    expect(isCleared(readGroup(order()).fields)).toBe(false); // the served notes are text
    notes.value = '   ';
    expect(isCleared(readGroup(order()).fields)).toBe(true);
    (document.querySelector('[value=inspect]') as HTMLInputElement).checked = true;
    expect(isCleared(readGroup(order()).fields)).toBe(false);
    (document.querySelector('[value=inspect]') as HTMLInputElement).checked = false;
    notes.value = '';
    expect(isCleared(readGroup(order()).fields)).toBe(true);
  });
});

describe('filling a form from a draft', () => {
  it('sets every field and fires input and change for each change', () => {
    document.body.innerHTML = HTML;
    const draft = readGroup(order()).fields.map((f) => f.field);
    const set = (key: string, patch: object) =>
      Object.assign(
        draft.find((f) => f.key === key)!,
        patch,
      );
    set('name', { value: 'Zoë\nÅngström' });
    set('phone~2', { value: '555' });
    set('parts', { selected: ['nut'] });
    Object.assign(
      draft.find((f) => f.kind === 'check' && f.value === 'inspect')!,
      { checked: true },
    );
    Object.assign(
      draft.find((f) => f.kind === 'check' && f.value === 'l')!,
      { checked: true },
    );
    Object.assign(
      draft.find((f) => f.kind === 'check' && f.value === 's')!,
      { checked: false },
    );

    document.body.innerHTML = HTML;
    const events: string[] = [];
    for (const type of ['input', 'change'])
      document.addEventListener(type, (e) => events.push(`${type}:${(e.target as HTMLInputElement).name}`), true);
    expect(fillGroup(order(), draft)).toBe(draft.length);
    expect((document.querySelector('[name=name]') as HTMLInputElement).value).toBe('Zoë\nÅngström'.replace('\n', ''));
    expect((document.querySelectorAll('[name=phone]')[1] as HTMLInputElement).value).toBe('555');
    expect((document.querySelector('[value=inspect]') as HTMLInputElement).checked).toBe(true);
    expect((document.querySelector('[value=l]') as HTMLInputElement).checked).toBe(true);
    expect(
      Array.from((document.querySelector('[name=parts]') as HTMLSelectElement).selectedOptions).map((o) => o.value),
    ).toEqual(['nut']);
    for (const name of ['name', 'phone', 'tasks', 'size', 'parts']) {
      expect(events).toContain(`input:${name}`);
      expect(events).toContain(`change:${name}`);
    }
    // Unchanged fields are left alone (no events for them).
    expect(events).not.toContain('input:notes');
    // A field the page no longer has is skipped.
    expect(fillGroup(order(), [{ key: 'gone', kind: 'text', value: 'x' }])).toBe(0);
  });
});
