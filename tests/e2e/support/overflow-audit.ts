/**
 * Finds text that does not fit (for the German layout test): an element whose own box clips its
 * content (overflow hidden/clip, an ellipsis, a line clamp) while the content is wider or taller
 * than the box; an element with text that sticks out of the box that clips it (its nearest
 * ancestor that does not let content overflow, or the window); and a page that scrolls sideways.
 * Walks open shadow roots too (the in-page notice). Visually hidden text (1 px boxes, for screen
 * readers) is meant to be clipped and is left out.
 */
import type { Page } from '@playwright/test';

export interface Clipping {
  where: string;
  text: string;
  why: string;
}

/** The clippings under `rootSelector` (the whole document when omitted). */
export async function findClippedText(page: Page, rootSelector?: string): Promise<Clipping[]> {
  return page.evaluate((rootSelector) => {
    const found: Array<{ where: string; text: string; why: string }> = [];
    const parentOf = (e: Element): Element | null => e.parentElement ?? (e.getRootNode() as ShadowRoot).host ?? null;
    const describe = (element: Element) => {
      const parts: string[] = [];
      for (let e: Element | null = element; e && parts.length < 4; e = parentOf(e)) {
        parts.unshift(
          `${e.localName}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`,
        );
      }
      return parts.join(' > ');
    };
    const clips = (style: CSSStyleDeclaration) =>
      ['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY);
    const ownText = (e: Element) =>
      [...e.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
    const check = (e: Element) => {
      const style = getComputedStyle(e);
      const rect = e.getBoundingClientRect();
      if (style.display === 'none' || style.visibility === 'hidden' || rect.width <= 1 || rect.height <= 1) return;
      const text =
        ownText(e) ||
        (e instanceof HTMLElement && ['BUTTON', 'LABEL', 'SUMMARY', 'A'].includes(e.tagName)
          ? (e.textContent ?? '').trim()
          : '');
      const el = e as HTMLElement;
      if (text && (clips(style) || style.textOverflow === 'ellipsis' || style.webkitLineClamp !== 'none')) {
        if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible')
          found.push({
            where: describe(e),
            text,
            why: `content ${el.scrollWidth}px wide in a ${el.clientWidth}px box`,
          });
        else if (
          el.scrollHeight > el.clientHeight + 1 &&
          style.overflowY !== 'visible' &&
          style.overflowY !== 'auto' &&
          style.overflowY !== 'scroll'
        )
          found.push({
            where: describe(e),
            text,
            why: `content ${el.scrollHeight}px high in a ${el.clientHeight}px box`,
          });
      }
      if (text) {
        let clipper: Element | null = parentOf(e);
        while (clipper && getComputedStyle(clipper).overflowX === 'visible') clipper = parentOf(clipper);
        const bounds =
          clipper && clipper !== document.documentElement && clipper !== document.body
            ? clipper.getBoundingClientRect()
            : { left: 0, right: document.documentElement.clientWidth };
        if (rect.right > bounds.right + 1 || rect.left < bounds.left - 1) {
          found.push({
            where: describe(e),
            text,
            why: `sticks out of ${clipper ? describe(clipper) : 'the window'} (${Math.round(rect.left)}–${Math.round(rect.right)} in ${Math.round(bounds.left)}–${Math.round(bounds.right)})`,
          });
        }
      }
    };
    const visit = (node: Element | ShadowRoot) => {
      if (node instanceof Element) {
        if (['SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME'].includes(node.tagName)) return;
        check(node);
        if (node.shadowRoot) visit(node.shadowRoot);
      }
      for (const child of node.children) visit(child);
    };
    const roots = rootSelector ? [...document.querySelectorAll(rootSelector)] : [document.body];
    if (!roots.length) found.push({ where: rootSelector ?? 'body', text: '', why: 'no such element' });
    roots.forEach(visit);
    const scroller = document.scrollingElement!;
    if (!rootSelector && scroller.scrollWidth > scroller.clientWidth + 1)
      found.push({
        where: 'page',
        text: '',
        why: `scrolls sideways (${scroller.scrollWidth}px in ${scroller.clientWidth}px)`,
      });
    return found;
  }, rootSelector);
}
