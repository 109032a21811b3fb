#!/usr/bin/env node
// The demo site for Form Outbox: a small field-service app with three everyday forms, served by
// Node's own http module (no framework, no dependencies).
//
//   node scripts/demo-server.mjs            # port from DEMO_PORT, or a free one
//   DEMO_PORT=8080 node scripts/demo-server.mjs
//
// Pages:  /  /work-order (multipart POST with a photo)  /feedback (urlencoded POST)  /parts (GET search)
// It keeps everything it receives in memory: /received (HTML), /received/<n> (one receipt),
// /api/received (JSON: fields, file names, sizes and SHA-256 digests, a few request headers).
// A POST that repeats an Idempotency-Key already seen gets the first receipt again and is not stored twice.
// A work order can be closed once: a second one for the same job number is refused (422), as a real
// app would, so that the tour can show a failure with its reason and an edit-and-retry.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'demo');
const MAX_BODY_BYTES = 64 * 1024 * 1024;

const SITES = {
  'harbour-pump-3': 'Harbour pumping station 3',
  'elm-st-substation': 'Elm Street substation',
  'north-depot': 'North depot, bay 2',
  'riverside-clinic': 'Riverside clinic (HVAC)',
};

const FORMS = {
  'work-order': { title: 'Work order closed', path: '/work-order' },
  feedback: { title: 'Feedback sent', path: '/feedback' },
  parts: { title: 'Parts search', path: '/parts' },
};

const STATIC = {
  '/assets/style.css': 'text/css; charset=utf-8',
  '/assets/work-order.js': 'text/javascript; charset=utf-8',
};

const escapeHtml = (value) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

const readDemo = (relative) => readFileSync(path.join(ROOT, relative), 'utf8');

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const LOGO = `<svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="8" fill="#2f81f7"/><path d="M9 22V10h13M9 16h9" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" fill="none"/><circle cx="23" cy="22" r="3" fill="#7ee2a8"/></svg>`;

