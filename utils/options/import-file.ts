/**
 * Hands an export file to the background for import (docs/data.md): its text, decoded as UTF-8 a
 * slice at a time, goes in pieces (`stageImportChunk`: a runtime message is capped, and Chrome's
 * carry JSON only), then `importData` asks for the import of the whole. The background checks and
 * stores it, or refuses it with nothing changed.
 */
import type { ImportOutcome } from '../core/import-reading';
import type { ProtocolMap } from '../messaging';

/** Bytes of the file read and sent at a time (a message stays far below the browsers' cap). */
export const IMPORT_SLICE_BYTES = 4 * 1024 * 1024;

/** How the page reaches the background (sendToBackground, or a fake in tests). */
export type SendImportMessage = <K extends 'stageImportChunk' | 'importData'>(
  type: K,
  data: ProtocolMap[K]['data'],
) => Promise<ProtocolMap[K]['result']>;

function answered<T extends { ok: boolean }>(answer: T | undefined): Extract<T, { ok: true }> {
  if (!answer) throw new Error('Form Outbox did not answer.');
  if (!answer.ok) throw new Error((answer as unknown as { error: string }).error);
  return answer as Extract<T, { ok: true }>;
}

/** Sends `file` for import and resolves with what the background did. Throws when the background cannot be reached. */
export async function importFile(file: Blob, send: SendImportMessage): Promise<ImportOutcome> {
  const importId = crypto.randomUUID();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let index = 0;
  for (let offset = 0; offset < file.size || index === 0; offset += IMPORT_SLICE_BYTES) {
    const last = offset + IMPORT_SLICE_BYTES >= file.size;
    let text: string;
    try {
      text = decoder.decode(new Uint8Array(await file.slice(offset, offset + IMPORT_SLICE_BYTES).arrayBuffer()), {
        stream: !last,
      });
    } catch {
      return { kind: 'refused', refusal: { code: 'not-json', detail: 'not UTF-8 text' } };
    }
    answered(await send('stageImportChunk', { importId, index: index++, text }));
  }
  return answered(await send('importData', { importId, chunks: index })).outcome;
}
