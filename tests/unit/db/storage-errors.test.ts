import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { isConnectionLost, isStorageFull, isWriteAborted, reopenDatabase } from '@/utils/db/storage-errors';
import { freshDatabase } from './helpers';

const dexie = (name: keyof typeof Dexie.errnames, inner?: unknown) =>
  new (Dexie as any)[`${name}Error`]('outer', inner) as Error;

describe('storage errors', () => {
  it('recognise a full store however it is wrapped (control: other errors are not)', () => {
    expect(isStorageFull(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isStorageFull(dexie('Abort', new DOMException('IO error: FILE_ERROR_NO_SPACE', 'UnknownError')))).toBe(true);
    expect(isStorageFull(new Error('write failed', { cause: new Error('disk full') }))).toBe(true);
    expect(isStorageFull(new TypeError('x is undefined'))).toBe(false);
  });

  it('an abort with no reason is a refused write; an abort with a reason is not', () => {
    expect(isWriteAborted(dexie('Abort', dexie('Abort')))).toBe(true);
    expect(isWriteAborted(dexie('Abort', new DOMException('Key already exists', 'ConstraintError')))).toBe(false);
    expect(isWriteAborted(new Error('x'))).toBe(false);
  });

  it('a lost connection (closed, failed open, backing store) is recognised', () => {
    expect(isConnectionLost(dexie('DatabaseClosed'))).toBe(true);
    expect(
      isConnectionLost(
        dexie(
          'OpenFailed',
          new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError'),
        ),
      ),
    ).toBe(true);
    // Firefox, after a full disk: the connection stays but refuses every write until opened again.
    expect(
      isConnectionLost(
        dexie(
          'InvalidState',
          new DOMException(
            'A mutation operation was attempted on a database that did not allow mutations.',
            'InvalidStateError',
          ),
        ),
      ),
    ).toBe(true);
    expect(isConnectionLost(dexie('Abort'))).toBe(false);
  });

  it('reopening brings back a database that was closed for good', async () => {
    const { db, cleanup } = await freshDatabase();
    db.close({ disableAutoOpen: true });
    await expect(db.items.count()).rejects.toThrow();
    await reopenDatabase(db);
    expect(await db.items.count()).toBe(0);
    await cleanup();
  });
});
