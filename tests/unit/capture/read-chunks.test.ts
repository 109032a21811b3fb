import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHUNK_BYTES, forEachChunk, readBase64 } from '@/utils/capture/read-chunks';

/** A file of `chunks` chunks and a tail; each chunk filled with its own letter. */
function fileOf(chunks: number, tail = 10): Blob {
  const parts = Array.from({ length: chunks }, (_, i) => 'abcdefgh'[i].repeat(CHUNK_BYTES));
  return new Blob([...parts, 'z'.repeat(tail)]);
}

const read = async (slice: Blob) => `${slice.size}:${await slice.slice(0, 1).text()}`;

/** A send whose calls stay pending until released, recording the order of events. */
function controlledSend() {
  const log: string[] = [];
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let pending = 0;
  let maxPending = 0;
  const send = (offset: number, base64: string) =>
    new Promise<void>((resolve, reject) => {
      log.push(`send ${offset / CHUNK_BYTES} ${base64}`);
      pending++;
      maxPending = Math.max(maxPending, pending);
      waiting.set(offset / CHUNK_BYTES, {
        resolve: () => {
          pending--;
          log.push(`done ${offset / CHUNK_BYTES}`);
          resolve();
        },
        reject: (e) => {
          pending--;
          log.push(`fail ${offset / CHUNK_BYTES}`);
          reject(e);
        },
      });
    });
  const settle = async (index: number, error?: Error) => {
    for (let i = 0; i < 50 && !waiting.has(index); i++) await new Promise((r) => setTimeout(r, 0));
    const call = waiting.get(index);
    if (!call) throw new Error(`chunk ${index} was never sent`);
    waiting.delete(index);
    if (error) call.reject(error);
    else call.resolve();
  };
  return { send, settle, log, waiting, max: () => maxPending };
}

describe('forEachChunk', () => {
  it('sends every chunk once, with its offset, whatever the number in flight', async () => {
    for (const inFlight of [1, 2, 4]) {
      const seen: string[] = [];
      await forEachChunk(fileOf(3), async (offset, base64) => void seen.push(`${offset}=${base64}`), {
        inFlight,
        read,
      });
      expect(seen).toEqual([
        `0=${CHUNK_BYTES}:a`,
        `${CHUNK_BYTES}=${CHUNK_BYTES}:b`,
        `${2 * CHUNK_BYTES}=${CHUNK_BYTES}:c`,
        `${3 * CHUNK_BYTES}=10:z`,
      ]);
    }
  });

  it('sends nothing for an empty file', async () => {
    const seen: number[] = [];
    await forEachChunk(new Blob([]), async (offset) => void seen.push(offset), { read });
    expect(seen).toEqual([]);
  });

  it('keeps at most `inFlight` chunks pending, and resolves only when all are acknowledged', async () => {
    const c = controlledSend();
    let finished = false;
    const run = forEachChunk(fileOf(3), c.send, { inFlight: 2, read }).then(() => void (finished = true));
    await c.settle(1); // chunk 1 was sent before chunk 0 was acknowledged: reading overlaps sending
    await c.settle(0);
    await c.settle(2);
    expect(finished).toBe(false);
    await c.settle(3);
    await run;
    expect(c.max()).toBe(2);
    expect(c.log.indexOf('send 1 4194304:b')).toBeLessThan(c.log.indexOf('done 0'));
  });

  it('one in flight is strictly sequential', async () => {
    const c = controlledSend();
    const run = forEachChunk(fileOf(2), c.send, { inFlight: 1, read });
    for (const i of [0, 1, 2]) await c.settle(i);
    await run;
    expect(c.log).toEqual(['send 0 4194304:a', 'done 0', 'send 1 4194304:b', 'done 1', 'send 2 10:z', 'done 2']);
  });

  it('on a failure: sends no further chunk, waits for the pending one, throws the first error', async () => {
    const c = controlledSend();
    let outcome: unknown;
    const run = forEachChunk(fileOf(4), c.send, { inFlight: 2, read }).catch((e: unknown) => void (outcome = e));
    await c.settle(0, new Error('disk full'));
    await c.settle(1); // the chunk already on its way is awaited before the error is given
    await run;
    expect(outcome).toEqual(new Error('disk full'));
    expect(c.log.filter((l) => l.startsWith('send'))).toEqual(['send 0 4194304:a', 'send 1 4194304:b']);
    expect(c.waiting.size).toBe(0);
  });

  it('a failing read stops the transfer after the pending chunks are settled', async () => {
    const c = controlledSend();
    let reads = 0;
    let outcome: unknown;
    const failingRead = async (slice: Blob) => {
      if (++reads === 2) throw new Error('The file could not be read');
      return read(slice);
    };
    const run = forEachChunk(fileOf(3), c.send, { inFlight: 2, read: failingRead }).catch(
      (e: unknown) => void (outcome = e),
    );
    await c.settle(0);
    await run;
    expect(outcome).toEqual(new Error('The file could not be read'));
    expect(c.log).toEqual(['send 0 4194304:a', 'done 0']);
  });
});

describe('readBase64', () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
  const expected = Buffer.from(bytes).toString('base64');
  const proto = Uint8Array.prototype as Uint8Array & { toBase64?: () => string };
  const native = proto.toBase64;

  /** A minimal FileReader (Node has none) that reads as a data URL. */
  class FakeFileReader {
    result: string | null = null;
    error: Error | null = null;
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    readAsDataURL(blob: Blob) {
      // The reader reads the bytes itself, past any wrapper.
      void Blob.prototype.arrayBuffer.call(blob).then((buffer) => {
        this.result = `data:application/octet-stream;base64,${Buffer.from(buffer).toString('base64')}`;
        this.onload?.();
      });
    }
  }

  afterEach(() => {
    if (native) proto.toBase64 = native;
    else delete proto.toBase64;
    vi.unstubAllGlobals();
  });

  it('uses arrayBuffer() and toBase64() where the engine has them', async () => {
    proto.toBase64 = function (this: Uint8Array) {
      return Buffer.from(this).toString('base64');
    };
    vi.stubGlobal('FileReader', undefined);
    expect(await readBase64(new Blob([bytes]))).toBe(expected);
  });

  it('falls back to FileReader where arrayBuffer() is denied (Firefox Xray) or toBase64 is missing', async () => {
    vi.stubGlobal('FileReader', FakeFileReader);
    proto.toBase64 = function (this: Uint8Array) {
      return Buffer.from(this).toString('base64');
    };
    const denied = new Blob([bytes]);
    denied.arrayBuffer = () => Promise.reject(new Error('Permission denied to access property "constructor"'));
    expect(await readBase64(denied)).toBe(expected);
    delete proto.toBase64;
    expect(await readBase64(new Blob([bytes]))).toBe(expected);
  });
});
