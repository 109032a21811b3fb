import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  createMessageGate,
  NOT_ALLOWED,
  PRIVATE_WINDOW_REFUSAL,
  type MessageHandlers,
} from '@/utils/background/message-gate';
import { MESSAGE_SENDERS, type MessageType } from '@/utils/messaging';

const types = Object.keys(MESSAGE_SENDERS) as MessageType[];
const allows = (type: MessageType, kind: 'page' | 'extension') =>
  ([MESSAGE_SENDERS[type]].flat() as string[]).includes(kind);

const fromPage = () => ({
  id: fakeBrowser.runtime.id,
  url: 'https://shop.example/form',
  origin: 'https://shop.example',
  tab: { id: 5 },
  frameId: 0,
});
const fromExtensionPage = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

function gate() {
  const called: Array<[MessageType, unknown]> = [];
  const handlers = Object.fromEntries(
    types.map((type) => [
      type,
      vi.fn(async (_data: unknown, sender: unknown) => {
        called.push([type, sender]);
        return { ok: true };
      }),
    ]),
  ) as unknown as MessageHandlers;
  const onMessage = createMessageGate(handlers, (_type, call) => call());
  return { onMessage, called };
}

describe('the message gate', () => {
  it.each(types)(
    '%s: reaches its handler only from the sender kind the protocol names (control: from that kind it does)',
    async (type) => {
      const { onMessage, called } = gate();
      for (const [kind, sender] of [
        ['page', fromPage()],
        ['extension', fromExtensionPage()],
      ] as const) {
        const answer = await onMessage({ type, data: {} }, sender);
        if (allows(type, kind)) expect(answer).toEqual({ ok: true });
        else expect(answer).toMatchObject({ ok: false, code: expect.stringMatching(/^notFrom/) });
      }
      const expected = (['page', 'extension'] as const).filter((kind) => allows(type, kind)).length;
      expect(called).toHaveLength(expected);
      expect(called.every(([, sender]) => typeof (sender as { kind?: unknown }).kind === 'string')).toBe(true);
    },
  );

  it('refuses another extension, a frame without a tab, a private window; ignores what is not a protocol message', async () => {
    const { onMessage, called } = gate();
    expect(await onMessage({ type: 'enqueueSubmission', data: {} }, { ...fromPage(), id: 'someone-else' })).toEqual(
      NOT_ALLOWED.page,
    );
    expect(await onMessage({ type: 'retryItem', data: {} }, { ...fromExtensionPage(), id: 'someone-else' })).toEqual(
      NOT_ALLOWED.extension,
    );
    expect(await onMessage({ type: 'enqueueSubmission', data: {} }, { ...fromPage(), tab: undefined })).toEqual(
      NOT_ALLOWED.page,
    );
    expect(
      await onMessage({ type: 'enqueueSubmission', data: {} }, { ...fromPage(), tab: { id: 5, incognito: true } }),
    ).toEqual(PRIVATE_WINDOW_REFUSAL);
    // A page claiming an extension page's address in its message changes nothing: the browser's sender decides.
    expect(
      await onMessage({ type: 'replayNow', data: {}, url: fakeBrowser.runtime.getURL('/popup.html') }, fromPage()),
    ).toEqual(NOT_ALLOWED.extension);
    expect(onMessage({ type: 'toString', data: {} }, fromPage())).toBeUndefined();
    expect(onMessage('enqueueSubmission', fromPage())).toBeUndefined();
    expect(called).toEqual([]);
  });
});
