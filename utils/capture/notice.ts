/**
 * The in-page notice: a small card in a shadow root, so the page's CSS cannot restyle it (the host
 * carries !important inline display rules too). Its text is nothing secret, so the root is open, which
 * lets assistive tech and tests reach it like any other content. Announced to screen readers (status, or alert for problems);
 * dismissable with its button or Escape. A page has one notice at a time: a newer message replaces
 * the older one (an old "Saved" never sits under a newer "Sent"), whichever submission it is about.
 */
import { pageSay } from '../platform/page-words';

export type NoticeTone = 'working' | 'saved' | 'sent' | 'problem';

export interface Notice {
  update(tone: NoticeTone, title: string, body: string): void;
  dismiss(): void;
}

// Written compactly: this script is on every page (see bench/RESULTS.md, content script size).
const STYLE = `:host{all:initial}
.card{position:fixed;z-index:2147483647;right:16px;bottom:16px;max-width:min(380px,calc(100vw - 32px));box-sizing:border-box;display:flex;gap:12px;align-items:flex-start;padding:14px 16px;font:14px/1.4 system-ui,sans-serif;color:#1f2328;background:#fff;border:1px solid #d0d7de;border-left:4px solid var(--a);border-radius:8px;box-shadow:0 8px 24px #0003}
.title{font-weight:600;margin:0 0 2px}
.body{margin:0;color:#3d444d}
.text{flex:1}
button{all:unset;cursor:pointer;border-radius:4px;padding:0 6px;font-size:18px;line-height:24px;color:#57606a}
button:hover{background:#eaeef2}
button:focus-visible{outline:2px solid #0969da;outline-offset:1px}
.working{--a:#8c959f}.saved{--a:#0969da}.sent{--a:#1a7f37}.problem{--a:#cf222e}
@media (prefers-color-scheme:dark){.card{color:#e6edf3;background:#161b22;border-color:#30363d;border-left-color:var(--a)}.body,button{color:#c9d1d9}button:hover{background:#30363d}}`;

// Each injected script (capture agent, drafts agent, refill, sign-in watch) bundles this module, but they
// all run in the extension's one isolated world: the notice lives on that world's global, which the
// page cannot reach, so the scripts share one notice instead of stacking theirs.
const SHARED_KEY = '__formOutboxNotice';
type NoticeHolder = { [SHARED_KEY]?: Notice & { showing(): boolean } };

/** Shows a message in the page's notice at the bottom right (made on first use, then reused). */
export function showNotice(tone: NoticeTone, title: string, body: string): Notice {
  const holder = globalThis as NoticeHolder;
  const shared = (holder[SHARED_KEY] ??= createNotice());
  shared.update(tone, title, body);
  return shared;
}

/** Whether the page shows a notice now (one the person has not dismissed). */
export function isNoticeShowing(): boolean {
  return (globalThis as NoticeHolder)[SHARED_KEY]?.showing() ?? false;
}

function createNotice(): Notice & { showing(): boolean } {
  const host = document.createElement('form-outbox-notice');
  host.setAttribute('data-form-outbox', 'notice');
  // Inline !important wins over the page's stylesheets, !important ones included.
  host.style.setProperty('display', 'block', 'important');
  host.style.setProperty('visibility', 'visible', 'important');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const card = document.createElement('div');
  const text = document.createElement('div');
  text.className = 'text';
  const heading = document.createElement('p');
  heading.className = 'title';
  const message = document.createElement('p');
  message.className = 'body';
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '\u00d7';
  close.setAttribute('aria-label', pageSay('noticeDismiss'));
  text.append(heading, message);
  card.append(text, close);
  root.append(style, card);

  const dismiss = () => host.remove();
  close.addEventListener('click', dismiss);
  card.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') dismiss();
  });

  const update = (nextTone: NoticeTone, nextTitle: string, nextBody: string) => {
    card.className = `card ${nextTone}`;
    // alert for problems (interrupts), status otherwise (polite).
    card.setAttribute('role', nextTone === 'problem' ? 'alert' : 'status');
    card.setAttribute('aria-live', nextTone === 'problem' ? 'assertive' : 'polite');
    heading.textContent = nextTitle;
    message.textContent = nextBody;
    host.setAttribute('data-tone', nextTone);
    host.setAttribute('data-title', nextTitle);
    if (!host.isConnected) (document.body ?? document.documentElement).append(host);
  };
  return { update, dismiss, showing: () => host.isConnected };
}
