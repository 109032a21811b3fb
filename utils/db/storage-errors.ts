/**
 * Recognising storage failures, which reach us wrapped (Dexie's AbortError around the browser's
 * DOMException) and worded differently by each engine: a quota refusal is a QuotaExceededError, a
 * full disk in Chromium an UnknownError "IO error ... FILE_ERROR_NO_SPACE", and after such a
 * failure the connection is closed and later operations fail with DatabaseClosedError or
 * OpenFailedError ("Internal error opening backing store"). Firefox keeps the connection after a
 * full disk but refuses every later write on it with an InvalidStateError ("A mutation operation was
 * attempted on a database that did not allow mutations") until it is opened again.
 */
import type { OutboxDatabase } from './database';

/** The error and everything it wraps (Dexie's `inner`, the standard `cause`), outermost first. */
function chain(error: unknown): { name: string; message: string }[] {
  const links: { name: string; message: string }[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { name, message } = current as { name?: unknown; message?: unknown };
    links.push({ name: String(name ?? ''), message: String(message ?? '') });
    current = (current as { inner?: unknown }).inner ?? (current as { cause?: unknown }).cause;
  }
  return links;
}

/** True when the device (or the browser's quota for the extension) has no room left. */
export function isStorageFull(error: unknown): boolean {
  return chain(error).some(
    ({ name, message }) =>
      name === 'QuotaExceededError' || /quota|no_space|no space|disk (is )?full|not enough space/i.test(message),
  );
}

/**
 * True when a write transaction was aborted with no reason given. Chromium reports a commit that
 * failed on a full disk this way (the UnknownError "FILE_ERROR_NO_SPACE" goes only to its log).
 */
export function isWriteAborted(error: unknown): boolean {
  const links = chain(error);
  return links.length > 0 && links.every(({ name }) => name === 'AbortError');
}

/** True when the database connection is gone (closed by the browser after a failure) or could not be opened. */
export function isConnectionLost(error: unknown): boolean {
  return chain(error).some(
    ({ name, message }) =>
      name === 'DatabaseClosedError' ||
      name === 'OpenFailedError' ||
      /backing store|database connection is closing|database has been closed|did not allow mutations/i.test(message),
  );
}

/**
 * Opens `db` again after its connection was lost. Dexie keeps a failed open for good otherwise,
 * so without this a full disk, once freed, would still refuse everything until the worker restarts.
 */
export async function reopenDatabase(db: OutboxDatabase): Promise<void> {
  db.close({ disableAutoOpen: false });
  await db.open();
}
