import { describe, expect, it } from 'vitest';
import {
  createOpener,
  createVaultRecord,
  keyedDigest,
  rewrapVault,
  sealPayload,
  unlockVault,
  WrongPassphraseError,
} from '@/utils/core/sealing';
import { openItem, scrubbedRecords, scrubUrl, sealItemParts } from '@/utils/core/sealed-item';
import type { OutboxItem } from '@/utils/core/types';

const FAST = 1_000; // PBKDF2 iterations for tests; the product uses PBKDF2_ITERATIONS
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('vault', () => {
  it('opens with the right passphrase only', async () => {
    const { record, privateKey } = await createVaultRecord('correct horse', 1, FAST);
    expect([...(await unlockVault(record, 'correct horse'))]).toEqual([...privateKey]);
    await expect(unlockVault(record, 'wrong horse')).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(text(record.wrappedPrivateKey)).not.toContain('PRIVATE');
  });

  it('a new passphrase still opens what was sealed before; the old one no longer unlocks', async () => {
    const { record, privateKey } = await createVaultRecord('first pass', 1, FAST);
    const sealed = await sealPayload(record.publicKey, '{"a":1}', []);
    const rewrapped = await rewrapVault(record, privateKey, 'second pass', 2);
    await expect(unlockVault(rewrapped, 'first pass')).rejects.toBeInstanceOf(WrongPassphraseError);
    const open = await createOpener(await unlockVault(rewrapped, 'second pass'));
    expect((await open(sealed)).json).toBe('{"a":1}');
  });
});

describe('payloads', () => {
  it('seal without the passphrase, open only with the private key, and detect tampering', async () => {
    const { record, privateKey } = await createVaultRecord('pass phrase', 1, FAST);
    const file = new Blob([new Uint8Array([0, 1, 2, 255])]);
    const sealed = await sealPayload(record.publicKey, JSON.stringify({ secret: 'visible?' }), [file]);
    expect(text(sealed.data)).not.toContain('visible?');
    const open = await createOpener(privateKey);
    const opened = await open(sealed);
    expect(JSON.parse(opened.json)).toEqual({ secret: 'visible?' });
    expect([...new Uint8Array(await opened.files[0].arrayBuffer())]).toEqual([0, 1, 2, 255]);

    const other = await createVaultRecord('another', 1, FAST);
    await expect((await createOpener(other.privateKey))(sealed)).rejects.toThrow();
    const tampered = { ...sealed, data: sealed.data.slice() };
    tampered.data[0] ^= 1;
    await expect(open(tampered)).rejects.toThrow();
  });

  it('keyed digests depend on the secret', async () => {
    const a = await keyedDigest(new Uint8Array(32).fill(1), 'same');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await keyedDigest(new Uint8Array(32).fill(1), 'same')).toBe(a);
    expect(await keyedDigest(new Uint8Array(32).fill(2), 'same')).not.toBe(a);
  });
});

