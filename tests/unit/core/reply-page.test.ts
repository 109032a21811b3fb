import { describe, expect, it } from 'vitest';
import { errorMessages, readReply } from '@/utils/core/reply-page';
import type { SubmissionRequest } from '@/utils/core/types';

const post = (url: string, entries: Array<[string, string]>): SubmissionRequest => ({
  method: 'POST',
  url,
  enctype: 'application/x-www-form-urlencoded',
  entries: entries.map(([name, value]) => ({ name, value })),
});

// A corpus of reply pages as real frameworks write them (trimmed), each with what it means.
const DJANGO_INVALID = `<!doctype html><html><body><h1>New report</h1>
<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="tok2">
<ul class="errorlist"><li>Enter a valid email address.</li></ul>
<p><label>Email</label><input type="email" name="email" value="not-an-email" required></p>
<p><label>Title</label><input type="text" name="title" value="Pump B"></p>
<button type="submit">Save</button></form></body></html>`;

const DJANGO_UNIQUE = `<!doctype html><html><body><form method="post" action="/reports/new/">
<input type="hidden" name="csrfmiddlewaretoken" value="tok1">
<ul class="errorlist"><li>Report with this Title already exists.</li></ul>
<input type="text" name="title" value="Pump B"><textarea name="body">Seal replaced</textarea>
<input type="submit" value="Save"></form></body></html>`;

const DOKUWIKI_TOKEN = `<!DOCTYPE html><html><body><div class="error">security token did not match</div>
<form id="dw__editform" method="post" action="/doku.php?id=start">
<input type="hidden" name="sectok" value="NEWTOKEN"><input type="hidden" name="id" value="start">
<textarea name="wikitext" class="edit">
Hello wiki</textarea><input type="text" name="summary" value="typo"><button type="submit" name="do[save]">Save</button>
</form></body></html>`;

const RAILS_422 = `<html><body><form action="/articles" method="post"><input type="hidden" name="authenticity_token" value="A2">
<div id="error_explanation"><h2>1 error prohibited this article from being saved:</h2><ul><li>Title can't be blank</li></ul></div>
<div class="field_with_errors"><input type="text" name="article[title]" value=""></div>
<textarea name="article[body]">Body text</textarea><input type="submit" name="commit" value="Create Article"></form></body></html>`;

const CREATED_ADD_ANOTHER = `<html><body><p class="messagelist">Report #7 created.</p><h2>Add another</h2>
<form method="post" action="/reports/new/"><input type="hidden" name="csrfmiddlewaretoken" value="tok3">
<input type="text" name="title" value=""><textarea name="body"></textarea><button>Save</button></form>
<form action="/search" method="get"><input name="q"></form></body></html>`;

const SETTINGS_SAVED = `<html><body><div class="alert alert-success" role="status">Settings saved.</div>
<form method="post" action="/settings"><input type="hidden" name="_token" value="t9">
<input name="display_name" value="Ada Lovelace"><input name="city" value="London"><button>Save</button></form></body></html>`;

const SIGN_IN = `<html><body><h1>Welcome back</h1><form method="post" action="/session">
<input name="login"><input type="password" name="password"><button>Sign in</button></form></body></html>`;

const ARIA = `<html><body><form method="post" action="https://app.example/profile">
<input name="email" value="x@" aria-invalid="true" aria-describedby="email-error email-hint">
<span id="email-hint">We never share it.</span><span id="email-error">That email looks incomplete.</span>
<div role="alert">Please fix the errors below.</div><button>Save</button></form>
<script>const klass = '<div class="error">not shown</div>';</script></body></html>`;

