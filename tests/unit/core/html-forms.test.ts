import { describe, expect, it } from 'vitest';
import { decodeEntities, extractForms } from '@/utils/core/html-forms';

const PAGE = 'https://app.example/notes/new?draft=1';

describe('decodeEntities', () => {
  it('decodes named, decimal and hex references', () => {
    expect(decodeEntities('a&amp;b &lt;&gt; &quot;&#39;&#x2F;&#47; &nbsp;')).toBe('a&b <> "\'// \u00a0');
  });
  it('leaves unknown references and lone ampersands as written', () => {
    expect(decodeEntities('&bogus; & x &AMP;')).toBe('&bogus; & x &');
  });
  it('replaces out-of-range code points', () => {
    expect(decodeEntities('&#xD800;&#1114112;')).toBe('\ufffd\ufffd');
  });
});

describe('extractForms', () => {
  it('reads a form: resolved action, method, controls with types and values', () => {
    const { forms } = extractForms(
      `<form method=POST action="/notes"><input type="hidden" name="_csrf" value="t&amp;1">
      <INPUT NAME=title value='a "quoted" title'><textarea name="text">hello <b>not a tag</b></textarea>
      <select name="kind"><option>a</select><button name="save" value="1">Save</button><input type=checkbox name=x disabled></form>`,
      PAGE,
    );
    expect(forms).toHaveLength(1);
    expect(forms[0].action).toBe('https://app.example/notes');
    expect(forms[0].method).toBe('POST');
    expect(forms[0].fields.map((f) => [f.name, f.type, f.value, f.disabled])).toEqual([
      ['_csrf', 'hidden', 't&1', false],
      ['title', 'text', 'a "quoted" title', false],
      // A textarea's text is its value (markup in it is text).
      ['text', 'textarea', 'hello <b>not a tag</b>', false],
      ['kind', 'select', '', false],
      ['save', 'submit', '1', false],
      ['x', 'checkbox', '', true],
    ]);
  });

  it('an empty or missing action is the document URL; method defaults to GET', () => {
    const { forms } = extractForms('<form><input name=a></form><form action=""></form><form action="  "></form>', PAGE);
    expect(forms.map((f) => [f.action, f.method])).toEqual([
      [PAGE, 'GET'],
      [PAGE, 'GET'],
      [PAGE, 'GET'],
    ]);
  });

  it('resolves against <base href>', () => {
    const { forms } = extractForms(
      '<head><base href="https://cdn.example/app/"></head><form action="save" method="post"></form>',
      PAGE,
    );
    expect(forms[0].action).toBe('https://cdn.example/app/save');
  });

  it('skips comments, scripts, styles and templates', () => {
    const html = `<!-- <form action="/commented"><input type=hidden name=a value=1></form> -->
      <script>document.write('<form action="/scripted"><input name=b></form>')</script>
      <style>form::before { content: "<form>" }</style>
      <template><form action="/inert"></form></template>
      <form action="/real" method="post"><input type="hidden" name="c" value="3"></form>`;
    const { forms } = extractForms(html, PAGE);
    expect(forms.map((f) => f.action)).toEqual(['https://app.example/real']);
    expect(forms[0].fields.map((f) => f.name)).toEqual(['c']);
  });

  it('ignores a form start tag inside an open form, as the HTML parser does', () => {
    const { forms } = extractForms(
      '<form action="/outer"><input name=a><form action="/inner"><input name=b></form><input name=c>',
      PAGE,
    );
    expect(forms).toHaveLength(1);
    expect(forms[0].fields.map((f) => f.name)).toEqual(['a', 'b']);
  });

  it('assigns controls with form="id" to that form, wherever they are', () => {
    const { forms } = extractForms(
      '<input form="f" type="hidden" name="outside" value="o"><form id="f" action="/x"><input name=in></form><textarea form="f" name="later"></textarea>',
      PAGE,
    );
    expect(forms[0].fields.map((f) => f.name)).toEqual(['in', 'outside', 'later']);
  });

  it("records submit buttons' formaction as absolute URLs", () => {
    const { forms } = extractForms(
      '<form action="/a"><button name=b formaction="/other">x</button><input type=image name=i formaction="https://x.example/y"></form>',
      PAGE,
    );
    expect(forms[0].fields.map((f) => f.formAction)).toEqual(['https://app.example/other', 'https://x.example/y']);
  });

  it('keeps the first of duplicate attributes and lower-cases names and types', () => {
    const { forms } = extractForms(
      '<form><input NAME="first" name="second" TYPE="HIDDEN" value=v1 value=v2></form>',
      PAGE,
    );
    expect(forms[0].fields[0]).toMatchObject({ name: 'first', type: 'hidden', value: 'v1' });
  });

  it('collects meta tags by lower-case name (first wins)', () => {
    const { meta } = extractForms(
      '<meta name="CSRF-Token" content="abc"><meta name="csrf-token" content="later"><meta name="csrf-param" content="authenticity_token"><meta charset=utf-8>',
      PAGE,
    );
    expect(meta).toEqual({ 'csrf-token': 'abc', 'csrf-param': 'authenticity_token' });
  });

  it('survives broken markup: unterminated tags, stray "<", unquoted values with slashes', () => {
    const { forms } = extractForms(
      'a < b <form action=/x/y method=post><input type=hidden name=t value=a/b=c><input name="unterminated',
      PAGE,
    );
    expect(forms[0].action).toBe('https://app.example/x/y');
    expect(forms[0].fields[0]).toMatchObject({ name: 't', value: 'a/b=c' });
  });

  it('ignores controls without a name and outside any form', () => {
    const { forms } = extractForms('<input name=loose><form><input value=anonymous><input name=n></form>', PAGE);
    expect(forms[0].fields.map((f) => f.name)).toEqual(['n']);
  });
});
