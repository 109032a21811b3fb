/**
 * Who sent a message, as the browser (not the message) says. Two kinds of sender exist:
 *   page:      the extension's content script in a web page's frame (a tab, an http(s) document);
 *   extension: one of the extension's own pages (popup, settings, the rescued page).
 * Everything else (another extension, a page without our content script, a frame of an unknown
 * kind) is no sender at all. The content script runs in pages that may be hostile and in renderers
 * that may be compromised: what it may do is decided from this, never from what its message says.
 */

/** The browser's runtime.MessageSender, as far as it is used. */
export interface RawSender {
  id?: string;
  url?: string;
  /** The sending document's origin ("null" for an opaque origin: a sandboxed document). */
  origin?: string;
  tab?: { id?: number; incognito?: boolean };
  frameId?: number;
  documentId?: string;
}

export interface PageSender {
  kind: 'page';
  tabId: number;
  frameId: number;
  /** The document that sent it, where the browser tells (Chrome 106+, Firefox 125+). */
  documentId?: string;
  /** The sending document's address. */
  url: string;
  /** Its origin; "null" when opaque (a sandboxed document, whose forms the browser sends without a site). */
  origin: string;
  incognito: boolean;
}

export interface ExtensionSender {
  kind: 'extension';
  url: string;
}

export type Sender = PageSender | ExtensionSender;
export type SenderKind = Sender['kind'];

function isHttp(url: string): boolean {
  return url.startsWith('http://') || url.startsWith('https://');
}

/**
 * The sender as the browser describes it. `extensionBase` is the extension's own base URL
 * (runtime.getURL('/')) and `extensionId` its id. Undefined when it is neither kind.
 */
export function classifySender(
  raw: RawSender | undefined,
  extensionId: string,
  extensionBase: string,
): Sender | undefined {
  if (!raw || raw.id !== extensionId || typeof raw.url !== 'string') return undefined;
  if (raw.url.startsWith(extensionBase)) return { kind: 'extension', url: raw.url };
  const tabId = raw.tab?.id;
  if (typeof tabId !== 'number' || tabId < 0 || typeof raw.frameId !== 'number' || !isHttp(raw.url)) return undefined;
  let origin: string;
  try {
    origin = raw.origin ?? new URL(raw.url).origin;
  } catch {
    return undefined;
  }
  return {
    kind: 'page',
    tabId,
    frameId: raw.frameId,
    ...(typeof raw.documentId === 'string' ? { documentId: raw.documentId } : {}),
    url: raw.url,
    origin,
    incognito: raw.tab?.incognito === true,
  };
}

/** True when the document's origin is opaque (a sandboxed document or frame). */
export function isOpaque(sender: PageSender): boolean {
  return sender.origin === 'null';
}