describe('readReply: the same form shown again, or not', () => {
  it('Django re-rendering an invalid form (200): shown again, with its error text, not a conflict', () => {
    const reading = readReply(
      DJANGO_INVALID,
      'https://app.example/reports/new/',
      post('https://app.example/reports/new/', [
        ['csrfmiddlewaretoken', 'tok1'],
        ['email', 'not-an-email'],
        ['title', 'Pump B'],
      ]),
    );
    expect(reading).toEqual({
      signIn: false,
      formAgain: {
        tokenFields: ['csrfmiddlewaretoken'],
        staleToken: false,
        siteMessage: 'Enter a valid email address.',
        conflict: false,
      },
    });
  });

  it("Django's unique-field error: a conflict", () => {
    const reading = readReply(
      DJANGO_UNIQUE,
      'https://app.example/reports/new/',
      post('https://app.example/reports/new/', [
        ['csrfmiddlewaretoken', 'tok1'],
        ['title', 'Pump B'],
        ['body', 'Seal replaced'],
      ]),
    );
    expect(reading.formAgain).toEqual({
      tokenFields: [],
      staleToken: false,
      siteMessage: 'Report with this Title already exists.',
      conflict: true,
    });
  });

  it('a wiki answering "security token did not match" with its edit form: shown again, the token field named for a refresh', () => {
    const reading = readReply(
      DOKUWIKI_TOKEN,
      'https://wiki.example/doku.php?id=start',
      post('https://wiki.example/doku.php?id=start', [
        ['sectok', 'OLDTOKEN'],
        ['id', 'start'],
        ['wikitext', 'Hello wiki'],
        ['summary', 'typo'],
        ['do[save]', ''],
      ]),
    );
    expect(reading.formAgain).toEqual({
      tokenFields: ['sectok'],
      staleToken: true,
      siteMessage: 'security token did not match',
      conflict: false,
    });
  });

  it("Rails' 422 with its error explanation", () => {
    const reading = readReply(
      RAILS_422,
      'https://blog.example/articles',
      post('https://blog.example/articles', [
        ['authenticity_token', 'A2'],
        ['article[title]', ''],
        ['article[body]', 'Body text'],
      ]),
    );
    expect(reading.formAgain?.siteMessage).toContain("Title can't be blank");
    expect(reading.formAgain?.tokenFields).toEqual([]);
  });

  it('fields marked aria-invalid lend their descriptions; role=alert counts; scripts do not', () => {
    expect(errorMessages(ARIA)).toEqual(['That email looks incomplete.', 'Please fix the errors below.']);
    expect(
      readReply(ARIA, 'https://app.example/profile', post('https://app.example/profile', [['email', 'x@']])).formAgain
        ?.siteMessage,
    ).toBe('That email looks incomplete. Please fix the errors below.');
  });

  it('a success page that offers the same form empty ("add another") and a search box stays a success (control for the above)', () => {
    expect(
      readReply(
        CREATED_ADD_ANOTHER,
        'https://app.example/reports/new/',
        post('https://app.example/reports/new/', [
          ['csrfmiddlewaretoken', 'tok1'],
          ['title', 'Pump B'],
          ['body', 'Seal replaced'],
        ]),
      ),
    ).toEqual({ signIn: false });
  });

  it('a settings page showing the saved values with a success message stays a success', () => {
    expect(
      readReply(
        SETTINGS_SAVED,
        'https://app.example/settings',
        post('https://app.example/settings', [
          ['_token', 't8'],
          ['display_name', 'Ada Lovelace'],
          ['city', 'London'],
        ]),
      ),
    ).toEqual({ signIn: false });
  });

  it('the values filled back in without any mark and without a success message: shown again', () => {
    const page = `<form method="post" action="/notes"><input type=hidden name=t value=new><textarea name="text">my note</textarea><button>Save</button></form>`;
    expect(
      readReply(
        page,
        'https://app.example/notes',
        post('https://app.example/notes', [
          ['t', 'old'],
          ['text', 'my note'],
        ]),
      ).formAgain,
    ).toEqual({ tokenFields: ['t'], staleToken: true, conflict: false });
  });

  it("after a redirect back to the form's page, only an error mark counts", () => {
    const refilled = `<form method="post" action="/notes"><textarea name="text">my note</textarea></form>`;
    const request = post('https://app.example/notes', [['text', 'my note']]);
    expect(
      readReply(refilled, 'https://app.example/notes', request, { errorMarkOnly: true }).formAgain,
    ).toBeUndefined();
    expect(
      readReply(`<p class="error">Too short</p>${refilled}`, 'https://app.example/notes', request, {
        errorMarkOnly: true,
      }).formAgain?.siteMessage,
    ).toBe('Too short');
  });

  it("another form of the page with errors is not the item's form", () => {
    const page = `<form method="post" action="/newsletter"><p class="error">Enter an email</p><input name="nl_email"></form>`;
    expect(
      readReply(page, 'https://app.example/notes', post('https://app.example/notes', [['text', 'my note']])).formAgain,
    ).toBeUndefined();
  });
});

describe('readReply: sign-in pages', () => {
  it('a reply that is a sign-in form means signed out (control: a page without a password field does not)', () => {
    expect(
      readReply(SIGN_IN, 'https://app.example/notes', post('https://app.example/notes', [['text', 'hi']])).signIn,
    ).toBe(true);
    expect(
      readReply(CREATED_ADD_ANOTHER, 'https://app.example/notes', post('https://app.example/notes', [['text', 'hi']]))
        .signIn,
    ).toBe(false);
  });

  it('the item\'s own sign-in form shown again (wrong password) is not "signed out": it is the form again', () => {
    const page = SIGN_IN.replace('<h1>', '<p class="flash-error">Incorrect username or password.</p><h1>');
    const reading = readReply(
      page,
      'https://app.example/session',
      post('https://app.example/session', [
        ['login', 'ada'],
        ['password', 'pw'],
      ]),
    );
    expect(reading.signIn).toBe(false);
    expect(reading.formAgain?.siteMessage).toBe('Incorrect username or password.');
  });
});
