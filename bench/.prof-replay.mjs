import { cleanup, clearItems, countItems, extensionPage, extensionWorker, launch, seedItems, startServer, waitFor, waitForArrivals, workerCdp, median } from './lib.mjs';
import fs from 'node:fs';
function cpu() { const out = {}; for (const pid of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) { try { const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); const t = (+st[11] + +st[12]) * 10; let k = /--type=(\S+)/.exec(cmd)?.[1] ?? (cmd.includes('chromium') ? 'browser' : cmd.includes('node') ? 'node' : null); if (!k) continue; if (k === 'utility') k = /--utility-sub-type=(\S+)/.exec(cmd)?.[1] ?? k; if (k==='renderer' && cmd.includes('extension')) k='renderer-ext'; out[k] = (out[k] ?? 0) + t; } catch {} } return out; }
const diff = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]).filter(([, v]) => v > 0));
const EXT = process.env.EXTENSION_DIR;
const N = 1000;
try {
  const server = await startServer({ '/page': ['text/html; charset=utf-8', '<!doctype html><p>x'] });
  const { context, close } = await launch(EXT);
  const { worker, id } = await extensionWorker(context);
  const admin = await extensionPage(context, id);
  const tab = await context.newPage();
  await tab.goto(`${server.origin}/page`);
  const target = [`${server.origin}/submit`];
  const cdp = await workerCdp(context, admin, `chrome-extension://${id}/`);
  for (let rep = 0; rep < (process.env.MODES ?? ',,').split(',').length; rep++) {
    const mode = (process.env.MODES ?? '').split(',')[rep] ?? '';
    await worker.evaluate((mode) => { globalThis.__noHeaderRules = mode.includes('nohr'); globalThis.__noSettle = mode.includes('nosettle'); }, mode);
    await context.setOffline(true);
    await clearItems(admin);
    await seedItems(admin, { count: N, targets: target });
    server.reset();
    const prof = rep === 2 && process.env.PROFILE;
    if (prof) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start'); }
    const c0 = cpu();
    const t0 = performance.now();
    await context.setOffline(false);
    const t1 = await waitForArrivals([server], N, 120000);
    console.log('cpu ms ext', JSON.stringify(diff(c0, cpu())));
    const gaps = server.arrivals.map((a, i, all) => i ? a.at - all[i - 1].at : 0).slice(1).sort((a, b) => a - b);
    console.log(`rep ${rep} ${mode}: ${(N / ((t1 - t0) / 1000)).toFixed(0)} req/s; gap median ${median(gaps).toFixed(2)} p90 ${gaps[Math.floor(gaps.length * 0.9)].toFixed(2)} p99 ${gaps[Math.floor(gaps.length * 0.99)].toFixed(2)} first ${(server.arrivals[0].at - t0).toFixed(0)}ms`);
    if (prof) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync('/tmp/prof/replay.cpuprofile', JSON.stringify(profile));
      const self = new Map(); const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const counts = new Map(); profile.samples.forEach((s, i) => counts.set(s, (counts.get(s) ?? 0) + (dt[i] ?? 0)));
      for (const [nid, us] of counts) { const n = byId.get(nid); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + us); }
      const total = [...self.values()].reduce((a, b) => a + b, 0);
      console.log('total sampled ms', (total / 1000).toFixed(0));
      for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((us / 1000).toFixed(1).padStart(8), k);
    }
    if (!mode.includes('nosettle')) await waitFor(async () => (await countItems(admin)).sent === N, 60000, 'sent');
    // plain loop
    server.reset();
    const pc0 = cpu();
    const p0 = performance.now();
    await worker.evaluate(async ({ url, n }) => { for (let i = 0; i < n; i++) { const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=' + i, credentials: 'include', cache: 'no-store' }); await r.arrayBuffer(); } }, { url: target[0], n: N });
    const p1 = await waitForArrivals([server], N, 120000);
    console.log('cpu ms plain', JSON.stringify(diff(pc0, cpu())));
    console.log(`   plain ${(N / ((p1 - p0) / 1000)).toFixed(0)} req/s`);
  }
  await close();
} finally { await cleanup(); }
