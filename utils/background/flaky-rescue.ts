/**
 * Rescues online submissions that die on a flaky link. While a submission's navigation is under
 * way, the background holds an in-memory copy (never written to disk):
 *   hold(copy) --navigation commits--> dropped
 *              --navigation fails at network level--> stored in the queue, the tab shown a page that
 *                                                      says it was saved
 *              --aborted (Stop button, replaced, or Firefox restarting the load)--> kept, marked aborted
 *              --any other error (certificate, policy...)--> dropped
 *   aborted --a network-level error for the same target follows--> stored, as above
 *           --a new navigation starts in the frame, or a document commits--> dropped
 * Why an abort does not drop the copy: Firefox reports a form submission's first channel as
 * aborted (NS_BINDING_ABORTED) and restarts it before the real outcome (connection refused...)
 * arrives as a second error for the same URL. A real stop is followed by no network error, and the
 * next navigation (which always starts after the abort) drops the copy.
 * Holds are per tab and frame (a newer submission replaces an older one) and expire after
 * HOLD_TTL_MS in any case.
 */
import { classifyNavigationError } from '../core/network-errors';
import type { WireSubmission } from '../messaging';

export const HOLD_TTL_MS = 10 * 60_000;

export interface HeldSubmission {
  wire: WireSubmission;
  tabId: number;
  frameId: number;
  heldAt: number;
  /** Set when the navigation was reported aborted: the next navigation in the frame drops the copy. */
  aborted?: boolean;
}

export interface RescuePorts {
  now(): number;
  /** Stores the held submission in the queue; `maybeSent` items need a person before any resend. */
  store(held: HeldSubmission, blobs: Map<number, Blob>, maybeSent: boolean, error: string): Promise<string>;
  /** Tells the user (the tab shows the extension's page for the saved item). */
  rescued(held: HeldSubmission, id: string): Promise<void>;
}

interface NavigationDetails {
  tabId: number;
  frameId: number;
  url: string;
}

function sameTarget(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    x.hash = '';
    y.hash = '';
    return x.href === y.href;
  } catch {
    return false;
  }
}

export function createFlakyRescue(ports: RescuePorts) {
  const holds = new Map<string, HeldSubmission>();
  const chunks = new Map<string, { at: number; files: Map<number, Array<{ offset: number; blob: Blob }>> }>();
  const key = (tabId: number, frameId: number) => `${tabId}:${frameId}`;

  function forget(held: HeldSubmission | undefined) {
    if (!held) return;
    holds.delete(key(held.tabId, held.frameId));
    if (held.wire.uploadId) chunks.delete(held.wire.uploadId);
  }

  function expire() {
    const cutoff = ports.now() - HOLD_TTL_MS;
    for (const held of [...holds.values()]) if (held.heldAt < cutoff) forget(held);
    for (const [id, upload] of chunks) if (upload.at < cutoff) chunks.delete(id);
  }

  function blobsOf(wire: WireSubmission): Map<number, Blob> {
    const files = chunks.get(wire.uploadId ?? '')?.files;
    const blobs = new Map<number, Blob>();
    for (const entry of wire.entries) {
      if (!('file' in entry)) continue;
      const parts = [...(files?.get(entry.file.index) ?? [])].sort((a, b) => a.offset - b.offset);
      const blob = new Blob(parts.map((p) => p.blob));
      if (blob.size !== entry.file.size) throw new Error(`The copy of ${entry.file.name} is incomplete (${blob.size} of ${entry.file.size} bytes).`);
      blobs.set(entry.file.index, blob);
    }
    return blobs;
  }

  return {
    /** Keeps one chunk of a held file in memory. */
    stageChunk(uploadId: string, fileIndex: number, offset: number, blob: Blob) {
      expire();
      const upload = chunks.get(uploadId) ?? { at: ports.now(), files: new Map() };
      chunks.set(uploadId, upload);
      upload.files.set(fileIndex, [...(upload.files.get(fileIndex) ?? []), { offset, blob }]);
    },
    dropUpload(uploadId: string) {
      chunks.delete(uploadId);
    },
    /** Holds a copy of a submission whose navigation is about to start in this tab and frame. */
    hold(wire: WireSubmission, tabId: number, frameId: number) {
      expire();
      forget(holds.get(key(tabId, frameId)));
      holds.set(key(tabId, frameId), { wire, tabId, frameId, heldAt: ports.now() });
    },
    /** A document committed in this frame: the held submission (if any) got its answer. */
    onCommitted(details: NavigationDetails) {
      const held = holds.get(key(details.tabId, details.frameId));
      if (held && !details.url.startsWith('chrome-error:')) forget(held);
    },
    /** A navigation starts in a frame: a copy whose load was aborted before it belongs to an older one. */
    onBeforeNavigate(details: NavigationDetails) {
      const held = holds.get(key(details.tabId, details.frameId));
      if (held?.aborted) forget(held);
    },
    /** A navigation failed: rescue the held submission if this was it and the network failed. */
    async onErrorOccurred(details: NavigationDetails & { error: string }): Promise<string | undefined> {
      const held = holds.get(key(details.tabId, details.frameId));
      if (!held || !sameTarget(held.wire.url, details.url)) return undefined;
      const failure = classifyNavigationError(details.error);
      if (failure === 'aborted') {
        held.aborted = true;
        return undefined;
      }
      let blobs: Map<number, Blob>;
      try {
        if (failure === 'other') return undefined;
        blobs = blobsOf(held.wire);
      } finally {
        forget(held);
      }
      const id = await ports.store(held, blobs, failure === 'maybe-sent', details.error);
      await ports.rescued(held, id);
      return id;
    },
    /** How many submissions are held right now (diagnostics and tests). */
    get size() {
      return holds.size;
    },
  };
}
