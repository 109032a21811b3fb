/**
 * The in-page offer to restore a draft: a card like the in-page notice (notice.ts: a shadow root the
 * page's CSS cannot restyle, bottom right), with a "Restore" button and a dismiss button. Announced
 * politely to screen readers when it appears; its buttons are in the tab order (it is the last thing
 * in the page), Escape dismisses it, and it never takes the focus from what the person is doing.
 */

export interface DraftPromptTexts {
  title: string;
  body: string;
  restore: string;
  dismissLabel: string;
}

export interface DraftPrompt {
  /** Replaces the body text (announced). `busy` disables Restore meanwhile. */
  update(body: string, busy?: boolean): void;
  dismiss(): void;
  readonly open: boolean;
}

// The notice's look (notice.ts), plus a primary button.
const STYLE = `:host{all:initial}
.card{position:fixed;z-index:2147483647;right:16px;bottom:16px;max-width:min(380px,calc(100vw - 32px));box-sizing:border-box;display:flex;gap:12px;align-items:flex-start;padding:14px 16px;font:14px/1.4 system-ui,sans-serif;color:#1f2328;background:#fff;border:1px solid #d0d7de;border-left:4px solid #0969da;border-radius:8px;box-shadow:0 8px 24px #0003}
.title{font-weight:600;margin:0 0 2px}
.body{margin:0 0 10px;color:#3d444d;overflow-wrap:anywhere}
.text{flex:1}
button{all:unset;cursor:pointer;border-radius:4px}
.close{padding:0 6px;font-size:18px;line-height:24px;color:#57606a}
.close:hover{background:#eaeef2}
.restore{padding:4px 12px;font-weight:600;color:#fff;background:#0969da;line-height:20px}
.restore:hover{background:#0860ca}
.restore[aria-disabled=true]{opacity:.6;cursor:progress}
button:focus-visible{outline:2px solid #0969da;outline-offset:2px}
@media (prefers-color-scheme:dark){.card{color:#e6edf3;background:#161b22;border-color:#30363d;border-left-color:#4493f8}.body,.close{color:#c9d1d9}.close:hover{background:#30363d}.restore{background:#1f6feb}}`;

/** Shows the offer at the bottom right of the page. `onRestore` runs when the person presses Restore. */
export function showDraftPrompt(texts: DraftPromptTexts, onRestore: () => void): DraftPrompt {
  const host = document.createElement('form-outbox-draft-prompt');
  host.setAttribute('data-form-outbox', 'draft-prompt');
  host.style.setProperty('display', 'block', 'important');
  host.style.setProperty('visibility', 'visible', 'important');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const card = document.createElement('div');
  card.className = 'card';
  card.setAttribute('role', 'region');
  card.setAttribute('aria-label', texts.title);
  const text = document.createElement('div');
  text.className = 'text';
  // The live region: its text is set after it is in the page, so that screen readers announce it.
  const live = document.createElement('div');
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  const heading = document.createElement('p');
  heading.className = 'title';
  const message = document.createElement('p');
  message.className = 'body';
  live.append(heading, message);
  const restore = document.createElement('button');
  restore.type = 'button';
  restore.className = 'restore';
  restore.textContent = texts.restore;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.textContent = '\u00d7';
  close.setAttribute('aria-label', texts.dismissLabel);
  text.append(live, restore);
  card.append(text, close);
  root.append(style, card);

  let open = true;
  const dismiss = () => {
    open = false;
    host.remove();
  };
  close.addEventListener('click', dismiss);
  card.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') dismiss();
  });
  restore.addEventListener('click', () => {
    if (restore.getAttribute('aria-disabled') !== 'true') onRestore();
  });

  (document.body ?? document.documentElement).append(host);
  heading.textContent = texts.title;
  message.textContent = texts.body;
  host.setAttribute('data-title', texts.title);

  return {
    update(body, busy = false) {
      message.textContent = body;
      restore.setAttribute('aria-disabled', String(busy));
    },
    dismiss,
    get open() {
      return open;
    },
  };
}
