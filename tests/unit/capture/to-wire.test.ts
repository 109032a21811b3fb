// @vitest-environment happy-dom
/**
 * How a submission's files leave the page (issue 19): whole through the fast channel when it takes
 * them, else as base64 chunks under a fresh upload id, the failed upload abandoned.
 */
import { describe, expect, it } from 'vitest';
import { queueSubmission } from '@/utils/capture/to-wire';
import { frameChannel, FRAME_MIN_BYTES, type SendWholeFiles } from '@/utils/capture/file-channel';
import type { ResolvedSubmission } from '@/utils/capture/resolve-submission';

const submission = (file: File): ResolvedSubmission => ({
  method: 'POST',
  url: 'https://shop.example/submit',
  enctype: 'multipart/form-data',
  entries: [
    { name: 'note', value: 'hi' },
    { name: 'photo', file },
  ],
  target: '_self',
});

/** A background that records every message and accepts them all. */
function recordingSend() {
  const calls: Array<{ type: string; data: Record<string, unknown> }> = [];
  const send = (async (type: string, data: Record<string, unknown>) => {
    calls.push({ type, data });
    if (type === 'enqueueSubmission') return { ok: true, id: 'item-1', duplicate: false };
    if (type === 'openFileChannel') return { ok: true, token: '0123456789abcdef0123456789abcdef' };
    return { ok: true };
  }) as never;
  return { calls, send };
}

const file = new File(['photo bytes'], 'p.jpg', { type: 'image/jpeg', lastModified: 1 });

describe('queueSubmission and the fast file channel', () => {
  it('files taken whole: no chunk, the submission names the same upload (control for the cases below)', async () => {
    const { calls, send } = recordingSend();
    const used: string[] = [];
    const whole: SendWholeFiles = async (uploadId, files) => (
      used.push(uploadId),
      expect(files).toEqual([file]),
      'sent'
    );
    expect(await queueSubmission(submission(file), send, whole)).toEqual({ ok: true, id: 'item-1', duplicate: false });
    expect(calls.map((c) => c.type)).toEqual(['enqueueSubmission']);
    expect(calls[0].data.uploadId).toBe(used[0]);
  });

  it('a failed fast channel: that upload is abandoned and the chunks go under a new id', async () => {
    const { calls, send } = recordingSend();
    const used: string[] = [];
    const whole: SendWholeFiles = async (uploadId) => (used.push(uploadId), 'failed');
    expect(await queueSubmission(submission(file), send, whole)).toMatchObject({ ok: true });
    expect(calls.map((c) => c.type)).toEqual(['abandonUpload', 'stageFileChunk', 'enqueueSubmission']);
    expect(calls[0].data.uploadId).toBe(used[0]);
    expect(calls[1].data.uploadId).not.toBe(used[0]);
    expect(calls[2].data.uploadId).toBe(calls[1].data.uploadId);
  });

  it('a skipped fast channel: chunks, nothing abandoned; without a channel, chunks too', async () => {
    for (const whole of [async () => 'skipped' as const, undefined]) {
      const { calls, send } = recordingSend();
      expect(await queueSubmission(submission(file), send, whole)).toMatchObject({ ok: true });
      expect(calls.map((c) => c.type)).toEqual(['stageFileChunk', 'enqueueSubmission']);
    }
  });

  it("Chromium's frame channel is not tried below FRAME_MIN_BYTES (no ticket asked for)", async () => {
    const { calls, send } = recordingSend();
    const channel = frameChannel(send, 'chrome-extension://id/file-frame.html');
    expect(await channel('u-1', [new Blob([new Uint8Array(FRAME_MIN_BYTES - 1)])], false)).toBe('skipped');
    expect(calls).toEqual([]);
  });

  it("Chromium's frame channel: a refused ticket is a failure, without loading any frame", async () => {
    const calls: string[] = [];
    const send = (async (type: string) => (
      calls.push(type),
      { ok: false, error: 'This page has too many uploads under way.' }
    )) as never;
    const channel = frameChannel(send, 'chrome-extension://id/file-frame.html');
    expect(await channel('u-1', [new Blob([new Uint8Array(FRAME_MIN_BYTES)])], false)).toBe('failed');
    expect(calls).toEqual(['openFileChannel']);
    expect(document.querySelector('form-outbox-files')).toBeNull();
  });
});
