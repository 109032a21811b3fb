/**
 * Short addresses for the popup: "example.com › /orders/new" instead of a URL that fills the card.
 * Pure: the popup shows the short form and keeps the whole address on demand (a title and the
 * details' "Submitted to").
 *
 * - https: the host without "www." (the scheme is the expected one, so it is left out);
 * - http: "http://" stays visible, because it is the less safe one;
 * - the port stays ("shop.example:8443"); an internationalised host stays in its ASCII (punycode)
 *   form, as the URL parser gives it: a page chooses where its form goes, and a lookalike host must
 *   not pass for the real one;
 * - the path is shown decoded where that is harmless, cut in the middle when long; the query and
 *   fragment are hidden (they may hold what was typed), marked by "?…".
 */

/** The default longest path shown, in characters, the ellipsis included. */
export const MAX_PATH_CHARS = 36;

/** What the popup shows for an address: the site, the path (empty at the root), and the whole address. */
export interface ShortAddress {
  site: string;
  path: string;
  full: string;
}

const ELLIPSIS = '\u2026';
/** Controls, format characters (bidi overrides, zero widths) and line breaks stay escaped: they would disguise the path. */
const UNSAFE_TEXT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** `text` cut in the middle to at most `max` characters (code points, never half a surrogate pair). */
export function middleTruncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return ELLIPSIS;
  const kept = max - 1;
  // The end of a path (its last segment) tells pages apart more often than its start: it gets the extra character.
  const head = Math.floor(kept / 2);
  return `${chars.slice(0, head).join('')}${ELLIPSIS}${chars.slice(chars.length - (kept - head)).join('')}`;
}

/** The path as a person reads it: percent-escapes decoded, except reserved characters and anything unsafe to show. */
function readablePath(pathname: string): string {
  let decoded: string;
  try {
    decoded = decodeURI(pathname);
  } catch {
    return pathname;
  }
  return UNSAFE_TEXT.test(decoded) ? pathname : decoded;
}

/** "example.com", "http://example.com", "shop.example:8443": the site part of a parsed https/http URL. */
function siteOf(parsed: URL): string {
  const host = parsed.protocol === 'https:' ? parsed.host.replace(/^www\./, '') : parsed.host;
  return parsed.protocol === 'https:' ? host : `${parsed.protocol}//${host}`;
}

/**
 * The short form of `url`. An address that does not parse, or is not http(s), is shown as it is
 * (cut in the middle when long) with no site; `full` is always the address as given.
 */
export function shortAddress(url: string, maxPath = MAX_PATH_CHARS): ShortAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { site: '', path: middleTruncate(url.trim(), maxPath), full: url };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { site: '', path: middleTruncate(url.trim(), maxPath), full: url };
  }
  const hidden = parsed.search.length > 1 || parsed.hash.length > 1 ? `?${ELLIPSIS}` : '';
  const pathname = parsed.pathname === '/' ? '' : readablePath(parsed.pathname);
  const path =
    pathname || hidden ? middleTruncate(`${pathname || '/'}`, maxPath - Array.from(hidden).length) + hidden : '';
  return { site: siteOf(parsed), path, full: url };
}

/** The short form as one line: "example.com › /path". */
export function shortAddressText(url: string, maxPath = MAX_PATH_CHARS): string {
  const { site, path } = shortAddress(url, maxPath);
  return site && path ? `${site} \u203a ${path}` : site || path;
}

/** The site part only ("example.com", "http://example.com"), or the address itself when it does not parse. */
export function shortSite(url: string): string {
  return shortAddress(url).site || middleTruncate(url.trim(), MAX_PATH_CHARS);
}
