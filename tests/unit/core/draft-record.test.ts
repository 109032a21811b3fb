import { describe, expect, it } from 'vitest';
import {
  MAX_DRAFT_CHARS,
  openDraft,
  sealDraft,
  validateDraftSave,
  type DraftRecord,
  type DraftSave,
} from '@/utils/core/draft-record';
import { createOpener, createVaultRecord } from '@/utils/core/sealing';

const save = (): DraftSave => ({
  doc: 'doc-1',
  title: 'Order',
  forms: [
    {
      slot: 0,
      cleared: false,
      form: { kind: 'form', action: 'https://shop.example/order', names: ['notes'], index: 0 },
      fields: [{ key: 'notes', kind: 'text', value: 'hello' }],
    },
  ],
});

describe('validateDraftSave: nothing a page sends is trusted beyond its shape', () => {
  it('accepts a well-formed save', () => {
    expect(validateDraftSave(save())).toBe(true);
  });

  it.each([
    ['no object', null],
    ['no doc', { ...save(), doc: '' }],
    ['a long doc', { ...save(), doc: 'x'.repeat(101) }],
    ['forms not a list', { ...save(), forms: 'x' }],
    ['a negative slot', { ...save(), forms: [{ ...save().forms[0], slot: -1 }] }],
    [
      'an unknown form kind',
      { ...save(), forms: [{ ...save().forms[0], form: { kind: 'x', action: '', names: [], index: 0 } }] },
    ],
    [
      'an unknown field kind',
      { ...save(), forms: [{ ...save().forms[0], fields: [{ key: 'a', kind: 'file', value: 'x' }] }] },
    ],
    [
      'a field without a key',
      { ...save(), forms: [{ ...save().forms[0], fields: [{ key: '', kind: 'text', value: 'x' }] }] },
    ],
    [
      'a value that is not text',
      { ...save(), forms: [{ ...save().forms[0], fields: [{ key: 'a', kind: 'text', value: 5 }] }] },
    ],
    [
      'a check without checked',
      { ...save(), forms: [{ ...save().forms[0], fields: [{ key: 'a', kind: 'check', value: 'x' }] }] },
    ],
    ['too many forms', { ...save(), forms: Array.from({ length: 51 }, () => save().forms[0]) }],
  ])('refuses %s', (_what, data) => {
    expect(validateDraftSave(data)).toMatchObject({ code: 'malformed' });
  });

  it('refuses more typed text than the bound (control: just within it)', () => {
    const within = save();
    within.forms[0].fields = [{ key: 'a', kind: 'text', value: 'x'.repeat(MAX_DRAFT_CHARS) }];
    expect(validateDraftSave(within)).toBe(true);
    within.forms[0].fields.push({ key: 'b', kind: 'editable', text: 'y' });
    expect(validateDraftSave(within)).toEqual({ code: 'draftTooLarge' });
  });
});

describe('sealed drafts', () => {
  it('seal the page address, title and every field; open back to the same content with the private key', async () => {
    const { record, privateKey } = await createVaultRecord('pass phrase', 1, 1_000);
    const draft: DraftRecord = {
      id: 'd1',
      pageKey: 'https://clinic.example/visit',
      origin: 'https://clinic.example',
      form: { kind: 'form', action: 'https://clinic.example/visit', names: ['notes'], index: 0 },
      state: 'editing',
      stateSince: 1,
      writer: 'w',
      createdAt: 1,
      updatedAt: 2,
      content: {
        pageUrl: 'https://clinic.example/visit?patient=Jane',
        pageTitle: 'Visit of Jane',
        fields: [{ key: 'notes', kind: 'text', value: 'Jane has a fever' }],
      },
    };
    const sealed = await sealDraft(draft, record.publicKey);
    expect(sealed.content).toBeUndefined();
    const text = JSON.stringify(sealed, (_k, v: unknown) =>
      v instanceof Uint8Array ? new TextDecoder().decode(v) : v,
    );
    for (const secret of ['Jane', 'fever', 'patient']) expect(text).not.toContain(secret);
    expect(sealed.pageKey).toBe('https://clinic.example/visit');
    const opened = await openDraft(sealed, await createOpener(privateKey));
    expect(opened).toEqual(draft);
    // Already readable: as it is.
    expect(await openDraft(draft, await createOpener(privateKey))).toBe(draft);
  });
});
