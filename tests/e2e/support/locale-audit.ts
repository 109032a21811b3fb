/**
 * Finds words on screen that did not come from the catalogue, in a page of the pseudo-locale build
 * (scripts/pseudo-locale.mjs: every catalogue message is wrapped in ⟦ ⟧). Walks text nodes, open
 * shadow roots and the attributes a person or a screen reader meets (aria-label, title, placeholder,
 * alt, aria-description, button values), and the document's title. What remains of a string once
 * its wrapped parts are taken out must be only spaces, punctuation and symbols: a letter or a digit
 * outside ⟦ ⟧ is a finding. User data (URLs, field values, Intl-formatted dates and numbers) is not
 * skipped silently: its element says so with data-i18n, naming what is data: "text" (its text, all
 * of it) and/or attribute names (data-i18n="title": an Intl-formatted date in the tooltip).
 */
import type { Page } from '@playwright/test';

export interface Finding {
  where: string;
  text: string;
}

/** The findings under `rootSelector` (the whole document, title included, when omitted). */
export async function auditWords(page: Page, rootSelector?: string): Promise<Finding[]> {
  return page.evaluate((rootSelector) => {
    const findings: Array<{ where: string; text: string }> = [];
    // Messages nest (a reason inside "Not sent: …"): take out the innermost until none is left.
    const leftover = (text: string) => {
      let rest = text;
      for (let before = ''; before !== rest;) {
        before = rest;
        rest = rest.replace(/\u27e6[^\u27e6\u27e7]*\u27e7/g, '');
      }
      return rest;
    };
    const words = (text: string) => /[\p{L}\p{N}]/u.test(leftover(text));
    const ATTRIBUTES = ['aria-label', 'aria-description', 'title', 'placeholder', 'alt'];
    const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'IFRAME', 'svg']);
    const describe = (element: Element) => {
      const parts: string[] = [];
      for (
        let e: Element | null = element;
        e && parts.length < 4;
        e = e.parentElement ?? (e.getRootNode() as ShadowRoot).host ?? null
      ) {
        parts.unshift(
          `${e.localName}${e.id ? `#${e.id}` : ''}${e.getAttribute('data-testid') ? `[data-testid=${e.getAttribute('data-testid')}]` : ''}`,
        );
      }
      return parts.join(' > ');
    };
    const visit = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        const text = node.textContent ?? '';
        if (words(text)) findings.push({ where: describe(node.parentElement!), text: text.trim() });
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return;
      if (node instanceof Element) {
        if (SKIP.has(node.nodeName) || SKIP.has(node.localName)) return;
        const data = new Set((node.getAttribute('data-i18n') ?? '').split(/\s+/));
        for (const name of ATTRIBUTES) {
          if (data.has(name)) continue;
          const value = node.getAttribute(name);
          if (value && words(value)) findings.push({ where: `${describe(node)} @${name}`, text: value });
        }
        if (
          node instanceof HTMLInputElement &&
          ['button', 'submit', 'reset'].includes(node.type) &&
          words(node.value)
        ) {
          findings.push({ where: `${describe(node)} @value`, text: node.value });
        }
        if (data.has('text')) return;
        if (node.shadowRoot) visit(node.shadowRoot);
      }
      for (const child of node.childNodes) visit(child);
    };
    if (rootSelector) {
      const roots = document.querySelectorAll(rootSelector);
      if (!roots.length) findings.push({ where: rootSelector, text: '(nothing to check: no such element)' });
      roots.forEach(visit);
    } else {
      if (words(document.title)) findings.push({ where: 'document.title', text: document.title });
      visit(document.body);
    }
    return findings;
  }, rootSelector);
}
