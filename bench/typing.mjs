// The cost of typing (drafts, docs/drafts.md): 1,000 characters typed into a textarea, key by key,
// in Chromium with Form Outbox and with a no-op extension (an empty content script declared like
// ours), side by side. What is measured is the page's main thread (CDP Performance.getMetrics:
// TaskDuration, every task of the renderer's main thread, and ScriptDuration, its JavaScript), from
// before the first key to 2.5 s after the last (so that the last save is counted), per document: a
// fresh page each time. Two kinds of session: "first typing" counts the first keystroke's request for
// the drafts code and its injection; "steady" types a few words first (the drafts code is there) and
// measures the next 1,000 characters: the cost per keystroke.
import { bounded, launch, median, quantile, startServer } from './lib.mjs';

const TEXT = Array.from({ length: 1000 }, (_, i) => 'Offline forms are common in the field. '[i % 39]).join('');
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Notes</title></head><body>
<form method="post" action="/submit/notes"><label>Subject <input name="subject"></label>
<label>Notes <textarea name="notes" rows="10" cols="80"></textarea></label><button>Send</button></form></body></html>`;

/** One typing session in `page`; resolves with the main thread's task and script time (ms) it took. */
async function typeOnce(page, cdp, url, warm) {
  await page.goto(url, { waitUntil: 'load' });
  await page.click('textarea[name=notes]');
  if (warm) {
    await page.keyboard.type('Warm up. ');
    await page.waitForTimeout(2_500);
    await page.fill('textarea[name=notes]', '');
    await page.click('textarea[name=notes]');
  }
  const metric = async (name) =>
    (await bounded(cdp.send('Performance.getMetrics'), 30_000, 'Performance.getMetrics')).metrics.find(
      (m) => m.name === name,
    )?.value ?? NaN;
  const [task0, script0] = [await metric('TaskDuration'), await metric('ScriptDuration')];
  const t0 = Date.now();
  await page.keyboard.type(TEXT);
  const typingMs = Date.now() - t0;
  await page.waitForTimeout(2_500);
  const [task1, script1] = [await metric('TaskDuration'), await metric('ScriptDuration')];
  const typed = await page.inputValue('textarea[name=notes]');
  await page.waitForTimeout(200);
  if (typed !== TEXT) throw new Error(`typed ${typed.length} characters, expected ${TEXT.length}`);
  return { task: (task1 - task0) * 1000, script: (script1 - script0) * 1000, typingMs };
}

/**
 * Runs the typing benchmark. `row(area, metric, value, baseline, ratio, target, status)` adds a line
 * to the results; `noopExtension` is the baseline extension's directory; `reps` how many sessions each.
 */
export async function typingCost(EXT, { row, ms, noopExtension, listenerExtension, reps, draftsIn }) {
  console.log('\n== Typing (drafts)');
  const server = await startServer({ '/notes': ['text/html; charset=utf-8', PAGE] });
  const browsers = {
    ours: await launch(EXT),
    noop: await launch(noopExtension),
    listener: await launch(listenerExtension),
  };
  const pages = {};
  const cdp = {};
  for (const [name, b] of Object.entries(browsers)) {
    pages[name] = await b.context.newPage();
    cdp[name] = await b.context.newCDPSession(pages[name]);
    await cdp[name].send('Performance.enable');
  }
  const results = { ours: [], noop: [], listener: [] };
  const steady = { ours: [], noop: [], listener: [] };
  for (let i = -1; i < reps; i++) {
    for (const name of i % 2 ? ['ours', 'noop', 'listener'] : ['listener', 'noop', 'ours']) {
      const result = await typeOnce(pages[name], cdp[name], `${server.origin}/notes?i=${i}`, false);
      if (i >= 0) results[name].push(result);
      const warm = await typeOnce(pages[name], cdp[name], `${server.origin}/notes?w=${i}`, true);
      if (i >= 0) steady[name].push(warm);
    }
  }
  // The drafts were kept: the last one holds all 1,000 characters.
  const kept = await draftsIn(browsers.ours.context);
  if (!kept.some((text) => text === TEXT)) throw new Error('Form Outbox kept no draft of the typed text');

  for (const [label, set] of [
    ['first typing in a page (drafts code requested and injected)', results],
    ['steady (drafts code already in the page): the cost per keystroke', steady],
  ]) {
    const med = (name, key) => median(set[name].map((r) => r[key]));
    const spread = (name, key) =>
      `p25–p75 ${ms(
        quantile(
          set[name].map((r) => r[key]),
          0.25,
        ),
      )}–${ms(
        quantile(
          set[name].map((r) => r[key]),
          0.75,
        ),
      )}`;
    const task = med('ours', 'task') - med('noop', 'task');
    const script = med('ours', 'script') - med('noop', 'script');
    row(
      'Typing',
      `1,000 characters typed key by key into a textarea, ${label}: page main-thread time (CDP TaskDuration, typing + 2.5 s; median of ${reps}), Form Outbox vs no-op content script`,
      `${ms(med('ours', 'task'))} (${spread('ours', 'task')})`,
      `${ms(med('noop', 'task'))} (${spread('noop', 'task')})`,
      `+${ms(task)} (${task.toFixed(0)} µs per character)`,
      '',
      '',
    );
    row(
      'Typing',
      `Same sessions (${label.split(' (')[0]}), main-thread JavaScript (CDP ScriptDuration); baseline: no-op content script`,
      ms(med('ours', 'script')),
      ms(med('noop', 'script')),
      `+${ms(script)} (${script.toFixed(0)} µs per character)`,
      '',
      '',
    );
    row(
      'Typing',
      `Same sessions (${label.split(' (')[0]}), main-thread JavaScript; baseline: a content script with one empty input listener (the floor of listening at all)`,
      ms(med('ours', 'script')),
      ms(med('listener', 'script')),
      `${(med('ours', 'script') / med('listener', 'script')).toFixed(2)}×`,
      '',
      '',
    );
  }
  for (const b of Object.values(browsers)) await b.close();
  await server.close();
}
