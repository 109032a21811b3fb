import { failureReason } from '@/utils/popup/reason';
import { describe, expect, it } from 'vitest';
import type { SendObservation } from '@/utils/core/outcome';
import {
  createReplayScheduler,
  drainOnce,
  groupByOrigin,
  LEASE_BATCH_SIZE,
  type DrainReport,
  type ReplayPorts,
} from '@/utils/core/replay-engine';
import type { OutboxItem } from '@/utils/core/types';
import { buildItem } from '../item-builder';

const T0 = 1_700_000_000_000;

function item(id: string, seq: number, origin: string, overrides: Partial<OutboxItem> = {}): OutboxItem {
  return buildItem({ id, seq, ...overrides }, { origin, at: T0 });
}

const ok: SendObservation = { kind: 'response', status: 200, statusText: 'OK', finalUrl: 'x', redirected: false };
const status = (code: number): SendObservation => ({
  kind: 'response',
  status: code,
  statusText: '',
  finalUrl: 'x',
  redirected: false,
});

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** In-memory ports that behave like the repository (plain objects, injected clock). */
function createFakePorts(
  items: OutboxItem[],
  answers: Record<string, SendObservation | (() => Promise<SendObservation>)> = {},
) {
  const store = new Map(items.map((i) => [i.id, { ...i }]));
  const log: string[] = [];
  let clock = T0;
  let online = true;
  let inFlight = 0;
  let maxInFlight = 0;
  let listCalls = 0;
  /** As the repository's releaseLeased: back to pending, the attempt not counted. */
  const release = (leased: OutboxItem) => {
    const current = store.get(leased.id)!;
    if (current.status === 'sending')
      store.set(leased.id, { ...current, status: 'pending', attempts: current.attempts - 1 });
  };
  const ports: ReplayPorts = {
    now: () => clock,
    isOnline: () => online,
    random: () => 1,
    async listPending() {
      listCalls++;
      return [...store.values()].filter((i) => i.status === 'pending').map((i) => ({ ...i }));
    },
    async lease(ids, now) {
      log.push(`lease ${ids.join(',')}`);
      return ids.map((id) => {
        const current = store.get(id);
        if (!current || current.status !== 'pending') return undefined;
        const leased = { ...current, status: 'sending' as const, attempts: current.attempts + 1, updatedAt: now };
        store.set(id, leased);
        return { ...leased };
      });
    },
    async release(items) {
      log.push(`release ${items.map((i) => i.id).join(',')}`);
      for (const leased of items) release(leased);
    },
    async send(leased) {
      log.push(`send ${leased.id}`);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        const answer = answers[leased.id] ?? ok;
        return typeof answer === 'function' ? await answer() : answer;
      } finally {
        inFlight--;
        log.push(`done ${leased.id}`);
      }
    },
    async settle(leased, outcome, released = []) {
      log.push(`settle ${leased.id}${released.length ? ` releasing ${released.map((i) => i.id).join(',')}` : ''}`);
      for (const item of released) release(item);
      const current = store.get(leased.id)!;
      if (outcome.kind === 'sent') store.set(leased.id, { ...current, status: 'sent', result: outcome.result });
      else if (outcome.kind === 'retry')
        store.set(leased.id, { ...current, status: 'pending', nextAttemptAt: outcome.at, lastError: outcome.error });
      else store.set(leased.id, { ...current, status: 'failed', lastError: outcome.error });
    },
  };
  return {
    ports,
    store,
    log,
    sends: () => log.filter((l) => l.startsWith('send ')).map((l) => l.slice(5)),
    /** The log without the sends' ends. */
    steps: () => log.filter((l) => !l.startsWith('done ')),
    setClock: (t: number) => {
      clock = t;
    },
    setOnline: (value: boolean) => {
      online = value;
    },
    maxInFlight: () => maxInFlight,
    listCalls: () => listCalls,
  };
}

