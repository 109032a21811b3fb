/**
 * Sends a resolved submission to the background: file bytes first, as staged chunks, then the
 * submission itself. The background acknowledges only after the item is durably stored.
 */
import { failureOf } from '../core/failure';
import { expectOk } from '../core/wire';
import type { ProtocolMap, WireEntry, WireSubmission } from '../messaging';
import { forEachChunk } from './read-chunks';
import type { SendWholeFiles } from './file-channel';
import type { QueueAnswer } from './submit-interceptor';
import type { ResolvedSubmission } from './resolve-submission';

type Send = <K extends keyof ProtocolMap>(type: K, data: ProtocolMap[K]['data']) => Promise<ProtocolMap[K]['result']>;

function effectiveReferrerPolicy(): string {
  const meta = document.querySelector('meta[name="referrer" i]');
  return meta?.getAttribute('content')?.trim().toLowerCase() || 'strict-origin-when-cross-origin';
}

/**
 * Queues `submission` through `send`; never throws (problems come back as `{ ok: false }`). Files go
 * whole through `wholeFiles` (the fast channel) when given and it works, else in base64 chunks.
 */
export function queueSubmission(
  submission: ResolvedSubmission,
  send: Send,
  wholeFiles?: SendWholeFiles,
): Promise<QueueAnswer> {
  return transfer(submission, send, false, wholeFiles);
}

/**
 * Gives the background an in-memory copy of an online submission (see the flaky-link rescue):
 * nothing is written to disk unless the navigation then fails at network level.
 */
export async function holdSubmission(
  submission: ResolvedSubmission,
  send: Send,
  wholeFiles?: SendWholeFiles,
): Promise<void> {
  expectOk(await transfer(submission, send, true, wholeFiles));
}

/**
 * An upload id whose files reached the worker whole through `wholeFiles`, or undefined (no files, no
 * fast channel, not worth it, or it failed: the worker is then told to forget that upload, and the
 * chunks go under a new id, so that a late delivery can never mix with them).
 */
async function sendWhole(
  files: File[],
  send: Send,
  transient: boolean,
  wholeFiles: SendWholeFiles | undefined,
): Promise<string | undefined> {
  if (!files.length || !wholeFiles) return undefined;
  const uploadId = crypto.randomUUID();
  const outcome = await wholeFiles(uploadId, files, transient);
  if (outcome === 'sent') return uploadId;
  if (outcome === 'failed') void send('abandonUpload', { uploadId, transient }).catch(() => undefined);
  return undefined;
}

async function transfer(
  submission: ResolvedSubmission,
  send: Send,
  transient: boolean,
  wholeFiles?: SendWholeFiles,
): Promise<QueueAnswer> {
  const files = submission.entries.flatMap((e) => ('file' in e ? [e.file] : []));
  const sentWhole = await sendWhole(files, send, transient, wholeFiles);
  const uploadId = sentWhole ?? (files.length ? crypto.randomUUID() : undefined);
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
      if (!sentWhole) {
        await forEachChunk(file, async (offset, base64) => {
          expectOk(await send('stageFileChunk', { uploadId: uploadId!, fileIndex: index, offset, base64, transient }));
        });
      }
      entries.push({
        name: entry.name,
        file: { index, name: file.name, type: file.type, size: file.size, lastModified: file.lastModified },
      });
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
