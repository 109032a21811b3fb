/**
 * A server's reply made inert, to show it to a person in an extension page (entrypoints/reply): no
 * script runs, nothing loads from the network, no form submits and no link navigates, so the reply
 * cannot act (on the site, on the extension, or as the person). Three layers, each enough alone for
 * scripts:
 *   1. the HTML is parsed with DOMParser (which runs nothing) and rebuilt from an allow-list: elements
 *      that fetch, run or navigate are dropped (script, iframe, object, embed, link, meta, base, svg,
 *      audio, video...), event handler attributes and every URL attribute are dropped (images keep only
 *      `data:` pictures), forms become plain blocks and their controls disabled;
 *   2. a Content-Security-Policy in the document itself: `default-src 'none'`, inline styles and
 *      `data:` images only;
 *   3. the document is shown in an `<iframe sandbox="">` (no scripts, no forms, no navigation of the
 *      top page, an opaque origin) from `srcdoc`.
 */

const DROP = new Set([
  'script',
  'noscript',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'link',
  'meta',
  'base',
  'template',
  'audio',
  'video',
  'source',
  'track',
  'svg',
  'math',
  'canvas',
  'portal',
  'dialog',
  'slot',
  'picture',
  'param',
]);
const BLOCK_FOR = new Set(['form']);
const KEEP_ATTRIBUTES = new Set([
  'class',
  'id',
  'title',
  'alt',
  'lang',
  'dir',
  'colspan',
  'rowspan',
  'headers',
  'scope',
  'value',
  'type',
  'checked',
  'selected',
  'disabled',
  'readonly',
  'name',
  'placeholder',
  'role',
  'rows',
  'cols',
  'size',
  'multiple',
  'for',
  'width',
  'height',
  'align',
  'start',
  'reversed',
  'open',
  'label',
  'datetime',
  'cite',
  'abbr',
  'span',
  'maxlength',
  'tabindex',
  'style',
]);
const CONTROLS = new Set(['input', 'button', 'select', 'textarea', 'option', 'optgroup', 'fieldset']);

/** The policy written into the inert document: nothing but inline styles and data: pictures. */
export const INERT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

const isDataImage = (value: string) => /^data:image\/(png|gif|jpe?g|webp|bmp);/i.test(value.trim());
/** CSS that could fetch (url(), @import, image-set) is dropped from styles. */
const fetchingCss = (css: string) => /url\s*\(|@import|image-set\s*\(|expression\s*\(/i.test(css);

function cleanElement(element: Element): void {
  for (const attribute of [...element.attributes]) {
    const name = attribute.name.toLowerCase();
    const keep =
      (KEEP_ATTRIBUTES.has(name) ||
        name.startsWith('aria-') ||
        (name === 'src' && element.localName === 'img' && isDataImage(attribute.value))) &&
      !(name === 'style' && fetchingCss(attribute.value));
    if (!keep) element.removeAttribute(attribute.name);
  }
  if (CONTROLS.has(element.localName)) element.setAttribute('disabled', '');
  if (element.localName === 'button') element.setAttribute('type', 'button');
  if (element.localName === 'style' && fetchingCss(element.textContent ?? ''))
    element.textContent = (element.textContent ?? '').replace(
      /@import[^;]*;?|url\s*\([^)]*\)|image-set\s*\([^)]*\)/gi,
      'none',
    );
}

function clean(node: Node, doc: Document): void {
  for (const child of [...node.childNodes]) {
    if (child.nodeType === 8 /* comment */ || child.nodeType === 7 /* processing instruction */) {
      child.remove();
      continue;
    }
    if (child.nodeType !== 1) continue;
    const element = child as Element;
    const tag = element.localName;
    if (DROP.has(tag) || element.namespaceURI !== 'http://www.w3.org/1999/xhtml') {
      element.remove();
      continue;
    }
    if (BLOCK_FOR.has(tag)) {
      // A form becomes a plain block: nothing it holds can be submitted anywhere.
      const block = doc.createElement('div');
      block.className = `inert-form ${element.getAttribute('class') ?? ''}`.trim();
      block.append(...element.childNodes);
      element.replaceWith(block);
      clean(block, doc);
      continue;
    }
    cleanElement(element);
    clean(element, doc);
  }
}

/**
 * The inert HTML document (for `srcdoc`) showing `html`. A reply that is not HTML (`contentType`
 * text/plain, JSON...) is shown as preformatted text.
 */
export function inertDocument(html: string, contentType = 'text/html'): string {
  const parser = new DOMParser();
  const isHtml = !contentType || /html/i.test(contentType);
  const doc = isHtml
    ? parser.parseFromString(html, 'text/html')
    : parser.parseFromString('<!doctype html><pre></pre>', 'text/html');
  if (!isHtml) doc.querySelector('pre')!.textContent = html;
  clean(doc.documentElement, doc);
  const policy = doc.createElement('meta');
  policy.setAttribute('http-equiv', 'Content-Security-Policy');
  policy.setAttribute('content', INERT_CSP);
  const charset = doc.createElement('meta');
  charset.setAttribute('charset', 'utf-8');
  doc.head.prepend(charset, policy);
  // meta was dropped above as a page element; these two are ours, added after the cleaning.
  return `<!doctype html>${doc.documentElement.outerHTML}`;
}
