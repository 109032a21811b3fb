/** Size limits, shared by the content script (to refuse early) and the background (to enforce). */

/** Largest total of file bytes one queued submission may carry. */
import { failure, type Failure } from './failure';
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Largest total of text (names and values, UTF-16 code units) one submission may carry. */
export const MAX_TEXT_CHARS = 16 * 1024 * 1024;
/** Most entries one submission may have. */
export const MAX_ENTRIES = 20_000;

/** "12.3 MB" style sizes for messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Undefined when within limits, else which limit (`tooManyFields`, `filesTooLarge`, `textTooLarge`) with the numbers for its words. */
export function checkLimits(entries: ReadonlyArray<{ name: string; value?: string; size?: number }>): Failure | undefined {
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
