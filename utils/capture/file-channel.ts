/**
 * The fast file channel, page side: hands a submission's files to the worker whole, as Blobs, without
 * reading or encoding them in the page (the chunked base64 path, read-chunks.ts, stays as the
 * fallback). Two ways, by browser:
 *   - Firefox: runtime messaging clones Blobs (sendFiles).
 *   - Chromium (messaging is JSON-only): a ticket from the worker (openFileChannel), then the Blobs
 *     and the ticket posted into the extension's file frame, loaded for this one transfer inside a
 *     closed shadow root and addressed by its extension origin (so no other document can receive
 *     them); the frame passes them to the worker, which redeems the ticket. The frame is removed after.
 * Never throws: on any failure the caller sends the files the chunked way.
 */
import type { Ack, FileAnnouncement, ProtocolMap } from '../messaging';

type Send = <K extends keyof ProtocolMap>(type: K, data: ProtocolMap[K]['data']) => Promise<ProtocolMap[K]['result']>;

/**
 * Sends `files` (by file index) of `uploadId` whole: 'sent' when the worker took them, 'failed' when
 * it was tried and did not work (the upload is then to be abandoned), 'skipped' when not tried.
 */
export type SendWholeFiles = (
  uploadId: string,
  files: Blob[],
  transient: boolean,
) => Promise<'sent' | 'failed' | 'skipped'>;

/** How long the page waits for the frame to load and the worker to take the files. */
export const FRAME_WAIT_MS = 15_000;

/**
 * Below this many file bytes in all, Chromium sends the chunks instead: one or a few messages cost
 * less than loading the frame (tens of ms, which an online submission with files waits for).
 */
export const FRAME_MIN_BYTES = 1024 * 1024;

/** Firefox: runtime messaging carries the Blobs themselves. */
export function messagingChannel(send: Send): SendWholeFiles {
  return async (uploadId, files, transient) => {
    try {
      const answer: Ack | undefined = await send('sendFiles', {
        uploadId,
        files: files.map((blob, fileIndex) => ({ fileIndex, blob })),
        transient,
      });
      return answer?.ok === true ? 'sent' : 'failed';
    } catch {
      return 'failed';
    }
  };
}

/** Chromium: a ticket, then the extension's file frame at `frameUrl` (runtime.getURL of file-frame.html). */
export function frameChannel(send: Send, frameUrl: string): SendWholeFiles {
  return async (uploadId, files, transient) => {
    if (files.reduce((sum, blob) => sum + blob.size, 0) < FRAME_MIN_BYTES) return 'skipped';
    try {
      const announced: FileAnnouncement[] = files.map((blob, fileIndex) => ({ fileIndex, size: blob.size }));
      const ticket = await send('openFileChannel', { uploadId, files: announced, transient });
      if (!ticket?.ok) return 'failed';
      return (await throughFrame(frameUrl, ticket.token, files)) ? 'sent' : 'failed';
    } catch {
      return 'failed';
    }
  };
}

function throughFrame(frameUrl: string, token: string, files: Blob[]): Promise<boolean> {
  const host = document.createElement('form-outbox-files');
  host.style.setProperty('display', 'none', 'important');
  const root = host.attachShadow({ mode: 'closed' });
  const frame = document.createElement('iframe');
  frame.src = frameUrl;
  root.append(frame);
  const channel = new MessageChannel();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answer = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), FRAME_WAIT_MS);
    channel.port1.onmessage = (event: MessageEvent) => resolve((event.data as { ok?: unknown } | null)?.ok === true);
    frame.addEventListener(
      'load',
      () => {
        // Addressed to the frame's extension origin: if the page navigated the frame elsewhere, nothing is delivered.
        frame.contentWindow?.postMessage(
          { token, files: files.map((blob, fileIndex) => ({ fileIndex, blob })) },
          new URL(frameUrl).origin,
          [channel.port2],
        );
      },
      { once: true },
    );
  });
  (document.body ?? document.documentElement).append(host);
  return answer.finally(() => {
    clearTimeout(timer);
    channel.port1.close();
    host.remove();
  });
}
