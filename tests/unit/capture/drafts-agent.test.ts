// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDraftsAgent, SAVE_INTERVAL_MS, typedWhen } from '@/utils/capture/drafts-agent';
import { formatFallback } from '@/utils/i18n';
import type { DraftOffer } from '@/utils/core/draft-record';

const FORM = `<form action="/submit/order" method="post"><label>Name <input name="name"></label><textarea name="notes"></textarea><button>Send</button></form>`;
const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);

function agent(answers: Record<string, unknown> = {}) {
  const sent: Array<{ type: string; data: any }> = [];
  const send = vi.fn(async (type: string, data: unknown) => {
    sent.push({ type, data });
    return (answers[type] ?? { ok: true }) as never;
  });
  const drafts = createDraftsAgent({
    send: send as never,
    say: (key, ...subs) => formatFallback(key, subs.map(String)),
    locale: 'en',
    now: () => Date.now(),
    firstTyped: document.querySelector('textarea'),
  });
  return { drafts, sent };
}

const promptCard = () => document.querySelector('form-outbox-draft-prompt')?.shadowRoot?.querySelector('[role=region]');
const notices = () =>
  Array.from(document.querySelectorAll('form-outbox-notice')).map((n) => n.getAttribute('data-title'));

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  document.body.innerHTML = FORM;
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('the drafts code in a page', () => {
  it('saves what was typed before it came, once, a second later (nothing per keystroke)', async () => {
    (document.querySelector('textarea') as HTMLTextAreaElement).value = 'first words';
    const { drafts, sent } = agent();
    drafts.start();
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(sent).toHaveLength(1);
    expect(sent[0].type).toBe('saveDraft');
    expect(sent[0].data.forms).toEqual([
      expect.objectContaining({
        slot: 0,
        cleared: false,
        fields: expect.arrayContaining([expect.objectContaining({ key: 'notes', value: 'first words' })]),
      }),
    ]);
    drafts.start();
    await vi.advanceTimersByTimeAsync(5 * SAVE_INTERVAL_MS);
    expect(sent).toHaveLength(1);
  });

  it('tells the person once when a draft cannot be kept (control: a save the settings refuse is not told)', async () => {
    (document.querySelector('textarea') as HTMLTextAreaElement).value = 'typed';
    const refused = agent({ saveDraft: { ok: true, kept: false } });
    refused.drafts.start();
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(notices()).toEqual([]);
    const failing = agent({ saveDraft: { ok: false, code: 'storageFull' } });
    failing.drafts.start();
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(notices()).toEqual(['What you type here is not being kept']);
  });

  it("offers a draft for a form as the page served it, and Restore fills it from the background's answer", async () => {
    const { drafts, sent } = agent({
      restoreDraft: {
        ok: true,
        locked: false,
        form: {},
        fields: [
          { key: 'name', kind: 'text', value: 'Zoë' },
          { key: 'notes', kind: 'text', value: 'line 1\nline 2' },
        ],
      },
    });
    const offer: DraftOffer = {
      id: 'd1',
      at: NOW - 5 * 60_000,
      form: { kind: 'form', action: `${location.origin}/submit/order`, names: ['name', 'notes'], index: 0 },
      preview: 'Zoë · line 1 line 2',
      locked: false,
    };
    drafts.offer({ offers: [offer] });
    expect(promptCard()?.textContent).toContain(
      'Form Outbox kept what you typed on this page 5 minutes ago: “Zoë · line 1 line 2”',
    );
    (promptCard()!.querySelector('.restore') as HTMLButtonElement).click();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.find((m) => m.type === 'restoreDraft')?.data).toEqual({ id: 'd1', doc: expect.any(String), slot: 0 });
    expect((document.querySelector('[name=name]') as HTMLInputElement).value).toBe('Zoë');
    expect((document.querySelector('[name=notes]') as HTMLTextAreaElement).value).toBe('line 1\nline 2');
    expect(promptCard()).toBeFalsy();
    expect(notices()).toEqual(['Restored what you typed']);
  });

  it('does not offer a draft over a form the person already changed (control: an offer of another form here is made)', () => {
    (document.querySelector('[name=name]') as HTMLInputElement).value = 'typed already';
    const { drafts } = agent();
    drafts.offer({
      offers: [
        {
          id: 'd1',
          at: NOW,
          form: { kind: 'form', action: `${location.origin}/submit/order`, names: ['name', 'notes'], index: 0 },
          locked: false,
          preview: 'x',
        },
      ],
    });
    expect(promptCard()).toBeFalsy();
    document.body.innerHTML = FORM;
    agent().drafts.offer({
      offers: [
        {
          id: 'd2',
          at: NOW,
          form: { kind: 'form', action: `${location.origin}/submit/order`, names: ['name', 'notes'], index: 0 },
          locked: false,
          preview: 'x',
        },
      ],
    });
    expect(promptCard()).toBeTruthy();
  });

  it('while locked: no preview; Restore asks for the passphrase and fills nothing', async () => {
    const { drafts } = agent({ restoreDraft: { ok: true, locked: true } });
    drafts.offer({
      offers: [
        {
          id: 'd1',
          at: NOW,
          form: { kind: 'form', action: `${location.origin}/submit/order`, names: ['name', 'notes'], index: 0 },
          locked: true,
        },
      ],
    });
    expect(promptCard()?.textContent).toContain('It is encrypted');
    (promptCard()!.querySelector('.restore') as HTMLButtonElement).click();
    await vi.advanceTimersByTimeAsync(0);
    expect(promptCard()?.textContent).toContain('Enter your passphrase');
    expect((document.querySelector('[name=notes]') as HTMLTextAreaElement).value).toBe('');
  });

  it('says when it was typed in words', () => {
    expect(typedWhen(NOW - 30_000, NOW, 'en')).toBe('30 seconds ago');
    expect(typedWhen(NOW - 3 * 3_600_000, NOW, 'en')).toBe('3 hours ago');
    expect(typedWhen(NOW - 3 * 86_400_000, NOW, 'en')).toMatch(/Dec 1, 2026/);
  });
});
