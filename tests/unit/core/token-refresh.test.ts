import { describe, expect, it } from 'vitest';
import { extractForms } from '@/utils/core/html-forms';
import {
  findSourceForm,
  looksLikeSignInUrl,
  looksSignedOut,
  mayBeStaleToken,
  planTokenRefresh,
} from '@/utils/core/token-refresh';
import type { SubmissionRequest } from '@/utils/core/types';

const PAGE = 'https://app.example/notes/new';
const post = (entries: SubmissionRequest['entries'], url = 'https://app.example/notes'): SubmissionRequest => ({
  method: 'POST',
  url,
  enctype: 'application/x-www-form-urlencoded',
  entries,
});

const NOTE_FORM = (token: string) => `<form method="post" action="/notes">
  <input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="_charset_">
  <textarea name="text"></textarea><button name="save" value="1">Save</button></form>`;

describe('looksLikeSignInUrl', () => {
  it.each([
    '/login',
    '/users/sign_in',
    '/accounts/login/?next=/x',
    '/signin',
    '/sign-in',
    '/session/new',
    '/sessions',
    '/auth/login',
    '/wp-login.php',
    '/log-in',
  ])('%s is a sign-in page', (path) => {
    expect(looksLikeSignInUrl(`https://app.example${path}`)).toBe(true);
  });
  it.each(['/notes/1', '/blog/logins-explained-article', '/authors', '/thanks', '/sessionless'])(
    '%s is not',
    (path) => {
      expect(looksLikeSignInUrl(`https://app.example${path}`)).toBe(false);
    },
  );
  it('is false for garbage', () => {
    expect(looksLikeSignInUrl('not a url')).toBe(false);
  });
});

describe('looksSignedOut', () => {
  const answer = (status: number, finalUrl = 'https://app.example/notes/1', redirected = false) => ({
    status,
    finalUrl,
    redirected,
  });
  it('401 and 419 are signed out', () => {
    expect(looksSignedOut(answer(401), 'https://app.example/notes')).toBe(true);
    expect(looksSignedOut(answer(419), 'https://app.example/notes')).toBe(true);
  });
  it('a redirect that ends on a sign-in page is signed out, whatever its status', () => {
    expect(
      looksSignedOut(answer(200, 'https://app.example/login?next=/notes', true), 'https://app.example/notes'),
    ).toBe(true);
  });
  it('not when the request itself went to a sign-in page (a login form that answers with its page)', () => {
    expect(looksSignedOut(answer(200, 'https://app.example/login?error=1', true), 'https://app.example/login')).toBe(
      false,
    );
  });
  it('not for an ordinary redirect, a 403 or a 200 without a redirect', () => {
    expect(looksSignedOut(answer(200, 'https://app.example/notes/1', true), 'https://app.example/notes')).toBe(false);
    expect(looksSignedOut(answer(403), 'https://app.example/notes')).toBe(false);
    expect(looksSignedOut(answer(200, 'https://app.example/login', false), 'https://app.example/notes')).toBe(false);
  });
});

describe('mayBeStaleToken', () => {
  const request = post([{ name: '_csrf', value: 'a' }]);
  it('400, 403 and 419 may be a stale token', () => {
    for (const status of [400, 403, 419])
      expect(mayBeStaleToken({ status, finalUrl: request.url, redirected: false }, request)).toBe(true);
  });
  it('other statuses are not', () => {
    for (const status of [200, 401, 404, 422, 500])
      expect(mayBeStaleToken({ status, finalUrl: request.url, redirected: false }, request)).toBe(false);
  });
  it('not when redirected to a sign-in page, nor for a request with no text fields', () => {
    expect(mayBeStaleToken({ status: 403, finalUrl: 'https://app.example/login', redirected: true }, request)).toBe(
      false,
    );
    const filesOnly = post([{ name: 'f', file: { name: 'a', type: '', lastModified: 0, blob: new Blob(['x']) } }]);
    expect(mayBeStaleToken({ status: 403, finalUrl: request.url, redirected: false }, filesOnly)).toBe(false);
  });
});