function layout(title, active, body) {
  const nav = [
    ['/work-order', 'Work orders', 'work-order'],
    ['/feedback', 'Feedback', 'feedback'],
    ['/parts', 'Parts', 'parts'],
    ['/received', 'Received', 'received'],
  ]
    .map(([href, label, key]) => `<a href="${href}"${key === active ? ' aria-current="page"' : ''}>${label}</a>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Fieldline</title>
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<header class="topbar"><div class="inner">
  <a class="brand" href="/">${LOGO}<span>Fieldline <small>Field Service</small></span></a>
  <nav class="nav" aria-label="Main">${nav}</nav>
</div></header>
<main>
${body}
<p class="footer">Fieldline is a demo site bundled with Form Outbox. Nothing leaves this computer.</p>
</main>
</body>
</html>
`;
}

function formPage(name, title, error) {
  const box = error ? `<div class="error-box" role="alert">${escapeHtml(error)}</div>` : '';
  return layout(title, name, readDemo(`pages/${name}.html`).replace('{{error}}', box));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('Request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a form body into an ordered entry list: { name, value } or { name, file: { name, type, size, bytes } }. */
async function parseForm(contentType, body) {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return [...new URLSearchParams(body.toString('utf8'))].map(([name, value]) => ({ name, value }));
  }
  if (type === 'multipart/form-data') {
    // Node's fetch implementation (undici) parses multipart bodies: no hand-written parser needed.
    const data = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    const entries = [];
    for (const [name, value] of data) {
      if (typeof value === 'string') entries.push({ name, value });
      else {
        const bytes = Buffer.from(await value.arrayBuffer());
        entries.push({ name, file: { name: value.name, type: value.type, size: bytes.length, bytes } });
      }
    }
    return entries;
  }
  if (type === 'text/plain') {
    return body
      .toString('utf8')
      .split('\r\n')
      .filter(Boolean)
      .map((line) => {
        const eq = line.indexOf('=');
        return eq < 0 ? { name: line, value: '' } : { name: line.slice(0, eq), value: line.slice(eq + 1) };
      });
  }
  throw Object.assign(new Error(`Unsupported Content-Type: ${contentType || '(none)'}`), { status: 415 });
}

const field = (entries, name) => entries.find((e) => e.name === name && !('file' in e))?.value ?? '';

/** Server-side checks a real app would make; returns an error message or null. */
function validate(form, entries, received) {
  if (form === 'work-order') {
    if (!field(entries, 'technician').trim()) return 'Please enter the technician’s name.';
    const job = field(entries, 'job_number');
    if (!/^WO-\d{5}$/.test(job)) return 'The job number must look like WO-24817.';
    if (received.some((item) => item.form === 'work-order' && field(item.entries, 'job_number') === job))
      return `Work order ${job} is already closed. Check the job number on the job sheet.`;
    if (!SITES[field(entries, 'site')]) return 'Please choose a site.';
    const photo = entries.find((e) => e.name === 'photo' && 'file' in e);
    if (!photo || photo.file.size === 0) return 'A site photo is required.';
    if (!photo.file.type.startsWith('image/')) return 'The site photo must be an image.';
  }
  if (form === 'feedback' && !field(entries, 'comment').trim()) return 'Please write a comment.';
  return null;
}

const HEADERS_KEPT = [
  'content-type',
  'origin',
  'referer',
  'sec-fetch-site',
  'sec-fetch-mode',
  'sec-fetch-dest',
  'idempotency-key',
  'user-agent',
];

/**
 * Starts the demo server. Resolves to { url, port, received, stop, start, close }: stop() drops every
 * connection and stops listening (a link that died: the browser's requests are refused) and start()
 * listens again on the same port, with everything received kept.
 */
export function startDemoServer({
  port = Number(process.env.DEMO_PORT ?? 0),
  host = '127.0.0.1',
  log = () => {},
} = {}) {
  /** Everything received, in order. */
  const received = [];
  const byIdempotencyKey = new Map();

  function record(form, req, url, entries) {
    const headers = Object.fromEntries(
      HEADERS_KEPT.filter((h) => req.headers[h] !== undefined).map((h) => [h, req.headers[h]]),
    );
    const item = {
      n: received.length + 1,
      form,
      method: req.method,
      path: url.pathname + url.search,
      receivedAt: new Date().toISOString(),
      headers,
      entries,
      repeats: 0,
    };
    received.push(item);
    const files = entries.filter((e) => 'file' in e).map((e) => `${e.file.name} (${formatBytes(e.file.size)})`);
    log(
      `received #${item.n}: ${req.method} ${item.path} · ${entries.length - files.length} fields${files.length ? ` · ${files.join(', ')}` : ''}${headers['idempotency-key'] ? ` · Idempotency-Key ${headers['idempotency-key']}` : ''}`,
    );
    return item;
  }

  function toJson(item) {
    return {
      n: item.n,
      form: item.form,
      method: item.method,
      path: item.path,
      receivedAt: item.receivedAt,
      headers: item.headers,
      repeats: item.repeats,
      fields: item.entries.filter((e) => !('file' in e)).map(({ name, value }) => ({ name, value })),
      files: item.entries
        .filter((e) => 'file' in e)
        .map(({ name, file }) => ({
          field: name,
          name: file.name,
          type: file.type,
          size: file.size,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
        })),
    };
  }

  function receiptPage(item) {
    const rows = item.entries
      .map((e, i) => {
        if ('file' in e) {
          const img =
            e.file.type.startsWith('image/') && e.file.size > 0
              ? `<img src="/received/${item.n}/files/${i}" alt="${escapeHtml(e.file.name)}">`
              : '';
          return `<dt>${escapeHtml(e.name)}</dt><dd><div class="file">${img}<span>${escapeHtml(e.file.name)}<br><span class="hint">${escapeHtml(e.file.type || 'unknown type')} · ${formatBytes(e.file.size)}</span></span></div></dd>`;
        }
        const shown = e.name === 'site' && SITES[e.value] ? `${e.value} — ${SITES[e.value]}` : e.value;
        return `<dt>${escapeHtml(e.name)}</dt><dd>${escapeHtml(shown)}</dd>`;
      })
      .join('');
    const h = item.headers;
    const via =
      h['sec-fetch-mode'] === 'navigate'
        ? 'The browser’s own form submission'
        : `A background request (Sec-Fetch-Mode: ${h['sec-fetch-mode'] ?? 'none'})`;
    const request = [
      ['Delivered by', via],
      ['Idempotency-Key', h['idempotency-key'] ?? '—'],
      ['Origin', h.origin ?? '—'],
      ['Referer', h.referer ?? '—'],
      ['Content-Type', h['content-type'] ?? '—'],
    ]
      .map(([k, v]) => `<dt>${k}</dt><dd><code>${escapeHtml(v)}</code></dd>`)
      .join('');
    const title = FORMS[item.form]?.title ?? 'Received';
    const again = FORMS[item.form]
      ? `<a class="btn btn-secondary" href="${FORMS[item.form].path}">New ${item.form === 'work-order' ? 'work order' : item.form}</a>`
      : '';
    return layout(
      `Received #${item.n}`,
      'received',
      `
<div class="card" id="receipt" data-n="${item.n}">
  <div class="receipt-head">
    <div class="tick" aria-hidden="true"><svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"><path d="M20 6 9 17l-5-5"/></svg></div>
    <div><h1>Received — ${escapeHtml(title)}</h1>
    <p>Receipt #${item.n} · ${escapeHtml(item.method)} ${escapeHtml(item.path)} · ${escapeHtml(new Date(item.receivedAt).toLocaleString('en-GB'))}${item.repeats ? ` · repeated ${item.repeats}× (same Idempotency-Key, stored once)` : ''}</p></div>
  </div>
  <dl class="fields">${rows || '<dt>—</dt><dd>No fields</dd>'}</dl>
</div>
<div class="card"><div class="card-section"><h2>Request</h2></div><dl class="fields">${request}</dl>
  <div class="actions"><a class="btn btn-secondary" href="/received">All received</a>${again}<a class="btn btn-primary" href="/">Home</a></div>
</div>`,
    );
  }

  function listPage() {
    const rows = received
      .slice()
      .reverse()
      .map((item) => {
        const files = item.entries
          .filter((e) => 'file' in e)
          .map((e) => escapeHtml(e.file.name))
          .join(', ');
        return `<tr><td class="num"><a href="/received/${item.n}">#${item.n}</a></td><td>${escapeHtml(FORMS[item.form]?.title ?? item.form)}</td><td><code class="mono">${escapeHtml(item.method)} ${escapeHtml(item.path)}</code></td><td>${item.entries.length} fields${files ? ` · ${files}` : ''}</td><td>${item.headers['idempotency-key'] ? 'Replayed (Idempotency-Key)' : item.headers['sec-fetch-mode'] === 'navigate' ? 'Browser' : 'Script'}</td><td>${escapeHtml(new Date(item.receivedAt).toLocaleTimeString('en-GB'))}</td></tr>`;
      })
      .join('');
    return layout(
      'Received',
      'received',
      `
<h1>Received</h1>
<p class="lead">Every submission this demo server has received since it started, newest first.</p>
<div class="card">${
        rows
          ? `<table><thead><tr><th>#</th><th>Form</th><th>Request</th><th>Content</th><th>Via</th><th>Time</th></tr></thead><tbody>${rows}</tbody></table>`
          : '<div class="empty">Nothing received yet.</div>'
      }</div>`,
    );
  }

  function partsPage(url) {
    const q = (url.searchParams.get('q') ?? '').trim();
    const category = url.searchParams.get('category') ?? '';
    const stockOnly = url.searchParams.get('in_stock') === 'on';
    const searched = url.searchParams.has('q');
    const parts = JSON.parse(readDemo('data/parts.json'));
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    const hits = parts.filter(
      (p) =>
        (!category || p.category === category) &&
        (!stockOnly || p.van + p.depot > 0) &&
        words.every((w) => `${p.sku} ${p.name}`.toLowerCase().includes(w)),
    );
    const stock = (p) =>
      p.van + p.depot === 0
        ? '<span class="pill out">Out of stock</span>'
        : p.van === 0
          ? '<span class="pill low">Depot only</span>'
          : '<span class="pill ok">In van</span>';
    const option = (value, label) =>
      `<option value="${value}"${value === category ? ' selected' : ''}>${label}</option>`;
    const table = hits.length
      ? `<table><thead><tr><th>SKU</th><th>Part</th><th>Van</th><th>Depot</th><th>Stock</th></tr></thead><tbody>${hits
          .map(
            (p) =>
              `<tr><td class="mono">${escapeHtml(p.sku)}</td><td>${escapeHtml(p.name)}</td><td class="num">${p.van}</td><td class="num">${p.depot}</td><td>${stock(p)}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : `<div class="empty">No parts match “${escapeHtml(q)}”.</div>`;
    return layout(
      'Parts',
      'parts',
      `
<div class="crumbs"><a href="/">Home</a> / Parts</div>
<h1>Find a part</h1>
<p class="lead">Van and depot stock, updated hourly.</p>
<form class="card" id="parts-search" method="get" action="/parts">
  <div class="searchbar">
    <input type="search" name="q" value="${escapeHtml(q)}" placeholder="SKU or description, e.g. seal" aria-label="Search parts">
    <select name="category" aria-label="Category">${option('', 'All categories')}${option('hvac', 'HVAC')}${option('pumps', 'Pumps')}${option('electrical', 'Electrical')}${option('tools', 'Tools')}</select>
    <label class="check"><input type="checkbox" name="in_stock"${stockOnly ? ' checked' : ''}> In stock</label>
    <button class="btn btn-primary" type="submit">Search</button>
  </div>
</form>
${searched ? `<div class="card" id="parts-results"><div class="card-section"><h2>${hits.length} result${hits.length === 1 ? '' : 's'}</h2></div>${table}</div>` : ''}`,
    );
  }

  function send(res, status, type, body, extra = {}) {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
    res.end(body);
  }
  const html = (res, status, body) => send(res, status, 'text/html; charset=utf-8', body);

  async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const route = url.pathname.replace(/\/+$/, '') || '/';

    if (req.method === 'GET' || req.method === 'HEAD') {
      if (STATIC[route]) return send(res, 200, STATIC[route], readDemo(route.slice(1)));
      if (route === '/') return html(res, 200, layout('Home', '', readDemo('pages/index.html')));
      if (route === '/work-order') return html(res, 200, formPage('work-order', 'Close work order'));
      if (route === '/feedback') return html(res, 200, formPage('feedback', 'Send feedback'));
      if (route === '/parts') {
        if (url.searchParams.has('q')) {
          record(
            'parts',
            req,
            url,
            [...url.searchParams].map(([name, value]) => ({ name, value })),
          );
        }
        return html(res, 200, partsPage(url));
      }
      if (route === '/received') return html(res, 200, listPage());
      if (route === '/api/received')
        return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(received.map(toJson), null, 2));
      let m = /^\/received\/(\d+)$/.exec(route);
      if (m && received[m[1] - 1]) return html(res, 200, receiptPage(received[m[1] - 1]));
      m = /^\/received\/(\d+)\/files\/(\d+)$/.exec(route);
      const entry = m && received[m[1] - 1]?.entries[m[2]];
      if (entry && 'file' in entry) {
        return send(res, 200, entry.file.type || 'application/octet-stream', entry.file.bytes, {
          'content-disposition': `inline; filename="${entry.file.name.replace(/["\\\r\n]/g, '_')}"`,
          'x-content-type-options': 'nosniff',
        });
      }
      if (route === '/favicon.ico') return send(res, 204, 'text/plain', '');
      return html(
        res,
        404,
        layout('Not found', '', '<h1>Not found</h1><p class="lead">There is no page at this address.</p>'),
      );
    }

    if (req.method === 'POST' && (route === '/work-order' || route === '/feedback')) {
      const form = route.slice(1);
      const key = req.headers['idempotency-key'];
      const body = await readBody(req);
      if (key && byIdempotencyKey.has(key)) {
        const first = byIdempotencyKey.get(key);
        first.repeats++;
        log(`repeat of #${first.n} (Idempotency-Key ${key}): not stored again`);
        return send(res, 303, 'text/plain', '', { location: `/received/${first.n}` });
      }
      const entries = await parseForm(req.headers['content-type'], body);
      const problem = validate(form, entries, received);
      if (problem) {
        log(`rejected ${req.method} ${route}: ${problem}`);
        return html(res, 422, formPage(form, form === 'work-order' ? 'Close work order' : 'Send feedback', problem));
      }
      const item = record(form, req, url, entries);
      if (key) byIdempotencyKey.set(key, item);
      return send(res, 303, 'text/plain', '', { location: `/received/${item.n}` });
    }

    return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', { allow: 'GET, HEAD, POST' });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      const status = error.status ?? 500;
      log(`error ${status} on ${req.method} ${req.url}: ${error.message}`);
      if (!res.headersSent) send(res, status, 'text/plain; charset=utf-8', `${status} ${error.message}`);
      else res.destroy();
    });
  });

  const listen = (at) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, host, () => {
        server.off('error', reject);
        resolve(server.address().port);
      });
    });
  const stop = () =>
    new Promise((done) => {
      if (!server.listening) return done();
      server.close(() => done());
      server.closeAllConnections?.();
    });

  return listen(port).then((actual) => ({
    url: `http://${host}:${actual}`,
    port: actual,
    received,
    stop,
    start: () => listen(actual),
    close: stop,
  }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const demo = await startDemoServer({ log: (line) => console.log(`[demo] ${line}`) });
  console.log(`Fieldline demo site: ${demo.url}/  (Ctrl-C to stop)`);
  const stop = () => demo.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
