/**
 * Encodes a form's entry list exactly as the HTML standard's form submission algorithm does
 * (https://html.spec.whatwg.org/#form-submission-algorithm), for UTF-8:
 * - application/x-www-form-urlencoded: CRLF-normalized names and values, the
 *   application/x-www-form-urlencoded byte serializer (space as '+', only *-._ and alphanumerics raw);
 *   files contribute their file name.
 * - multipart/form-data: CRLF-normalized text, `"`, CR and LF in names and file names escaped as
 *   %22, %0D, %0A; each file with its name and type (application/octet-stream when unknown).
 * - text/plain: `name=value` CRLF-terminated lines; files contribute their file name.
 * File bytes stay in Blobs: encoding a 50 MB upload copies no bytes.
 */
import type { Enctype, FormEntry } from './types';

/** Normalizes every lone CR and lone LF to CRLF. */
export function normalizeNewlines(value: string): string {
  return value.replace(/\r\n|\r|\n/g, '\r\n');
}

/** A string -> UTF-8 bytes -> percent-encoding with the urlencoded serializer's safe set. */
export function urlencodeComponent(value: string): string {
  // encodeURIComponent is native and fast on megabytes of text; it differs from the urlencoded
  // serializer only in leaving !'()~ raw and writing space as %20. Lone surrogates, which it would
  // reject, become U+FFFD first, as UTF-8 encoding does.
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'))
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text value an entry contributes where files cannot travel (urlencoded, text/plain, GET). */
function textOf(entry: FormEntry): string {
  return 'file' in entry ? entry.file.name : entry.value;
}

/** application/x-www-form-urlencoded serialization of an entry list (no leading '?'). */
export function encodeUrlencoded(entries: readonly FormEntry[]): string {
  return entries
    .map((e) => `${urlencodeComponent(normalizeNewlines(e.name))}=${urlencodeComponent(normalizeNewlines(textOf(e)))}`)
    .join('&');
}

/** text/plain serialization: one `name=value\r\n` line per entry. */
export function encodeTextPlain(entries: readonly FormEntry[]): string {
  return entries.map((e) => `${normalizeNewlines(e.name)}=${normalizeNewlines(textOf(e))}\r\n`).join('');
}

/** Escapes a multipart header parameter the way browsers do (HTML: "escaping a multipart/form-data name"). */
export function escapeMultipartName(value: string): string {
  return value.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

/**
 * Chromium's boundary shape: `----WebKitFormBoundary` and 16 characters of [A-Za-z0-9].
 * `random` is injectable so tests can pin it.
 */
export function createBoundary(random: () => number = Math.random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let tail = '';
  for (let i = 0; i < 16; i++) tail += alphabet[Math.floor(random() * alphabet.length)];
  return `----WebKitFormBoundary${tail}`;
}

/** multipart/form-data body as a Blob whose file parts reference the queued file Blobs (no copies). */
export function encodeMultipart(entries: readonly FormEntry[], boundary: string): Blob {
  const parts: BlobPart[] = [];
  for (const entry of entries) {
    const name = escapeMultipartName(normalizeNewlines(entry.name));
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"`;
    if ('file' in entry) {
      const filename = escapeMultipartName(entry.file.name);
      const type = entry.file.type || 'application/octet-stream';
      parts.push(`${head}; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`, entry.file.blob, '\r\n');
    } else {
      head += `\r\n\r\n${normalizeNewlines(entry.value)}\r\n`;
      parts.push(head);
    }
  }
  parts.push(`--${boundary}--\r\n`);
  return new Blob(parts);
}

/**
 * The URL a GET form navigates to: the action with its query replaced by the entry list.
 * The fragment is kept, as the browser keeps it.
 */
export function buildGetUrl(action: string, entries: readonly FormEntry[]): string {
  const url = new URL(action);
  url.search = '';
  const query = encodeUrlencoded(entries);
  // Assigning `search` would re-encode; splice the serialized query in before the fragment.
  // The first '#' starts the fragment (an empty one too, which `url.hash` reports as '').
  const hashAt = url.href.indexOf('#');
  const base = hashAt === -1 ? url.href : url.href.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : url.href.slice(hashAt);
  return `${base}?${query}${fragment}`;
}

export interface EncodedBody {
  contentType: string;
  body: Blob | string;
}

/**
 * The POST body and Content-Type header value the browser would send for this enctype.
 * `bodyFormat` serializes the body in another format under the same Content-Type (an engine quirk).
 */
export function encodeBody(
  enctype: Enctype,
  entries: readonly FormEntry[],
  boundary = createBoundary(),
  bodyFormat: Enctype = enctype,
): EncodedBody {
  if (bodyFormat !== enctype && enctype === 'text/plain' && bodyFormat === 'application/x-www-form-urlencoded') {
    return { contentType: 'text/plain', body: encodeUrlencoded(entries) };
  }
  switch (enctype) {
    case 'multipart/form-data':
      return { contentType: `multipart/form-data; boundary=${boundary}`, body: encodeMultipart(entries, boundary) };
    case 'text/plain':
      return { contentType: 'text/plain', body: encodeTextPlain(entries) };
    default:
      return { contentType: 'application/x-www-form-urlencoded', body: encodeUrlencoded(entries) };
  }
}