describe('groupByOrigin', () => {
  it('groups by origin, each group in seq order, groups in order of their first item', () => {
    const groups = groupByOrigin([
      item('b2', 4, 'https://b.test'),
      item('a2', 3, 'https://a.test'),
      item('a1', 1, 'https://a.test'),
      item('b1', 2, 'https://b.test'),
    ]);
    expect([...groups.keys()]).toEqual(['https://a.test', 'https://b.test']);
    expect(groups.get('https://a.test')!.map((i) => i.id)).toEqual(['a1', 'a2']);
    expect(groups.get('https://b.test')!.map((i) => i.id)).toEqual(['b1', 'b2']);
  });
});

describe('drainOnce', () => {
  it("sends one origin's items first-in first-out, whatever order they are listed in", async () => {
    const fake = createFakePorts([
      item('c', 3, 'https://a.test'),
      item('a', 1, 'https://a.test'),
      item('b', 2, 'https://a.test'),
    ]);
    const report = await drainOnce(fake.ports);
    expect(fake.sends()).toEqual(['a', 'b', 'c']);
    expect(report).toEqual({ sent: 3, retried: 0, failed: 0 });
    expect([...fake.store.values()].map((i) => [i.id, i.status, i.attempts])).toEqual([
      ['c', 'sent', 1],
      ['a', 'sent', 1],
      ['b', 'sent', 1],
    ]);
  });

  it('a head not yet due holds back its origin, but not other origins', async () => {
    const fake = createFakePorts([
      item('a1', 1, 'https://a.test', { nextAttemptAt: T0 + 60_000, attempts: 1 }),
      item('a2', 2, 'https://a.test'),
      item('b1', 3, 'https://b.test'),
    ]);
    const report = await drainOnce(fake.ports);
    expect(fake.sends()).toEqual(['b1']);
    expect(fake.store.get('a2')!.status).toBe('pending');
    expect(fake.store.get('a2')!.attempts).toBe(0);
    expect(report.sent).toBe(1);
  });

  it('reports as next due time when the waiting head is due, not the (blocked) item behind it', async () => {
    const fake = createFakePorts([
      item('a1', 1, 'https://a.test', { nextAttemptAt: T0 + 60_000, attempts: 1 }),
      item('a2', 2, 'https://a.test'),
    ]);
    const report = await drainOnce(fake.ports);
    expect(fake.sends()).toEqual([]);
    expect(report).toEqual({ sent: 0, retried: 0, failed: 0, nextDueAt: T0 + 60_000 });
  });

  it('sends the head once its time comes, then the items behind it', async () => {
    const fake = createFakePorts([
      item('a2', 2, 'https://a.test'),
      item('a1', 1, 'https://a.test', { nextAttemptAt: T0 + 60_000 }),
    ]);
    await drainOnce(fake.ports);
    expect(fake.sends()).toEqual([]);
    fake.setClock(T0 + 60_000);
    expect(await drainOnce(fake.ports)).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(fake.sends()).toEqual(['a1', 'a2']);
  });

  it('a failed (4xx) item does not block the next one of its origin', async () => {
    const fake = createFakePorts(
      [item('a1', 1, 'https://a.test'), item('a2', 2, 'https://a.test'), item('a3', 3, 'https://a.test')],
      { a1: status(422), a2: status(404) },
    );
    const report = await drainOnce(fake.ports);
    expect(fake.sends()).toEqual(['a1', 'a2', 'a3']);
    expect(report).toEqual({ sent: 1, retried: 0, failed: 2 });
    expect(fake.store.get('a1')!.status).toBe('failed');
    expect(failureReason(fake.store.get('a1')!.lastError!, fake.store.get('a1')!.request.url)).toBe(
      'The site refused it: the site could not accept these values. Edit the values and retry.',
    );
    expect(fake.store.get('a3')!.status).toBe('sent');
  });

  it("a retry ends that origin's pass (order is kept) while other origins go on", async () => {
    const fake = createFakePorts(
      [
        item('a1', 1, 'https://a.test'),
        item('a2', 2, 'https://a.test'),
        item('b1', 3, 'https://b.test'),
        item('b2', 4, 'https://b.test'),
      ],
      { a1: status(503) },
    );
    const report = await drainOnce(fake.ports);
    expect(fake.sends().sort()).toEqual(['a1', 'b1', 'b2']);
    expect(report).toEqual({ sent: 2, retried: 1, failed: 0, nextDueAt: T0 + 5_000 });
    expect(fake.store.get('a1')).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 5_000 });
    expect(fake.store.get('a2')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('a network error is retried with the backoff of the attempt count', async () => {
    const fake = createFakePorts([item('a1', 1, 'https://a.test', { attempts: 2 })], {
      a1: { kind: 'network-error', message: 'down' },
    });
    const report = await drainOnce(fake.ports);
    expect(fake.store.get('a1')).toMatchObject({ status: 'pending', attempts: 3, nextAttemptAt: T0 + 20_000 });
    expect(report.nextDueAt).toBe(T0 + 20_000);
  });

  it('passes the retry window from the ports to the classification', async () => {
    const fake = createFakePorts([item('a1', 1, 'https://a.test', { capturedAt: T0 - 10_000 })], { a1: status(500) });
    fake.ports.retryWindowMs = () => 10_000;
    const report = await drainOnce(fake.ports);
    expect(report).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(fake.store.get('a1')!.lastError!.kind).toBe('expired');
  });

  it('offline: no attempt at all, nothing leased or counted', async () => {
    const fake = createFakePorts([item('a1', 1, 'https://a.test'), item('b1', 2, 'https://b.test')]);
    fake.setOnline(false);
    const report = await drainOnce(fake.ports);
    expect(fake.sends()).toEqual([]);
    expect([...fake.store.values()].map((i) => [i.status, i.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    expect(report.sent + report.retried + report.failed).toBe(0);
  });

  it('offline: reports a next check no sooner than OFFLINE_RECHECK_MS (no polling loop)', async () => {
    const fake = createFakePorts([item('a1', 1, 'https://a.test')]);
    fake.setOnline(false);
    const report = await drainOnce(fake.ports);
    expect(report.nextDueAt).toBe(T0 + 30_000);
  });

  it('going offline mid-pass stops before the next item', async () => {
    const fake = createFakePorts([item('a1', 1, 'https://a.test'), item('a2', 2, 'https://a.test')], {
      a1: async () => {
        fake.setOnline(false);
        return ok;
      },
    });
    const report = await drainOnce(fake.ports);
    expect(fake.sends()).toEqual(['a1']);
    expect(report.sent).toBe(1);
    expect(fake.store.get('a2')!.attempts).toBe(0);
  });

  it('skips an item that is no longer pending when it comes to lease it', async () => {
    const fake = createFakePorts([item('a1', 1, 'https://a.test'), item('a2', 2, 'https://a.test')]);
    const lease = fake.ports.lease;
    fake.ports.lease = async (ids, now) => {
      fake.store.set('a1', { ...fake.store.get('a1')!, status: 'failed' }); // discarded or settled meanwhile
      return lease(ids, now);
    };
    const report = await drainOnce(fake.ports);
    expect(fake.sends()).toEqual(['a2']);
    expect(report).toEqual({ sent: 1, retried: 0, failed: 0 });
  });

  it(`leases up to ${LEASE_BATCH_SIZE} items at once and sends them one by one in order, each only once its lease is stored; outcomes are stored while the next requests go; the next batch is leased while the last request of a batch goes`, async () => {
    const ids = Array.from({ length: 2 * LEASE_BATCH_SIZE + 2 }, (_, i) => `a${i + 1}`);
    const fake = createFakePorts(ids.map((id, i) => item(id, i + 1, 'https://a.test')));
    const { settle, lease } = fake.ports;
    let leases = 0;
    fake.ports.settle = async (leased, outcome, released) => {
      await settle(leased, outcome, released);
      await tick();
      fake.log.push(`settled ${leased.id}`);
    };
    fake.ports.lease = async (leaseIds, now) => {
      const leased = await lease(leaseIds, now);
      await tick();
      fake.log.push(`leased ${++leases}`);
      return leased;
    };
    expect(await drainOnce(fake.ports)).toEqual({ sent: ids.length, retried: 0, failed: 0 });
    const steps = fake.steps();
    const at = (step: string) => {
      expect(steps).toContain(step);
      return steps.indexOf(step);
    };
    const batches = [ids.slice(0, 8), ids.slice(8, 16), ids.slice(16)];
    expect(steps.filter((s) => s.startsWith('lease '))).toEqual(batches.map((batch) => `lease ${batch.join(',')}`));
    expect(fake.sends()).toEqual(ids);
    batches.forEach((batch, b) => {
      // Every request of a batch leaves after its lease is stored.
      expect(at(`leased ${b + 1}`)).toBeLessThan(at(`send ${batch[0]}`));
      // Sends answer at once and outcomes take a macrotask to store: the requests of a batch do not
      // wait for the outcomes before them.
      expect(at(`send ${batch.at(-1)}`)).toBeLessThan(at(`settled ${batch[0]}`));
      const next = batches[b + 1];
      if (!next) return;
      // The next batch is asked for before the last request of this one leaves...
      expect(at(`lease ${next.join(',')}`)).toBeLessThan(at(`send ${batch.at(-1)}`));
      // ...and its first request waits for this batch's outcomes but the last one's (stored meanwhile).
      for (const id of batch.slice(0, -1)) expect(at(`settled ${id}`)).toBeLessThan(at(`send ${next[0]}`));
    });
    // The lane ends only when every outcome is stored.
    expect(steps.at(-1)).toBe(`settled ${ids.at(-1)}`);
    expect([...fake.store.values()].every((i) => i.status === 'sent' && i.attempts === 1)).toBe(true);
  });

  it('a retry on the last request of a batch gives back the batch leased ahead with its outcome, uncounted', async () => {
    const ids = Array.from({ length: LEASE_BATCH_SIZE + 3 }, (_, i) => `a${i + 1}`);
    const last = ids[LEASE_BATCH_SIZE - 1];
    const fake = createFakePorts(
      ids.map((id, i) => item(id, i + 1, 'https://a.test')),
      { [last]: status(503) },
    );
    expect(await drainOnce(fake.ports)).toMatchObject({ sent: LEASE_BATCH_SIZE - 1, retried: 1 });
    const ahead = ids.slice(LEASE_BATCH_SIZE);
    expect(fake.steps()).toContain(`lease ${ahead.join(',')}`);
    expect(fake.steps().at(-1)).toBe(`settle ${last} releasing ${ahead.join(',')}`);
    expect(fake.sends()).toEqual(ids.slice(0, LEASE_BATCH_SIZE));
    for (const id of ahead) expect(fake.store.get(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('a retry mid-batch gives back the unsent rest in the same write as its outcome, their attempts not counted', async () => {
    const fake = createFakePorts(
      [
        item('a1', 1, 'https://a.test'),
        item('a2', 2, 'https://a.test'),
        item('a3', 3, 'https://a.test', { attempts: 2, maybeSent: true }),
        item('a4', 4, 'https://a.test'),
      ],
      { a2: status(503) },
    );
    expect(await drainOnce(fake.ports)).toMatchObject({ sent: 1, retried: 1, failed: 0 });
    expect(fake.steps()).toEqual(['lease a1,a2,a3,a4', 'send a1', 'settle a1', 'send a2', 'settle a2 releasing a3,a4']);
    expect(fake.store.get('a2')).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 5_000 });
    expect(fake.store.get('a3')).toMatchObject({ status: 'pending', attempts: 2, maybeSent: true, nextAttemptAt: T0 });
    expect(fake.store.get('a4')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('the vault locked mid-batch: nothing more is sent, and the item whose turn it was and the rest go back uncounted', async () => {
    const fake = createFakePorts(['a1', 'a2', 'a3', 'a4'].map((id, i) => item(id, i + 1, 'https://a.test')));
    let locked = false;
    fake.ports.prepare = async (leased) => (locked ? { kind: 'locked' } : { kind: 'ready', item: leased });
    fake.ports.send = async (leased) => {
      fake.log.push(`send ${leased.id}`);
      if (leased.id === 'a2') locked = true; // "Lock now" while a2 is being sent
      return ok;
    };
    expect(await drainOnce(fake.ports)).toMatchObject({ sent: 2, retried: 0, failed: 0 });
    expect(fake.steps()).toEqual([
      'lease a1,a2,a3,a4',
      'send a1',
      'settle a1',
      'send a2',
      'settle a2',
      'release a3,a4',
    ]);
    expect(['a1', 'a2', 'a3', 'a4'].map((id) => [fake.store.get(id)!.status, fake.store.get(id)!.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
      ['pending', 0],
      ['pending', 0],
    ]);
  });

  it('an item that cannot be readied (unreadable) fails, and the batch goes on', async () => {
    const fake = createFakePorts(['a1', 'a2'].map((id, i) => item(id, i + 1, 'https://a.test')));
    fake.ports.prepare = async (leased) =>
      leased.id === 'a1'
        ? { kind: 'failed', error: { kind: 'invalid', message: 'unreadable', at: T0 } }
        : { kind: 'ready', item: leased };
    expect(await drainOnce(fake.ports)).toEqual({ sent: 1, retried: 0, failed: 1 });
    expect(fake.sends()).toEqual(['a2']);
    expect(fake.store.get('a1')).toMatchObject({ status: 'failed', lastError: { kind: 'invalid' } });
  });

  it('going offline mid-batch gives back the unsent rest with the outcome of the item just answered', async () => {
    const fake = createFakePorts(
      ['a1', 'a2', 'a3'].map((id, i) => item(id, i + 1, 'https://a.test')),
      {
        a1: async () => {
          fake.setOnline(false);
          return ok;
        },
      },
    );
    expect(await drainOnce(fake.ports)).toMatchObject({ sent: 1 });
    expect(fake.steps()).toEqual(['lease a1,a2,a3', 'send a1', 'settle a1 releasing a2,a3']);
    expect(fake.store.get('a2')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('a lane whose outcome cannot be stored stops at the next step and gives back what it leased and did not send', async () => {
    const fake = createFakePorts(['a1', 'a2', 'a3', 'a4', 'a5'].map((id, i) => item(id, i + 1, 'https://a.test')));
    const settle = fake.ports.settle;
    fake.ports.settle = async (leased, outcome, released) => {
      if (leased.id === 'a2') throw new Error('disk gone');
      return settle(leased, outcome, released);
    };
    await expect(drainOnce(fake.ports)).rejects.toThrow('disk gone');
    // a3 left while a2's outcome was being stored; the failure shows before a3's outcome is stored.
    expect(fake.steps().slice(-3)).toEqual(['send a2', 'send a3', 'release a4,a5']);
    // Sent, outcome not stored: left in sending for the recovery ("maybe sent").
    for (const id of ['a2', 'a3']) expect(fake.store.get(id)).toMatchObject({ status: 'sending', attempts: 1 });
    for (const id of ['a4', 'a5']) expect(fake.store.get(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('leases only the due items up to the first one not due, and nothing while offline', async () => {
    const later = createFakePorts([
      item('b1', 1, 'https://b.test'),
      item('b2', 2, 'https://b.test'),
      item('b3', 3, 'https://b.test', { nextAttemptAt: T0 + 1 }),
      item('b4', 4, 'https://b.test'),
    ]);
    await drainOnce(later.ports);
    expect(later.steps()).toEqual(['lease b1,b2', 'send b1', 'settle b1', 'send b2', 'settle b2']);
    expect(later.store.get('b4')!).toMatchObject({ status: 'pending', attempts: 0 });
    const offline = createFakePorts([item('c1', 1, 'https://c.test')]);
    offline.setOnline(false);
    await drainOnce(offline.ports);
    expect(offline.steps()).toEqual([]);
  });

  it('per origin, capture order holds across batches; a batch never mixes origins', async () => {
    const count = 2 * LEASE_BATCH_SIZE + 3;
    const items = Array.from({ length: 2 * count }, (_, i) =>
      item(`${i % 2 ? 'b' : 'a'}${Math.floor(i / 2) + 1}`, i + 1, `https://${i % 2 ? 'b' : 'a'}.test`),
    );
    const fake = createFakePorts([...items].reverse());
    expect((await drainOnce(fake.ports)).sent).toBe(2 * count);
    for (const origin of ['a', 'b']) {
      expect(fake.sends().filter((id) => id.startsWith(origin))).toEqual(
        Array.from({ length: count }, (_, i) => `${origin}${i + 1}`),
      );
    }
    const leases = fake
      .steps()
      .filter((l) => l.startsWith('lease '))
      .map((l) => l.slice(6).split(','));
    expect(leases).toHaveLength(6);
    for (const lease of leases) expect(new Set(lease.map((id) => id[0])).size).toBe(1);
  });

  it('lanes of different origins run at once, each with its own batch, within the concurrency limit', async () => {
    const origins = ['a', 'b', 'c'];
    const items = origins.flatMap((o, k) =>
      Array.from({ length: 10 }, (_, i) => item(`${o}${i + 1}`, k * 10 + i + 1, `https://${o}.test`)),
    );
    const answers = Object.fromEntries(
      items.map((i) => [
        i.id,
        async () => {
          await tick();
          return ok;
        },
      ]),
    );
    const fake = createFakePorts(items, answers);
    let maxSending = 0;
    const send = fake.ports.send;
    fake.ports.send = (leased) => {
      maxSending = Math.max(maxSending, [...fake.store.values()].filter((i) => i.status === 'sending').length);
      return send(leased);
    };
    expect((await drainOnce(fake.ports, 2)).sent).toBe(30);
    expect(fake.maxInFlight()).toBe(2);
    expect(maxSending).toBeGreaterThan(LEASE_BATCH_SIZE); // two lanes' batches at once
    expect(maxSending).toBeLessThanOrEqual(2 * LEASE_BATCH_SIZE);
  });

  it('no next due time when nothing is left', async () => {
    const fake = createFakePorts([]);
    expect(await drainOnce(fake.ports)).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('drains origins concurrently: slow sends to two origins overlap', async () => {
    const gates: Record<string, () => void> = {};
    const slow = (id: string) => () =>
      new Promise<SendObservation>((resolve) => {
        gates[id] = () => resolve(ok);
      });
    const fake = createFakePorts([item('a1', 1, 'https://a.test'), item('b1', 2, 'https://b.test')], {
      a1: slow('a1'),
      b1: slow('b1'),
    });
    const drained = drainOnce(fake.ports);
    for (let i = 0; i < 20 && Object.keys(gates).length < 2; i++) await tick();
    expect(fake.log.filter((l) => /^(send|done) /.test(l))).toEqual(['send a1', 'send b1']);
    gates.b1();
    gates.a1();
    expect(await drained).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(fake.maxInFlight()).toBe(2);
  });

  it('within one origin, sends one at a time', async () => {
    const fake = createFakePorts([item('a1', 1, 'https://a.test'), item('a2', 2, 'https://a.test')], {
      a1: async () => {
        await tick();
        return ok;
      },
    });
    await drainOnce(fake.ports);
    expect(fake.log.filter((l) => /^(send|done) /.test(l))).toEqual(['send a1', 'done a1', 'send a2', 'done a2']);
    expect(fake.maxInFlight()).toBe(1);
  });

  it('limits concurrency across origins', async () => {
    const origins = ['a', 'b', 'c', 'd', 'e'];
    const answers = Object.fromEntries(
      origins.map((o) => [
        o,
        async () => {
          await tick();
          return ok;
        },
      ]),
    );
    const fake = createFakePorts(
      origins.map((o, i) => item(o, i + 1, `https://${o}.test`)),
      answers,
    );
    expect((await drainOnce(fake.ports, 2)).sent).toBe(5);
    expect(fake.maxInFlight()).toBe(2);
  });
});

describe('createReplayScheduler', () => {
  function gatedPorts() {
    const fake = createFakePorts([]);
    let passes = 0;
    const gates: Array<() => void> = [];
    fake.ports.listPending = async () => [];
    const listPending = async () => {
      passes++;
      await new Promise<void>((resolve) => gates.push(resolve));
      return [];
    };
    // drainOnce calls listPending twice per pass; gate only the first call of each pass.
    let call = 0;
    fake.ports.listPending = async () => (call++ % 2 === 0 ? listPending() : []);
    return { ports: fake.ports, passes: () => passes, open: () => gates.shift()?.() };
  }

  it('runs one pass per request when idle', async () => {
    const reports: DrainReport[] = [];
    const fake = createFakePorts([item('a1', 1, 'https://a.test')]);
    const scheduler = createReplayScheduler(fake.ports, (r) => {
      reports.push(r);
    });
    expect(scheduler.busy).toBe(false);
    const done = scheduler.request();
    expect(scheduler.busy).toBe(true);
    await done;
    expect(scheduler.busy).toBe(false);
    expect(reports).toEqual([{ sent: 1, retried: 0, failed: 0 }]);
    await scheduler.request();
    expect(reports).toHaveLength(2);
  });

  it('coalesces requests made while a pass runs into exactly one more pass', async () => {
    const gated = gatedPorts();
    const reports: DrainReport[] = [];
    const scheduler = createReplayScheduler(gated.ports, (r) => {
      reports.push(r);
    });
    const first = scheduler.request();
    await tick();
    expect(gated.passes()).toBe(1);
    const second = scheduler.request();
    const third = scheduler.request();
    expect(second).toBe(first);
    expect(third).toBe(first);
    gated.open();
    await tick();
    expect(gated.passes()).toBe(2);
    gated.open();
    await first;
    expect(gated.passes()).toBe(2);
    expect(reports).toHaveLength(2);
    expect(scheduler.busy).toBe(false);
  });

  it('a request made during the extra pass gets one more pass', async () => {
    const gated = gatedPorts();
    const scheduler = createReplayScheduler(gated.ports, () => undefined);
    const done = scheduler.request();
    await tick();
    void scheduler.request();
    gated.open();
    await tick();
    expect(gated.passes()).toBe(2);
    void scheduler.request();
    gated.open();
    await tick();
    expect(gated.passes()).toBe(3);
    gated.open();
    await done;
    expect(gated.passes()).toBe(3);
  });

  it('never loses a request, whatever microtask it lands on while a pass finishes', async () => {
    for (let delay = 0; delay < 12; delay++) {
      let passes = 0;
      let requested = false;
      const fake = createFakePorts([]);
      let call = 0;
      fake.ports.listPending = async () => {
        if (call++ % 2 === 0) passes++;
        return [];
      };
      let scheduler: ReturnType<typeof createReplayScheduler> | undefined = undefined;
      let late: Promise<void> | undefined;
      let passesAtRequest = -1;
      scheduler = createReplayScheduler(fake.ports, () => {
        if (requested) return;
        requested = true;
        // Land a request `delay` microtasks after onDrained returns.
        let p: Promise<void> = Promise.resolve();
        for (let i = 0; i < delay; i++) p = p.then(() => undefined);
        void p.then(() => {
          passesAtRequest = passes;
          late = scheduler!.request();
        });
      });
      await scheduler.request();
      for (let i = 0; i < 20 && !late; i++) await tick();
      await late;
      expect(passesAtRequest, `request ${delay} microtasks after the pass`).toBe(1);
      expect(passes, `request ${delay} microtasks after the pass`).toBe(2);
    }
  });

  it('propagates a failing pass to the requester and recovers for the next request', async () => {
    const fake = createFakePorts([]);
    let fail = true;
    fake.ports.listPending = async () => {
      if (fail) throw new Error('db closed');
      return [];
    };
    const scheduler = createReplayScheduler(fake.ports, () => undefined);
    await expect(scheduler.request()).rejects.toThrow('db closed');
    expect(scheduler.busy).toBe(false);
    fail = false;
    await expect(scheduler.request()).resolves.toBeUndefined();
  });
});
