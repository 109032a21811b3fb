/**
 * Reads a file in slices as base64, for runtime messaging (JSON-only, 64 MiB a message).
 * FileReader rather than Blob.arrayBuffer(): Firefox's content scripts see page Files through Xray
 * wrappers on which arrayBuffer() is denied.
 */

/** Bytes per chunk: 4 MiB, about 5.3 MiB as base64, well under the message cap. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/** Base64 of a Blob's bytes. */
export function readBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error('The file could not be read', { cause: reader.error }));
    reader.readAsDataURL(blob);
  });
}

/** Calls `send` for each chunk of `file` in order, awaiting each before reading the next. */
export async function forEachChunk(file: Blob, send: (offset: number, base64: string) => Promise<void>): Promise<void> {
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    await send(offset, await readBase64(file.slice(offset, offset + CHUNK_BYTES)));
  }
}
