import { describe, expect, it } from 'vitest';
import { classifySender, isOpaque } from '@/utils/core/sender';

const ID = 'abcdefghijklmnop';
const BASE = `chrome-extension://${ID}/`;

describe('classifySender', () => {
  it("a content script in a tab is a page, with the browser's address, origin, frame and document", () => {
    expect(
      classifySender(
        {
          id: ID,
          url: 'https://shop.example/form?x=1',
          origin: 'https://shop.example',
          tab: { id: 4 },
          frameId: 0,
          documentId: 'D1',
        },
        ID,
        BASE,
      ),
    ).toEqual({
      kind: 'page',
      tabId: 4,
      frameId: 0,
      documentId: 'D1',
      url: 'https://shop.example/form?x=1',
      origin: 'https://shop.example',
      incognito: false,
    });
  });

  it('an extension page is the extension, tab or not', () => {
    expect(classifySender({ id: ID, url: `${BASE}popup.html` }, ID, BASE)).toEqual({
      kind: 'extension',
      url: `${BASE}popup.html`,
    });
    expect(classifySender({ id: ID, url: `${BASE}options.html`, tab: { id: 2 }, frameId: 0 }, ID, BASE)).toMatchObject({
      kind: 'extension',
    });
  });

  it('is nobody for another extension, a page outside a tab, a non-web document or no sender (control: the same page in a tab is a page)', () => {
    const page = { id: ID, url: 'https://shop.example/', tab: { id: 4 }, frameId: 0 };
    expect(classifySender(page, ID, BASE)).toMatchObject({ kind: 'page' });
    expect(classifySender({ ...page, id: 'other-extension' }, ID, BASE)).toBeUndefined();
    expect(classifySender({ ...page, tab: undefined }, ID, BASE)).toBeUndefined();
    expect(classifySender({ ...page, tab: { id: -1 } }, ID, BASE)).toBeUndefined();
    expect(classifySender({ ...page, frameId: undefined }, ID, BASE)).toBeUndefined();
    expect(classifySender({ ...page, url: 'file:///etc/passwd' }, ID, BASE)).toBeUndefined();
    expect(classifySender({ ...page, url: `chrome-extension://other/popup.html` }, ID, BASE)).toBeUndefined();
    expect(classifySender(undefined, ID, BASE)).toBeUndefined();
  });

  it('keeps an opaque origin as the browser reports it (a sandboxed document), and the private-window flag', () => {
    const sandboxed = classifySender(
      { id: ID, url: 'https://shop.example/embed', origin: 'null', tab: { id: 4, incognito: true }, frameId: 3 },
      ID,
      BASE,
    );
    expect(sandboxed).toMatchObject({ kind: 'page', origin: 'null', incognito: true });
    expect(sandboxed?.kind === 'page' && isOpaque(sandboxed)).toBe(true);
    // Without `origin` (older browsers) the address's origin is used.
    expect(
      classifySender({ id: ID, url: 'https://shop.example/embed', tab: { id: 4 }, frameId: 0 }, ID, BASE),
    ).toMatchObject({ origin: 'https://shop.example' });
  });
});
