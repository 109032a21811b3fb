import { describe, expect, it } from 'vitest';
import { decideRedirect, firstHop, MAX_REDIRECTS, type RedirectScope } from '@/utils/core/redirects';
import { siteOf } from '@/utils/core/referrer';

// Sites as the browser sees them on loopback: 127.0.0.1 and localhost are two sites (ports do not count).
const scope = (over: Partial<RedirectScope> = {}): RedirectScope => ({
  pageUrl: 'http://127.0.0.1:8000/form',
  requestUrl: 'http://127.0.0.1:8000/submit',
  sameSiteItem: true,
  siteOf: (url) => siteOf(url),
  followed: 0,
  ...over,
});

describe('decideRedirect', () => {
  it('follows a same-site redirect after a POST as a GET without the body (control: the chain goes on)', () => {
    const from = firstHop('http://127.0.0.1:8000/submit', 'POST');
    for (const status of [301, 302, 303]) {
      expect(decideRedirect(from, status, '/thanks', scope())).toEqual({
        kind: 'follow',
        hop: { url: 'http://127.0.0.1:8000/thanks', method: 'GET', withBody: false, taintedOrigin: false },
      });
    }
  });

  it('keeps the method and the body on 307 and 308', () => {
    const from = firstHop('http://127.0.0.1:8000/submit', 'POST');
    for (const status of [307, 308]) {
      expect(decideRedirect(from, status, '/submit/', scope())).toMatchObject({
        kind: 'follow',
        hop: { method: 'POST', withBody: true },
      });
    }
  });

  it('never follows a redirect to another site, whatever the status: it records where it pointed', () => {
    const from = firstHop('http://127.0.0.1:8000/submit', 'POST');
    for (const status of [301, 302, 303, 307, 308]) {
      expect(decideRedirect(from, status, 'http://localhost:9000/settings/email?to=x', scope())).toEqual({
        kind: 'stop',
        reason: 'other-site',
        location: 'http://localhost:9000/settings/email?to=x',
      });
    }
    // http and https of one host are two sites (schemeful).
    expect(decideRedirect(from, 302, 'https://127.0.0.1:8000/x', scope())).toMatchObject({
      kind: 'stop',
      reason: 'other-site',
    });
  });

  it("a cross-site item follows only a 307/308 to its target's own origin", () => {
    const cross = scope({ pageUrl: 'http://localhost:9000/form', sameSiteItem: false });
    const from = firstHop('http://127.0.0.1:8000/submit', 'POST');
    expect(decideRedirect(from, 303, '/thanks', cross)).toMatchObject({
      kind: 'stop',
      reason: 'other-site',
      location: 'http://127.0.0.1:8000/thanks',
    });
    expect(decideRedirect(from, 307, '/submit/', cross)).toMatchObject({
      kind: 'follow',
      hop: { url: 'http://127.0.0.1:8000/submit/', method: 'POST' },
    });
    expect(decideRedirect(from, 307, 'http://127.0.0.1:8001/submit', cross)).toMatchObject({
      kind: 'stop',
      reason: 'other-site',
    });
  });

  it("taints the Origin after a cross-origin hop away from the page's origin (Fetch), not on a same-origin chain", () => {
    const page = scope({
      pageUrl: 'https://www.example.com/form',
      requestUrl: 'https://www.example.com/submit',
      siteOf: () => 'https://example.com',
    });
    const first = firstHop('https://www.example.com/submit', 'POST');
    const toApi = decideRedirect(first, 307, 'https://api.example.com/submit', page);
    expect(toApi).toMatchObject({ kind: 'follow', hop: { taintedOrigin: false } });
    if (toApi.kind !== 'follow') throw new Error('followed');
    // From api (not the page's origin) to another origin: tainted from here on.
    expect(decideRedirect(toApi.hop, 307, 'https://www.example.com/submit2', page)).toMatchObject({
      kind: 'follow',
      hop: { taintedOrigin: true },
    });
  });

  it('stops at non-web locations, missing locations and after too many redirects', () => {
    const from = firstHop('http://127.0.0.1:8000/submit', 'POST');
    expect(decideRedirect(from, 302, 'javascript:alert(1)', scope())).toMatchObject({
      kind: 'stop',
      reason: 'not-http',
    });
    expect(decideRedirect(from, 302, undefined, scope())).toMatchObject({ kind: 'stop', reason: 'not-http' });
    expect(decideRedirect(from, 302, '/again', scope({ followed: MAX_REDIRECTS }))).toMatchObject({
      kind: 'stop',
      reason: 'too-many',
    });
    expect(decideRedirect(from, 302, '/again', scope({ followed: MAX_REDIRECTS - 1 }))).toMatchObject({
      kind: 'follow',
    });
  });
});