describe('sealed items', () => {
  it('keep origin and path readable, everything typed sealed, and open back to the same item', async () => {
    const { record, privateKey } = await createVaultRecord('pass phrase', 1, FAST);
    const photo = new Blob(['JPEGDATA'], { type: 'image/jpeg' });
    const request = {
      method: 'GET' as const,
      url: 'https://clinic.example/patients/search?name=Jane+Doe',
      enctype: 'application/x-www-form-urlencoded' as const,
      entries: [
        { name: 'name', value: 'Jane Doe' },
        { name: 'photo', file: { name: 'jane.jpg', type: 'image/jpeg', lastModified: 5, blob: photo } },
      ],
    };
    const source = {
      pageUrl: 'https://clinic.example/patients?id=42#top',
      pageTitle: 'Jane Doe — record',
      referrerPolicy: '',
      tabId: 3,
    };
    const parts = await sealItemParts(record.publicKey, request, source);
    expect(parts.request).toEqual({ ...request, url: 'https://clinic.example/patients/search', entries: [] });
    expect(parts.source).toEqual({ ...source, pageUrl: 'https://clinic.example/patients', pageTitle: '' });
    const stored = JSON.stringify(parts, (_k, v: unknown) => (v instanceof Uint8Array ? text(v) : v));
    expect(stored).not.toContain('Jane');
    expect(await parts.sealed.files[0].blob.text()).not.toContain('JPEGDATA');

    const item = { id: 'x', status: 'pending', ...parts } as unknown as OutboxItem;
    const opened = await openItem(item, await createOpener(privateKey));
    expect(opened.sealed).toBeUndefined();
    expect(opened.source).toEqual(source);
    expect(opened.request.url).toBe(request.url);
    expect(opened.request.entries[0]).toEqual({ name: 'name', value: 'Jane Doe' });
    const file = opened.request.entries[1] as { file: { name: string; blob: Blob } };
    expect(file.file.name).toBe('jane.jpg');
    expect(await file.file.blob.text()).toBe('JPEGDATA');
  });

  it('seal the field labels with the values (a label can name what was typed); older items without labels still open', async () => {
    const { record, privateKey } = await createVaultRecord('pass phrase', 1, FAST);
    const request = {
      method: 'POST' as const,
      url: 'https://clinic.example/notes',
      enctype: 'application/x-www-form-urlencoded' as const,
      entries: [{ name: 'f1', value: 'x' }],
    };
    const source = {
      pageUrl: 'https://clinic.example/notes',
      pageTitle: '',
      referrerPolicy: '',
      fieldLabels: [{ name: 'f1', label: 'Diagnosis for Jane Doe' }],
    };
    const parts = await sealItemParts(record.publicKey, request, source);
    expect(parts.source).not.toHaveProperty('fieldLabels');
    expect(JSON.stringify(parts, (_k, v: unknown) => (v instanceof Uint8Array ? text(v) : v))).not.toContain(
      'Diagnosis',
    );
    const opener = await createOpener(privateKey);
    const opened = await openItem({ id: 'l', status: 'pending', ...parts } as unknown as OutboxItem, opener);
    expect(opened.source.fieldLabels).toEqual(source.fieldLabels);
    // Control: sealed without labels, opened without labels (no empty list appears).
    const { fieldLabels: _none, ...unlabelled } = source;
    const plain = await sealItemParts(record.publicKey, request, unlabelled);
    expect(
      (await openItem({ id: 'm', status: 'pending', ...plain } as unknown as OutboxItem, opener)).source,
    ).not.toHaveProperty('fieldLabels');
  });

  it('an item that is not sealed opens as itself (control)', async () => {
    const item = { id: 'plain', request: { entries: [{ name: 'a', value: 'b' }] } } as unknown as OutboxItem;
    expect(
      await openItem(item, async () => {
        throw new Error('must not be called');
      }),
    ).toBe(item);
    expect(scrubUrl('http://h.example:8080/a/b?c=d#e')).toBe('http://h.example:8080/a/b');
  });
});

describe('what a sealed item keeps readable of its error and result (issue 15)', () => {
  it('no query, in URLs or in words (control: origin and path stay)', async () => {
    const scrubbed = scrubbedRecords({
      lastError: {
        kind: 'http',
        status: 400,
        message: 'The server rejected the form (400).',
        detail: 'HTTP 400 from https://shop.example/search?q=Jane+Doe&ssn=123#x',
        at: 1,
      },
      result: { status: 200, finalUrl: 'https://shop.example/results?q=Jane+Doe', redirected: false, sentAt: 2 },
    });
    expect(JSON.stringify(scrubbed)).not.toContain('Jane');
    expect(JSON.stringify(scrubbed)).not.toContain('123');
    expect(scrubbed.lastError?.detail).toBe('HTTP 400 from https://shop.example/search');
    expect(scrubbed.result?.finalUrl).toBe('https://shop.example/results');
  });
});
