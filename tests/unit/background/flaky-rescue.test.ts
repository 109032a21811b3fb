import { describe, expect, it } from 'vitest';
import {
  createFlakyRescue,
  GECKO_ABORT_GRACE_MS,
  HOLD_TTL_MS,
  type HeldSubmission,
} from '@/utils/background/flaky-rescue';
import type { WireSubmission } from '@/utils/messaging';

const wire = (url = 'http://a.test/submit', uploadId?: string, size = 0): WireSubmission => ({
  method: 'POST',
  url,
  enctype: 'multipart/form-data',
  entries: [
    { name: 'x', value: '1' },
    ...(uploadId ? [{ name: 'f', file: { index: 0, name: 'f.bin', type: '', size, lastModified: 0 } }] : []),
  ],
  page: { url: 'http://a.test/form', title: 'Form', referrerPolicy: '' },
  uploadId,
});

function setup() {
  let now = 1_000;
  const stored: Array<{ held: HeldSubmission; blobs: Map<number, Blob>; maybeSent: boolean }> = [];
  const rescued: string[] = [];
  const rescue = createFlakyRescue({
    now: () => now,
    store: async (held, blobs, maybeSent) => {
      stored.push({ held, blobs, maybeSent });
      return `id${stored.length}`;
    },
    rescued: async (_held, id) => void rescued.push(id),
  });
  return { rescue, stored, rescued, advance: (ms: number) => (now += ms) };
}

