/**
 * Sends a resolved submission to the background: file bytes first, as staged chunks, then the
 * submission itself. The background acknowledges only after the item is durably stored.
 */
import { failureOf } from '../core/failure';
import { expectOk } from '../core/wire';
import type { ProtocolMap, WireEntry, WireSubmission } from '../messaging';
import { forEachChunk } from './read-chunks';
import type { QueueAnswer } from './submit-interceptor';
import type { ResolvedSubmission } from './resolve-submission';

type Send = <K extends keyof ProtocolMap>(type: K, data: ProtocolMap[K]['data']) => Promise<ProtocolMap[K]['result']>;

function effectiveReferrerPolicy(): string {
  const meta = document.querySelector('meta[name="referrer" i]');
  return meta?.getAttribute('content')?.trim().toLowerCase() || 'strict-origin-when-cross-origin';
}

/** Queues `submission` through `send`; never throws (problems come back as `{ ok: false }`). */
export function queueSubmission(submission: ResolvedSubmission, send: Send): Promise<QueueAnswer> {
  return transfer(submission, send, false);
}

/**
 * Gives the background an in-memory copy of an online submission (see the flaky-link rescue):
 * nothing is written to disk unless the navigation then fails at network level.
 */
export async function holdSubmission(submission: ResolvedSubmission, send: Send): Promise<void> {
  expectOk(await transfer(submission, send, true));
}

async function transfer(submission: ResolvedSubmission, send: Send, transient: boolean): Promise<QueueAnswer> {
  const files = submission.entries.flatMap((e) => ('file' in e ? [e.file] : []));
  const uploadId = files.length ? crypto.randomUUID() : undefined;
  try {
    const entries: WireEntry[] = [];
    let fileIndex = 0;
    for (const entry of submission.entries) {
      if (!('file' in entry)) {
        entries.push(entry);
        continue;
      }
      const index = fileIndex++;
      const { file } = entry;
      await forEachChunk(file, async (offset, base64) => {
        expectOk(await send('stageFileChunk', { uploadId: uploadId!, fileIndex: index, offset, base64, transient }));
      });
      entries.push({ name: entry.name, file: { index, name: file.name, type: file.type, size: file.size, lastModified: file.lastModified } });
    }
    const wire: WireSubmission = {
      method: submission.method,
      url: submission.url,
      enctype: submission.enctype,
      bodyFormat: submission.bodyFormat,
      entries,
      page: { url: location.href, title: document.title, referrerPolicy: effectiveReferrerPolicy() },
      uploadId,
      ...(submission.fieldLabels?.length ? { fieldLabels: submission.fieldLabels } : {}),
    };
    if (transient) {
      expectOk(await send('holdSubmission', wire));
      return { ok: true, id: '', duplicate: false };
    }
    return expectOk(await send('enqueueSubmission', wire));
  } catch (error) {
    if (uploadId) void send('abandonUpload', { uploadId, transient }).catch(() => undefined);
    return { ok: false, ...failureOf(error) };
  }
}
