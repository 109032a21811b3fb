// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';

// Each injected script bundles its own copy of notice.ts: a fresh module import stands for another bundle.
async function freshNoticeModule() {
  vi.resetModules();
  return import('@/utils/capture/notice');
}

const notices = () => [...document.querySelectorAll('form-outbox-notice')];

afterEach(() => {
  document.body.innerHTML = '';
  delete (globalThis as Record<string, unknown>).__formOutboxNotice;
});

describe('the page notice', () => {
  it('is one notice for every script of the extension: a newer message replaces the older one', async () => {
    const captureAgent = await freshNoticeModule();
    const draftsAgent = await freshNoticeModule();
    expect(captureAgent.showNotice).not.toBe(draftsAgent.showNotice);

    captureAgent.showNotice('problem', 'Your submission could not be saved', 'storage full');
    // Control: the first message is shown.
    expect(notices()).toHaveLength(1);
    draftsAgent.showNotice('saved', 'Draft restored', 'restored');
    expect(notices()).toHaveLength(1);
    expect(notices()[0].getAttribute('data-title')).toBe('Draft restored');
  });

  it('says whether a notice is on screen, and not after the person dismissed it', async () => {
    const { showNotice, isNoticeShowing } = await freshNoticeModule();
    expect(isNoticeShowing()).toBe(false);
    const notice = showNotice('saved', 'Saved', 'It will be sent');
    expect(isNoticeShowing()).toBe(true);
    notice.dismiss();
    expect(isNoticeShowing()).toBe(false);
    // Shown again after a dismissal, in the same one element.
    showNotice('sent', 'Sent', 'Delivered');
    expect(notices()).toHaveLength(1);
    expect(isNoticeShowing()).toBe(true);
  });
});
