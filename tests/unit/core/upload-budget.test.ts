import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '@/utils/core/limits';
import { createUploadBudget, MAX_STAGED_BYTES, MAX_UPLOADS_PER_TAB, UPLOAD_TTL_MS } from '@/utils/core/upload-budget';

const MB = 1024 * 1024;

describe('upload budget', () => {
  it('an upload belongs to the tab that started it: another tab can neither add to it nor use it (control: the owner can)', () => {
    const budget = createUploadBudget();
    expect(budget.admit('u1', 1, 0, 0, 4 * MB, 0)).toBe(true);
    expect(budget.admit('u1', 1, 0, 4 * MB, 4 * MB, 0)).toBe(true);
    expect(budget.admit('u1', 2, 0, 8 * MB, 1, 0)).toBe('uploadForeign');
    expect(budget.owns('u1', 1)).toBe(true);
    expect(budget.owns('u1', 2)).toBe(false);
    budget.release('u1');
    expect(budget.owns('u1', 2)).toBe(true);
  });

  it('has: an upload counts from its first admitted bytes until released or expired', () => {
    const budget = createUploadBudget();
    expect(budget.has('u1', 0)).toBe(false);
    expect(budget.admit('u1', 1, 0, 0, 0, 0)).toBe(true); // an empty file counts too
    expect(budget.has('u1', 1)).toBe(true);
    budget.release('u1');
    expect(budget.has('u1', 2)).toBe(false);
    budget.admit('u2', 1, 0, 0, 1, 0);
    expect(budget.has('u2', UPLOAD_TTL_MS + 1)).toBe(false);
  });

  it('caps one upload at the submission limit, counts each chunk once and bounds what all tabs stage together', () => {
    const budget = createUploadBudget();
    const fill = (id: string, tabId: number) => {
      for (let offset = 0; offset < MAX_FILE_BYTES; offset += 4 * MB)
        expect(budget.admit(id, tabId, 0, offset, Math.min(4 * MB, MAX_FILE_BYTES - offset), 0)).toBe(true);
    };
    fill('big', 1);
    expect(budget.admit('big', 1, 1, 0, 1, 0)).toBe('uploadTooLarge');
    expect(budget.admit('big', 1, 0, 0, 1, 0)).toBe('malformed');
    expect(MAX_STAGED_BYTES).toBe(2 * MAX_FILE_BYTES);
    fill('other', 2);
    expect(budget.admit('third', 3, 0, 0, 1, 0)).toBe('stagingFull');
    budget.release('big');
    expect(budget.admit('third', 3, 0, 0, 1, 0)).toBe(true);
  });

  it('limits the uploads a tab has open, and forgets abandoned ones after a while', () => {
    const budget = createUploadBudget();
    for (let i = 0; i < MAX_UPLOADS_PER_TAB; i++) expect(budget.admit(`u${i}`, 7, 0, 0, 1, 0)).toBe(true);
    expect(budget.admit('one-more', 7, 0, 0, 1, 0)).toBe('tooManyUploads');
    expect(budget.admit('elsewhere', 8, 0, 0, 1, 0)).toBe(true);
    expect(budget.admit('later', 7, 0, 0, 1, UPLOAD_TTL_MS + 1)).toBe(true);
  });
});
