/**
 * Base64 for bytes, the one encoder and decoder of the extension (runtime messaging is JSON-only, so
 * file bytes and keys travel and rest as base64 where they cannot be Blobs). Uses the engine's
 * Uint8Array.toBase64/fromBase64 where present (Chrome 140+, Firefox 133+), else btoa/atob in slices.
 */

type WithBase64 = { toBase64?: () => string };
type Uint8ArrayWithFromBase64 = { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> };

const SLICE = 0x8000;

/** Base64 of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & WithBase64).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += SLICE) binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  return btoa(binary);
}

/** The bytes of base64 `text`. Throws on text that is not base64. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const native = (Uint8Array as unknown as Uint8ArrayWithFromBase64).fromBase64;
  if (typeof native === 'function') return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Base64 of a Blob's bytes. */
export async function blobToBase64(blob: Blob): Promise<string> {
  return encodeBase64(new Uint8Array(await blob.arrayBuffer()));
}
