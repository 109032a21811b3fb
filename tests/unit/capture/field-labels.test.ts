// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fieldLabelsOf } from '@/utils/capture/field-labels';
import { resolveSubmission } from '@/utils/capture/resolve-submission';
import { MAX_LABEL_CHARS } from '@/utils/core/field-labels';

function formOf(html: string): HTMLFormElement {
  document.body.innerHTML = html;
  return document.querySelector('form')!;
}

function labels(html: string, names?: string[]): Record<string, string> {
  const form = formOf(html);
  const submitted = names ?? Array.from(form.querySelectorAll('[name]')).map((el) => el.getAttribute('name')!);
  return Object.fromEntries(fieldLabelsOf(form, submitted).map(({ name, label }) => [name, label]));
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('fieldLabelsOf: where a label comes from', () => {
  it('takes <label for>, then a wrapping <label>', () => {
    expect(
      labels(
        '<form><label for="e">Email address</label><input id="e" name="fld_1"><label>Site code <input name="fld_2"></label></form>',
      ),
    ).toEqual({ fld_1: 'Email address', fld_2: 'Site code' });
  });

  it("leaves the text of controls inside the label out (a select's options)", () => {
    expect(
      labels(
        '<form><label>Priority <select name="p"><option>low</option><option>high</option></select></label></form>',
      ),
    ).toEqual({ p: 'Priority' });
  });

  it('then aria-label, then aria-labelledby, then placeholder, then title', () => {
    expect(
      labels(`<form>
      <input name="a" aria-label="Search terms">
      <span id="l1">Delivery</span><span id="l2">date</span><input name="b" aria-labelledby="l1 l2">
      <input name="c" placeholder="Your phone">
      <input name="d" title="Order number">
    </form>`),
    ).toEqual({ a: 'Search terms', b: 'Delivery date', c: 'Your phone', d: 'Order number' });
  });

  it('prefers the visible label to aria-label and placeholder', () => {
    expect(
      labels('<form><label for="x">Name</label><input id="x" name="n" aria-label="aria" placeholder="ph"></form>'),
    ).toEqual({ n: 'Name' });
  });

  it('then the text just before the field (a table cell, a text node)', () => {
    expect(
      labels(
        '<form><table><tr><td>Quantity</td><td><input name="qty"></td></tr></table> Comment: <input name="c"></form>',
      ),
    ).toEqual({ qty: 'Quantity', c: 'Comment:' });
    expect(labels('<form>Real<script>var fake = "Fake"</script><input name="s"></form>')).toEqual({ s: 'Real' });
  });

  it('does not take the text before another field as its own', () => {
    expect(labels('<form>First <input name="a"><input name="b"></form>')).toEqual({ a: 'First' });
  });

  it('names a radio group or a list of checkboxes by its legend or group label, never by one option', () => {
    expect(
      labels(`<form>
      <fieldset><legend>Size</legend><label><input type="radio" name="size" value="s"> Small</label><label><input type="radio" name="size" value="l"> Large</label></fieldset>
      <div role="radiogroup" aria-label="Colour"><input type="radio" name="colour" value="r"><input type="radio" name="colour" value="b"></div>
      <label><input type="radio" name="loose" value="1"> One</label><label><input type="radio" name="loose" value="2"> Two</label>
      <label><input type="checkbox" name="urgent" value="yes"> Urgent</label>
    </form>`),
    ).toEqual({ size: 'Size', colour: 'Colour', urgent: 'Urgent' });
  });

  it("uses a fieldset's legend for a lone field in it only", () => {
    expect(
      labels(`<form>
      <fieldset><legend>Notes</legend><textarea name="notes"></textarea></fieldset>
      <fieldset><legend>Address</legend><input name="street"><input name="city"></fieldset>
    </form>`),
    ).toEqual({ notes: 'Notes' });
  });

  it('gives hidden fields none, and a submit button its text', () => {
    expect(
      labels(
        '<form><input type="hidden" name="csrf" value="t"><button name="action" value="save">Save draft</button><input type="submit" name="go" value="Send now"></form>',
      ),
    ).toEqual({ action: 'Save draft', go: 'Send now' });
  });

  it('keeps only the names submitted, once each, in their order', () => {
    const form = formOf(
      '<form><label>B <input name="b"></label><label>A <input name="a"></label><label>C <input name="c"></label></form>',
    );
    expect(fieldLabelsOf(form, ['c', 'a', 'c'])).toEqual([
      { name: 'c', label: 'C' },
      { name: 'a', label: 'A' },
    ]);
  });

  it('leaves out a label that only repeats the name', () => {
    expect(labels('<form><label>email <input name="email"></label></form>')).toEqual({});
  });
});

describe('fieldLabelsOf: the page is hostile', () => {
  it('reads text only: markup, scripts and hidden parts stay out', () => {
    expect(
      labels(
        '<form><label>Name <b>here</b><script>alert(1)</script><span hidden>secret</span><span aria-hidden="true">*</span><img src=x onerror="x()"> <input name="n"></label></form>',
      ),
    ).toEqual({ n: 'Name here' });
  });

  it('collapses whitespace, drops bidi overrides and controls, and caps the length', () => {
    const long = 'word '.repeat(200);
    const got = labels(
      `<form><label>  Na\u202Eme\u0007\n\t here </label><input name="a" aria-labelledby=""><label>${long}<input name="b"></label></form>`,
      ['b'],
    );
    expect(Array.from(got.b)).toHaveLength(MAX_LABEL_CHARS);
    expect(got.b.endsWith('\u2026')).toBe(true);
    const form = formOf('<form><label>  Na\u202Eme\u0007\n\t here <input name="a"></label></form>');
    expect(fieldLabelsOf(form, ['a'])).toEqual([{ name: 'a', label: 'Na me here' }]);
  });

  it('reads the form\'s controls even when one is named "elements"', () => {
    expect(
      labels('<form><label>List <input name="elements"></label><label>Other <input name="other"></label></form>'),
    ).toEqual({ elements: 'List', other: 'Other' });
  });
});

describe('resolveSubmission carries the labels', () => {
  it('with the submission, for the fields submitted', () => {
    const form = formOf(
      '<form method="post" action="https://shop.example/orders"><label for="q">Quantity</label><input id="q" name="fld_q" value="3"><input type="hidden" name="t" value="x"><button name="go" value="1">Order</button></form>',
    );
    const resolution = resolveSubmission(form, form.querySelector('button'));
    expect(resolution.ok && resolution.submission.fieldLabels).toEqual([
      { name: 'fld_q', label: 'Quantity' },
      { name: 'go', label: 'Order' },
    ]);
  });

  it('with none for a form without labels', () => {
    const form = formOf('<form method="post" action="https://shop.example/orders"><input name="q" value="3"></form>');
    const resolution = resolveSubmission(form, null);
    expect(resolution.ok && 'fieldLabels' in resolution.submission).toBe(false);
  });
});
