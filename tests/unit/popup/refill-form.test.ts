// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { findForm, refillForm } from '@/utils/capture/refill-form';

const HTML = `
<form id="search" action="/search" method="get"><input name="q"></form>
<form id="order" action="/submit/order" method="post">
  <input name="item"><textarea name="notes"></textarea>
  <input type="hidden" name="csrf" value="fresh">
  <input type="checkbox" name="tasks" value="inspect"><input type="checkbox" name="tasks" value="repair" checked>
  <input type="radio" name="size" value="s" checked><input type="radio" name="size" value="l">
  <select name="parts" multiple><option>bolt</option><option>nut</option><option>washer</option></select>
  <input name="phone"><input name="phone">
  <button name="action" value="save">Save</button>
</form>`;

describe('refillForm', () => {
  it('fills the form whose action matches, leaving hidden fields and buttons alone', () => {
    document.body.innerHTML = HTML;
    const changes: string[] = [];
    document.addEventListener('change', (e) => changes.push((e.target as HTMLInputElement).name));
    const result = refillForm(document, {
      action: `${location.origin}/submit/order`,
      entries: [
        { name: 'item', value: 'widget' },
        { name: 'notes', value: 'a\nb' },
        { name: 'csrf', value: 'stale' },
        { name: 'tasks', value: 'inspect' },
        { name: 'size', value: 'l' },
        { name: 'parts', value: 'bolt' },
        { name: 'parts', value: 'washer' },
        { name: 'phone', value: '1' },
        { name: 'phone', value: '2' },
        { name: 'action', value: 'save' },
      ],
    });
    expect(result.found).toBe(true);
    const form = document.getElementById('order') as HTMLFormElement;
    const value = (selector: string) => (form.querySelector(selector) as HTMLInputElement).value;
    expect(value('[name=item]')).toBe('widget');
    expect(value('[name=notes]')).toBe('a\nb');
    expect(value('[name=csrf]')).toBe('fresh');
    expect((form.querySelector('[value=inspect]') as HTMLInputElement).checked).toBe(true);
    expect((form.querySelector('[value=repair]') as HTMLInputElement).checked).toBe(false);
    expect((form.querySelector('[value=l]') as HTMLInputElement).checked).toBe(true);
    expect(Array.from((form.querySelector('select') as HTMLSelectElement).selectedOptions).map((o) => o.value)).toEqual(
      ['bolt', 'washer'],
    );
    expect(Array.from(form.querySelectorAll<HTMLInputElement>('[name=phone]')).map((i) => i.value)).toEqual(['1', '2']);
    expect(value('button')).toBe('save');
    expect(changes).toContain('item');
  });

  it('falls back to the form with matching names, and reports when none matches', () => {
    document.body.innerHTML = HTML;
    expect(findForm(document, 'https://elsewhere.example/x', new Set(['q']))?.id).toBe('search');
    expect(refillForm(document, { action: '/x', entries: [{ name: 'nothing', value: '1' }] })).toEqual({
      found: false,
      filled: 0,
    });
  });
});
