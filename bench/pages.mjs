// The pages the benchmarks load: a realistic article page with forms, a 20-field form, a file form.
import { typicalFields } from './lib.mjs';

const LOREM =
  'Offline forms are common in the field: inspectors, nurses and couriers fill them where the signal drops. ';

/** A realistic content page: stylesheet, two scripts, images, an iframe, a search form, a login form and a 20-field contact form. */
export function realisticRoutes() {
  const css = Array.from(
    { length: 300 },
    (_, i) =>
      `.c${i} { margin: ${i % 7}px; padding: ${i % 5}px; color: #${(i * 2654435).toString(16).slice(0, 6).padEnd(6, '0')}; }`,
  ).join('\n');
  const js = (name) =>
    `(function(){ var n = 0; for (var i = 0; i < 20000; i++) n += i % 7; window.${name} = n; document.addEventListener('DOMContentLoaded', function(){ document.body.dataset.${name} = String(n); }); })();\n` +
    Array.from({ length: 200 }, (_, i) => `function ${name}_${i}(a, b) { return a * ${i} + b; }`).join('\n');
  const svg = (i) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180"><rect width="320" height="180" fill="#${(i * 1234567).toString(16).slice(0, 6).padEnd(6, '0')}"/><text x="20" y="90" font-size="24">Figure ${i}</text></svg>`;
  const article = Array.from(
    { length: 40 },
    (_, i) =>
      `<p class="c${i}">${LOREM.repeat(4)}</p>${i % 8 === 0 ? `<figure><img src="/img/${i / 8}.svg" width="320" height="180" alt="Figure ${i / 8}"><figcaption>Figure ${i / 8}</figcaption></figure>` : ''}`,
  ).join('\n');
  const contact = typicalFields(0)
    .map(
      ([name, value]) =>
        `<label>${name} <input name="${name}" value="${value.replace(/"/g, '&quot;').replace(/\n/g, ' ')}"></label>`,
    )
    .join('\n');
  const nav = Array.from({ length: 30 }, (_, i) => `<li><a href="/section/${i}">Section ${i}</a></li>`).join('');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Field notes — Example News</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/site.css"><script src="/app.js" defer></script><script src="/analytics.js" async></script></head>
<body><header><form action="/search" method="get" role="search"><input name="q" placeholder="Search"><button>Search</button></form>
<nav><ul>${nav}</ul></nav>
<form action="/login" method="post"><input name="user"><input type="password" name="password"><button>Sign in</button></form></header>
<main><article><h1>Working where the network is not</h1>${article}</article>
<section><h2>Contact us</h2><form action="/submit/contact" method="post">${contact}<button>Send</button></form></section>
<iframe src="/embed.html" width="400" height="200" title="Newsletter"></iframe></main>
<footer>${'<a href="/legal">Legal</a> '.repeat(20)}</footer></body></html>`;
  const embed = `<!doctype html><meta charset="utf-8"><title>Newsletter</title><form action="/submit/newsletter" method="post"><input name="email" type="email"><button>Subscribe</button></form>`;
  const routes = {
    '/realistic.html': ['text/html; charset=utf-8', html],
    '/embed.html': ['text/html; charset=utf-8', embed],
    '/site.css': ['text/css', css],
    '/app.js': ['text/javascript', js('app')],
    '/analytics.js': ['text/javascript', js('analytics')],
  };
  for (let i = 0; i < 5; i++) routes[`/img/${i}.svg`] = ['image/svg+xml', svg(i)];
  return routes;
}

/** The 20-field form used for capture latency (text, email, tel, date, select, checkbox, radio, textarea, hidden). */
export const FORM20 = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Order enquiry</title></head><body>
<form method="post" action="/submit/order">
${typicalFields(0)
  .map(([name, value], i) => {
    if (name === 'message') return `<textarea name="message">${value}</textarea>`;
    if (name === 'newsletter' || name === 'terms') return `<input type="checkbox" name="${name}" checked>`;
    if (name === 'country') return `<select name="country"><option>FR</option><option selected>GB</option></select>`;
    if (name === 'priority')
      return `<input type="radio" name="priority" value="low"><input type="radio" name="priority" value="normal" checked>`;
    if (name === '_token') return `<input type="hidden" name="_token" value="${value}">`;
    const type =
      name === 'email'
        ? 'email'
        : name === 'phone'
          ? 'tel'
          : name === 'date'
            ? 'date'
            : name === 'time'
              ? 'time'
              : 'text';
    return `<input type="${type}" name="${name}" value="${value.replace(/'/g, '&#39;')}" data-i="${i}">`;
  })
  .join('\n')}
<button name="send" value="1">Send enquiry</button>
</form></body></html>`;

/** A form with one file input and two text fields. */
export const FILE_FORM = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Upload a scan</title></head><body>
<form method="post" action="/submit/upload" enctype="multipart/form-data">
<input name="subject" value="Site survey"><textarea name="message">See attached scan.</textarea>
<input type="file" name="scan">
<button name="send" value="1">Upload</button>
</form></body></html>`;

/** Records, in the page, the time of the submit event and of the notice turning 'saved' (or 'problem'). */
export const LATENCY_PROBE = `
(() => {
  const state = window.__bench = { t0: 0, t1: 0, tone: '', title: '' };
  window.addEventListener('submit', () => { state.t0 = performance.now(); state.t1 = 0; state.tone = ''; }, { capture: true });
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target;
      if (el.localName !== 'form-outbox-notice') continue;
      const tone = el.getAttribute('data-tone');
      if ((tone === 'saved' || tone === 'problem') && !state.t1) {
        state.t1 = performance.now();
        state.tone = tone;
        state.title = el.getAttribute('data-title') || '';
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-tone'] });
})();`;
