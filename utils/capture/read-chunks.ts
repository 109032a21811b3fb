/**
 * Reads a file in slices as base64, for runtime messaging (JSON-only, 64 MiB a message).
 * Where the engine has Uint8Array.prototype.toBase64 (Chrome 140+), Blob.arrayBuffer() and
 * toBase64(): about twice as fast as FileReader.readAsDataURL. Otherwise, and where arrayBuffer() is
 * denied (Firefox's content scripts see page Files through Xray wrappers), FileReader.
 */
import { blobToBase64 } from '../core/base64';
import { failure, FailureError } from '../core/failure';

/** Bytes per chunk: 4 MiB, about 5.3 MiB as base64, well under the message cap. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * How many chunks may be on their way to the background at once. Two keep both ends busy: the page
 * reads and encodes the next chunk while the background decodes and stages the previous one.
 */
export const CHUNKS_IN_FLIGHT = 2;

type WithToBase64 = Uint8Array & { toBase64?: () => string };

/** Base64 of a Blob's bytes. */
export async function readBase64(blob: Blob): Promise<string> {
  // Without the native encoder, FileReader (the browser's own encoder) beats btoa over sliced strings.
  if (typeof (Uint8Array.prototype as WithToBase64).toBase64 === 'function') {
    let base64: string | undefined;
    try {
      base64 = await blobToBase64(blob);
    } catch {
      base64 = undefined; // denied (Firefox's Xray wrappers): FileReader below can read it
    }
    if (base64 !== undefined) return base64;
  }
  return readDataUrlBase64(blob);
}

function readDataUrlBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new FailureError(failure('fileUnreadable', undefined, String(reader.error))));
    reader.readAsDataURL(blob);
  });
}

export interface ChunkOptions {
  /** At most this many `send` calls pending at once (default CHUNKS_IN_FLIGHT). */
  inFlight?: number;
  /** Reads a slice (default readBase64; injectable for tests). */
  read?: (slice: Blob) => Promise<string>;
}

/**
 * Calls `send` for each chunk of `file`, each chunk exactly once, in offset order of the calls, with
 * at most `inFlight` calls pending: chunks may therefore arrive out of order (the receiver places
 * them by offset). Resolves once every call has succeeded. On the first failure no further chunk is
 * read or sent, the calls already pending are awaited (so nothing runs on after the caller gives
 * up), and the first error is thrown.
 */
export async function forEachChunk(
  file: Blob,
  send: (offset: number, base64: string) => Promise<void>,
  options: ChunkOptions = {},
): Promise<void> {
  const inFlight = Math.max(1, options.inFlight ?? CHUNKS_IN_FLIGHT);
  const read = options.read ?? readBase64;
  const pending = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  try {
    for (let offset = 0; offset < file.size && !failure; offset += CHUNK_BYTES) {
      const base64 = await read(file.slice(offset, offset + CHUNK_BYTES));
      while (pending.size >= inFlight) await Promise.race(pending);
      if (failure) break;
      // Never rejects: the failure is kept, so that no rejection goes unhandled while others are awaited.
      const call: Promise<void> = send(offset, base64)
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => pending.delete(call));
      pending.add(call);
    }
  } finally {
    await Promise.all(pending);
  }
  if (failure) throw failure.error;
}
