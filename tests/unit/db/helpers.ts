import { openOutboxDatabase, type OutboxDatabase } from '@/utils/db/database';
import type { FormEntry, SubmissionRequest, SubmissionSource } from '@/utils/core/types';

let counter = 0;

/** A database name no other test uses. */
export function uniqueName(label = 'outbox'): string {
  return `${label}-test-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`;
}

/** Opens a fresh outbox database; call the returned `cleanup` after the test. */
export async function freshDatabase(): Promise<{ db: OutboxDatabase; cleanup: () => Promise<void> }> {
  const db = openOutboxDatabase(uniqueName());
  await db.open();
  return { db, cleanup: () => db.delete() };
}

export function bytes0to255(): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(256);
  for (let i = 0; i < 256; i++) out[i] = i;
  return out;
}

export async function bytesOf(blob: Blob): Promise<number[]> {
  return Array.from(new Uint8Array(await blob.arrayBuffer()));
}

export function makeRequest(
  entries: FormEntry[] = [{ name: 'q', value: 'hello' }],
  url = 'https://shop.example/submit',
): SubmissionRequest {
  return { method: 'POST', url, enctype: 'application/x-www-form-urlencoded', entries };
}

export const SOURCE: SubmissionSource = {
  pageUrl: 'https://shop.example/form',
  pageTitle: 'Form',
  referrerPolicy: '',
  tabId: 3,
  frameId: 0,
};