describe('findSourceForm', () => {
  it("prefers the form whose action is the item's URL and that shares the most field names", () => {
    const { forms } = extractForms(
      `<form action="/search"><input name="q"></form>
      <form method=post action="/notes"><input name="other"></form>
      <form method=post action="/notes"><input type=hidden name="_csrf" value="x"><textarea name="text"></textarea></form>`,
      PAGE,
    );
    expect(
      findSourceForm(
        forms,
        post([
          { name: '_csrf', value: 'a' },
          { name: 'text', value: 't' },
        ]),
      ),
    ).toBe(forms[2]);
  });
  it("matches a submit button's formaction", () => {
    const { forms } = extractForms(
      '<form method=post action="/draft"><input type=hidden name=t value=1><button formaction="/notes">Publish</button></form>',
      PAGE,
    );
    expect(findSourceForm(forms, post([{ name: 't', value: '0' }]))).toBe(forms[0]);
  });
  it('for GET compares without the query; fragments never count', () => {
    const { forms } = extractForms(
      '<form action="/search?stale=1#r"><input type=hidden name=k value=1><input name=q></form>',
      PAGE,
    );
    const get: SubmissionRequest = {
      method: 'GET',
      url: 'https://app.example/search?k=0&q=x#r',
      enctype: 'application/x-www-form-urlencoded',
      entries: [
        { name: 'k', value: '0' },
        { name: 'q', value: 'x' },
      ],
    };
    expect(findSourceForm(forms, get)).toBe(forms[0]);
  });
  it('falls back to a form whose hidden fields are all in the item when no action matches', () => {
    const { forms } = extractForms(
      '<form method=post action="/notes?v=2"><input type=hidden name=_csrf value=n><input type=hidden name=_charset_><textarea name=text></textarea></form>',
      PAGE,
    );
    expect(
      findSourceForm(
        forms,
        post([
          { name: '_csrf', value: 'o' },
          { name: 'text', value: 't' },
        ]),
      ),
    ).toBe(forms[0]);
    expect(findSourceForm(forms, post([{ name: 'text', value: 't' }]))).toBeUndefined();
  });
  it('undefined when nothing fits', () => {
    const { forms } = extractForms('<form action="/x"><input name=a></form>', PAGE);
    expect(findSourceForm(forms, post([{ name: 'b', value: '1' }]))).toBeUndefined();
  });
});

