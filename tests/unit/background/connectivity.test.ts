import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createConnectivity, HINT_PASS_INTERVAL_MS } from '@/utils/background/connectivity';

afterEach(() => fakeBrowser.reset());

function setup(online: { value: boolean }) {
  let now = 1_000_000;
  const ports = {
    now: () => now,
    isOnline: () => online.value,
    makeNetworkFailuresDue: vi.fn(async () => 1),
    replay: vi.fn(async () => undefined),
  };
  return { ports, connectivity: createConnectivity(ports), advance: (ms: number) => (now += ms) };
}

describe('connectivity', () => {
  it('a page\'s "online" with no offline the worker saw itself moves no schedule, and passes on hints alone are rate-limited', async () => {
    const online = { value: true };
    const { ports, connectivity, advance } = setup(online);
    for (let i = 0; i < 5; i++) await connectivity.hint(true);
    expect(ports.makeNetworkFailuresDue).not.toHaveBeenCalled();
    expect(ports.replay).toHaveBeenCalledTimes(1);
    advance(HINT_PASS_INTERVAL_MS);
    await connectivity.hint(true);
    expect(ports.replay).toHaveBeenCalledTimes(2);
  });

  it('a real return of the network (offline seen by the worker, then online) makes network failures due once (control for the above)', async () => {
    const online = { value: false };
    const { ports, connectivity } = setup(online);
    await connectivity.hint(false);
    expect(ports.replay).not.toHaveBeenCalled();
    online.value = true;
    await connectivity.hint(true);
    expect(ports.makeNetworkFailuresDue).toHaveBeenCalledTimes(1);
    expect(ports.replay).toHaveBeenCalledTimes(1);
    // Seen once: more hints are ordinary (and throttled).
    await connectivity.hint(true);
    expect(ports.makeNetworkFailuresDue).toHaveBeenCalledTimes(1);
  });

  it('a page claiming to be offline while the worker is online records nothing', async () => {
    const online = { value: true };
    const { ports, connectivity } = setup(online);
    await connectivity.hint(false);
    await connectivity.check();
    expect(ports.makeNetworkFailuresDue).not.toHaveBeenCalled();
  });
});
