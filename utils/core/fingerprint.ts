/**
 * A stable fingerprint of what a submission sends, so that pressing Submit twice on an unchanged
 * form while offline queues one item. Files count by name, type, size and last-modified time.
 */
import type { SubmissionRequest } from './types';

/** cyrb53-style 53-bit hash of UTF-16 code units, as hex. Fast on megabytes of text; not cryptographic. */
export function hashText(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** Fingerprint of method, URL, enctype, the page it came from and every entry. */
export function fingerprintSubmission(request: SubmissionRequest, pageUrl: string): string {
  const entries = request.entries.map((e) =>
    'file' in e ? [e.name, 'file', e.file.name, e.file.type, e.file.blob.size, e.file.lastModified] : [e.name, e.value],
  );
  return hashText(JSON.stringify([request.method, request.url, request.enctype, pageUrl, entries]));
}