describe('createFlakyRescue', () => {
  it('stores a held submission whose navigation was refused, with its file reassembled', async () => {
    const { rescue, stored, rescued } = setup();
    rescue.stageChunk('u1', 0, 3, new Blob(['def']));
    rescue.stageChunk('u1', 0, 0, new Blob(['abc']));
    rescue.hold(wire('http://a.test/submit', 'u1', 6), 5, 0);
    const id = await rescue.onErrorOccurred({
      tabId: 5,
      frameId: 0,
      url: 'http://a.test/submit#x',
      error: 'net::ERR_CONNECTION_REFUSED',
    });
    expect(id).toBe('id1');
    expect(rescued).toEqual(['id1']);
    expect(stored[0].maybeSent).toBe(false);
    expect(await stored[0].blobs.get(0)!.text()).toBe('abcdef');
    expect(rescue.size).toBe(0);
  });

  it('marks submissions whose connection died after sending as maybe sent', async () => {
    const { rescue, stored } = setup();
    rescue.hold(wire(), 1, 0);
    await rescue.onErrorOccurred({
      tabId: 1,
      frameId: 0,
      url: 'http://a.test/submit',
      error: 'net::ERR_CONNECTION_RESET',
    });
    expect(stored[0].maybeSent).toBe(true);
  });

  it('drops the copy when the navigation commits, or fails for a reason that is not the network', async () => {
    const { rescue, stored } = setup();
    rescue.hold(wire(), 1, 0);
    rescue.onCommitted({ tabId: 1, frameId: 0, url: 'http://a.test/thanks' });
    expect(rescue.size).toBe(0);
    expect(
      await rescue.onErrorOccurred({
        tabId: 1,
        frameId: 0,
        url: 'http://a.test/submit',
        error: 'net::ERR_CONNECTION_REFUSED',
      }),
    ).toBeUndefined();
    rescue.hold(wire(), 1, 0);
    expect(
      await rescue.onErrorOccurred({ tabId: 1, frameId: 0, url: 'http://a.test/submit', error: 'net::ERR_ABORTED' }),
    ).toBeUndefined();
    expect(rescue.size).toBe(0);
    expect(stored).toEqual([]);
  });

  it('Firefox: an abort reported before the network cause of the same navigation does not drop the copy', async () => {
    const { rescue, stored, advance } = setup();
    rescue.hold(wire(), 1, 0);
    expect(
      await rescue.onErrorOccurred({
        tabId: 1,
        frameId: 0,
        url: 'http://a.test/submit',
        error: 'Error code 2152398850',
      }),
    ).toBeUndefined();
    expect(rescue.size).toBe(1);
    advance(200);
    expect(
      await rescue.onErrorOccurred({
        tabId: 1,
        frameId: 0,
        url: 'http://a.test/submit',
        error: 'Error code 2152398861',
      }),
    ).toBe('id1');
    expect(stored[0].maybeSent).toBe(false);
    expect(rescue.size).toBe(0);
  });

  it('Firefox: an abort with no network cause soon after (the user pressed Stop) is never rescued', async () => {
    const { rescue, stored, advance } = setup();
    rescue.hold(wire(), 1, 0);
    await rescue.onErrorOccurred({ tabId: 1, frameId: 0, url: 'http://a.test/submit', error: 'NS_BINDING_ABORTED' });
    advance(GECKO_ABORT_GRACE_MS + 1);
    expect(
      await rescue.onErrorOccurred({
        tabId: 1,
        frameId: 0,
        url: 'http://a.test/submit',
        error: 'Error code 2152398861',
      }),
    ).toBeUndefined();
    expect(rescue.size).toBe(0);
    // A second abort is not a cause either.
    rescue.hold(wire(), 1, 0);
    await rescue.onErrorOccurred({ tabId: 1, frameId: 0, url: 'http://a.test/submit', error: 'Error code 2152398850' });
    expect(
      await rescue.onErrorOccurred({
        tabId: 1,
        frameId: 0,
        url: 'http://a.test/submit',
        error: 'Error code 2152398850',
      }),
    ).toBeUndefined();
    expect(rescue.size).toBe(0);
    // A commit after the abort drops it as usual.
    rescue.hold(wire(), 1, 0);
    await rescue.onErrorOccurred({ tabId: 1, frameId: 0, url: 'http://a.test/submit', error: 'Error code 2152398850' });
    rescue.onCommitted({ tabId: 1, frameId: 0, url: 'http://a.test/elsewhere' });
    expect(rescue.size).toBe(0);
    expect(stored).toEqual([]);
  });

  it('ignores errors of other frames, tabs and URLs; an error page commit does not drop the copy', async () => {
    const { rescue, stored } = setup();
    rescue.hold(wire(), 1, 0);
    rescue.onCommitted({ tabId: 1, frameId: 0, url: 'chrome-error://chromewebdata/' });
    await rescue.onErrorOccurred({
      tabId: 2,
      frameId: 0,
      url: 'http://a.test/submit',
      error: 'net::ERR_CONNECTION_REFUSED',
    });
    await rescue.onErrorOccurred({
      tabId: 1,
      frameId: 3,
      url: 'http://a.test/submit',
      error: 'net::ERR_CONNECTION_REFUSED',
    });
    await rescue.onErrorOccurred({
      tabId: 1,
      frameId: 0,
      url: 'http://a.test/other',
      error: 'net::ERR_CONNECTION_REFUSED',
    });
    expect(stored).toEqual([]);
    expect(rescue.size).toBe(1);
  });

  it('refuses to store an incomplete file copy, and forgets holds after their time to live', async () => {
    const { rescue, stored, advance } = setup();
    rescue.stageChunk('u2', 0, 0, new Blob(['ab']));
    rescue.hold(wire('http://a.test/submit', 'u2', 5), 1, 0);
    await expect(
      rescue.onErrorOccurred({
        tabId: 1,
        frameId: 0,
        url: 'http://a.test/submit',
        error: 'net::ERR_CONNECTION_REFUSED',
      }),
    ).rejects.toThrow('incomplete');
    expect(stored).toEqual([]);
    rescue.hold(wire(), 1, 0);
    advance(HOLD_TTL_MS + 1);
    rescue.hold(wire(), 9, 0); // any new hold expires the old ones
    expect(rescue.size).toBe(1);
  });
});
