import { describe, expect, it } from 'vitest';
import { signInFormOf } from '@/utils/core/sign-in-page';

const page = (body: string) => `<!doctype html><title>x</title><body>${body}</body>`;
const URL_ = 'https://app.example/welcome-back';

describe('signInFormOf', () => {
  it('finds a plain sign-in form, named or not, with a remember-me box and hidden token', () => {
    expect(
      signInFormOf(
        page(`<form method=post action=/session><input type=hidden name=_token value=t>
      <input name=email type=email><input type=password name=password><input type=checkbox name=remember><button>Sign in</button></form>`),
        URL_,
      ),
    ).toBeDefined();
    // Single-page apps often leave the password input unnamed.
    expect(
      signInFormOf(
        page(
          `<form><input id=u autocomplete=username><input type="password" autocomplete="current-password"><button>Go</button></form>`,
        ),
        URL_,
      ),
    ).toBeDefined();
  });

  it('does not take a change-password, sign-up or long profile form for one (control: the sign-in form on the same page is)', () => {
    const changePassword = `<form><input type=password name=old><input type=password name=new1><input type=password name=new2></form>`;
    const signUp = `<form><input name=email><input type=password name=pw autocomplete="new-password"></form>`;
    const profile = `<form><input name=name><input name=street><input name=city><input name=zip><input type=password name=confirm></form>`;
    expect(signInFormOf(page(changePassword + signUp + profile), URL_)).toBeUndefined();
    expect(
      signInFormOf(
        page(changePassword + signUp + profile + `<form><input name=user><input type=password name=pw></form>`),
        URL_,
      )?.fields.map((f) => f.name),
    ).toEqual(['user', 'pw']);
  });

  it('ignores a password input inside a comment, a script or a template', () => {
    expect(
      signInFormOf(
        page(
          `<!-- <form><input name=u><input type=password name=p></form> --><script>'<form><input type=password></form>'</script>`,
        ),
        URL_,
      ),
    ).toBeUndefined();
  });
});