describe('planTokenRefresh', () => {
  it("replaces the hidden token with the page's fresh value and leaves everything else, _charset_ included", () => {
    const request = post([
      { name: '_csrf', value: 'old' },
      { name: '_charset_', value: 'UTF-8' },
      { name: 'text', value: 'my note' },
      { name: 'save', value: '1' },
    ]);
    expect(planTokenRefresh(request, NOTE_FORM('new'), PAGE)).toEqual({
      kind: 'refreshed',
      fields: ['_csrf'],
      entries: [
        { name: '_csrf', value: 'new' },
        { name: '_charset_', value: 'UTF-8' },
        { name: 'text', value: 'my note' },
        { name: 'save', value: '1' },
      ],
    });
  });
  it('never changes visible fields even when the page prefills them', () => {
    const html =
      '<form method=post action="/notes"><input type=hidden name=t value=new><input name="title" value="server default"></form>';
    const plan = planTokenRefresh(
      post([
        { name: 't', value: 'old' },
        { name: 'title', value: 'user typed' },
      ]),
      html,
      PAGE,
    );
    expect(plan).toMatchObject({
      kind: 'refreshed',
      entries: [
        { name: 't', value: 'new' },
        { name: 'title', value: 'user typed' },
      ],
    });
  });
  it('several hidden inputs of one name are refreshed position by position; a count mismatch is left alone', () => {
    const html =
      '<form method=post action="/notes"><input type=hidden name=n value=A><input type=hidden name=n value=B><input type=hidden name=m value=M></form>';
    const plan = planTokenRefresh(
      post([
        { name: 'n', value: 'a' },
        { name: 'm', value: 'x' },
        { name: 'n', value: 'b' },
        { name: 'm', value: 'y' },
      ]),
      html,
      PAGE,
    );
    expect(plan).toEqual({
      kind: 'refreshed',
      fields: ['n'],
      entries: [
        { name: 'n', value: 'A' },
        { name: 'm', value: 'x' },
        { name: 'n', value: 'B' },
        { name: 'm', value: 'y' },
      ],
    });
  });
  it('unchanged when the page has the same values', () => {
    expect(
      planTokenRefresh(
        post([
          { name: '_csrf', value: 'same' },
          { name: 'text', value: 'x' },
        ]),
        NOTE_FORM('same'),
        PAGE,
      ),
    ).toEqual({ kind: 'unchanged' });
  });
  it('no-form when the page no longer has the form; no-token when the form has no hidden field the item has', () => {
    expect(planTokenRefresh(post([{ name: '_csrf', value: 'a' }]), '<p>gone</p>', PAGE)).toEqual({ kind: 'no-form' });
    expect(
      planTokenRefresh(
        post([{ name: 'text', value: 'a' }]),
        '<form method=post action="/notes"><textarea name=text></textarea></form>',
        PAGE,
      ),
    ).toEqual({ kind: 'no-token' });
  });
  it('disabled hidden inputs are not taken (the browser would not have sent them)', () => {
    const html = '<form method=post action="/notes"><input type=hidden name=t value=new disabled><input name=x></form>';
    expect(
      planTokenRefresh(
        post([
          { name: 't', value: 'old' },
          { name: 'x', value: '1' },
        ]),
        html,
        PAGE,
      ),
    ).toEqual({ kind: 'no-token' });
  });
  it('a script-added token field takes <meta name="csrf-token"> (Rails: the field named by csrf-param)', () => {
    const html =
      '<meta name="csrf-param" content="authenticity_token"><meta name="csrf-token" content="fresh"><form method=post action="/notes"><input name=title></form>';
    const plan = planTokenRefresh(
      post([
        { name: 'title', value: 'x' },
        { name: 'authenticity_token', value: 'stale' },
      ]),
      html,
      PAGE,
    );
    expect(plan).toEqual({
      kind: 'refreshed',
      fields: ['authenticity_token'],
      entries: [
        { name: 'title', value: 'x' },
        { name: 'authenticity_token', value: 'fresh' },
      ],
    });
  });
  it('without csrf-param, the usual token names take the meta token (Laravel _token); other names do not', () => {
    const html = '<meta name="csrf-token" content="fresh"><form method=post action="/notes"><input name=title></form>';
    const plan = planTokenRefresh(
      post([
        { name: 'title', value: 'x' },
        { name: '_token', value: 'stale' },
        { name: 'memo', value: 'stale' },
      ]),
      html,
      PAGE,
    );
    expect(plan).toMatchObject({
      kind: 'refreshed',
      fields: ['_token'],
      entries: [
        { name: 'title', value: 'x' },
        { name: '_token', value: 'fresh' },
        { name: 'memo', value: 'stale' },
      ],
    });
  });
  it("a hidden field in the form's HTML wins over the meta token", () => {
    const html =
      '<meta name="csrf-token" content="meta"><form method=post action="/notes"><input type=hidden name=_token value="field"></form>';
    expect(planTokenRefresh(post([{ name: '_token', value: 'old' }]), html, PAGE)).toMatchObject({
      entries: [{ name: '_token', value: 'field' }],
    });
  });
  it('file entries are kept as they are', () => {
    const file = { name: 'f', file: { name: 'a.txt', type: 'text/plain', lastModified: 1, blob: new Blob(['x']) } };
    const html =
      '<form method=post action="/notes" enctype="multipart/form-data"><input type=hidden name=t value=new><input type=file name=f></form>';
    const plan = planTokenRefresh(post([{ name: 't', value: 'old' }, file]), html, PAGE);
    expect(plan.kind === 'refreshed' && plan.entries[1]).toBe(file);
  });
});
