/**
 * Rescues online submissions that die on a flaky link. While a submission's navigation is under
 * way, the background holds an in-memory copy (never written to disk):
 *   hold(copy) --navigation commits--> dropped
 *              --navigation fails at network level--> stored in the queue, the tab shown a page that
 *                                                      says it was saved
 *              --any other error (stopped, replaced, certificate...)--> dropped
 * Holds are per tab and frame (a newer submission replaces an older one) and expire after
 * HOLD_TTL_MS in any case.
 */
import { classifyNavigationError } from '../core/network-errors';
import type { WireSubmission } from '../core/wire';

export const HOLD_TTL_MS = 10 * 60_000;
/**
 * Firefox reports a failed navigation twice: first NS_BINDING_ABORTED ("Error code 2152398850"),
 * then the network cause (e.g. NS_ERROR_CONNECTION_REFUSED) for the same navigation. After a Gecko
 * abort the hold waits this long for the cause before it counts as a real stop.
 */
export const GECKO_ABORT_GRACE_MS = 5_000;
const GECKO_ABORTED = /\b2152398850\b|NS_BINDING_ABORTED/;

export interface HeldSubmission {
  /** The submission, its page's address already the browser's (see page-commands.ts). */
  wire: WireSubmission;
  tabId: number;
  frameId: number;
  /** The document that made it, where the browser tells. */
  documentId?: string;
  heldAt: number;
  /** When Firefox reported an abort for this navigation (its cause may follow). */
  abortedAt?: number;
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
      if (blob.size !== entry.file.size)
        throw new Error(`The copy of ${entry.file.name} is incomplete (${blob.size} of ${entry.file.size} bytes).`);
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
    hold(wire: WireSubmission, tabId: number, frameId: number, documentId?: string) {
      expire();
      forget(holds.get(key(tabId, frameId)));
      holds.set(key(tabId, frameId), {
        wire,
        tabId,
        frameId,
        ...(documentId ? { documentId } : {}),
        heldAt: ports.now(),
      });
    },
    /** A document committed in this frame: the held submission (if any) got its answer. */
    onCommitted(details: NavigationDetails) {
      const held = holds.get(key(details.tabId, details.frameId));
      if (held && !details.url.startsWith('chrome-error:')) forget(held);
    },
    /** A navigation failed: rescue the held submission if this was it and the network failed. */
    async onErrorOccurred(details: NavigationDetails & { error: string }): Promise<string | undefined> {
      const held = holds.get(key(details.tabId, details.frameId));
      if (!held || !sameTarget(held.wire.url, details.url)) return undefined;
      const failure = classifyNavigationError(details.error);
      if (failure === 'other' && GECKO_ABORTED.test(details.error) && held.abortedAt === undefined) {
        held.abortedAt = ports.now();
        return undefined;
      }
      if (held.abortedAt !== undefined && ports.now() - held.abortedAt > GECKO_ABORT_GRACE_MS) {
        forget(held);
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
