/** Size limits, shared by the content script (to refuse early) and the background (to enforce). */
import { failure, type Failure } from './failure';
import { formatBytes } from './format-bytes';

/** Largest total of file bytes one queued submission may carry. */
export const MAX_FILE_BYTES = 200 * 1000 * 1000;
/** Largest total of text (names and values, UTF-16 code units) one submission may carry. */
export const MAX_TEXT_CHARS = 16 * 1000 * 1000;
/** Most entries one submission may have. */
export const MAX_ENTRIES = 20_000;

/** Undefined when within limits, else which limit (`tooManyFields`, `filesTooLarge`, `textTooLarge`) with the numbers for its words. */
export function checkLimits(
  entries: ReadonlyArray<{ name: string; value?: string; size?: number }>,
): Failure | undefined {
  if (entries.length > MAX_ENTRIES) return failure('tooManyFields', [entries.length, MAX_ENTRIES]);
  let fileBytes = 0;
  let textChars = 0;
  for (const e of entries) {
    textChars += e.name.length + (e.value?.length ?? 0);
    fileBytes += e.size ?? 0;
  }
  if (fileBytes > MAX_FILE_BYTES) {
    return failure('filesTooLarge', [formatBytes(fileBytes), formatBytes(MAX_FILE_BYTES)]);
  }
  if (textChars > MAX_TEXT_CHARS) return failure('textTooLarge', [formatBytes(textChars * 2)]);
  return undefined;
}
