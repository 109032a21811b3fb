/**
 * Encryption at rest for queued payloads (WebCrypto only, no platform imports).
 *
 * The passphrase derives (PBKDF2-SHA-256) a key that wraps (AES-GCM) an ECDH P-256 private key.
 * The matching public key stays readable, so a submission can be sealed at capture time even while
 * the vault is locked: each payload gets an ephemeral ECDH key pair, and the shared secret with the
 * vault's public key, through HKDF-SHA-256, gives the payload's AES-GCM-256 key. Only the private
 * key, unwrapped with the passphrase, can open it again. Changing the passphrase re-wraps the private
 * key; payloads stay as they are.
 */
import { failure, FailureError } from './failure';

export const PBKDF2_ITERATIONS = 600_000;
const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const HKDF_INFO = new TextEncoder().encode('form-outbox payload v1');

/** What is stored about the vault: nothing in it opens a payload without the passphrase. */
export interface VaultRecord {
  version: 1;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: Uint8Array<ArrayBuffer> };
  /** The ECDH public key, raw (uncompressed point). */
  publicKey: Uint8Array<ArrayBuffer>;
  /** The ECDH private key (PKCS #8), AES-GCM encrypted with the passphrase-derived key. */
  wrappedPrivateKey: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  createdAt: number;
}

/** A sealed payload: the JSON part and any file parts, each with its own IV, under one payload key. */
export interface SealedPayload {
  version: 1;
  /** The payload's ephemeral ECDH public key, raw. */
  ephemeralKey: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  data: Uint8Array<ArrayBuffer>;
  files: { iv: Uint8Array<ArrayBuffer>; blob: Blob }[];
}

export class WrongPassphraseError extends FailureError {
  constructor() {
    super(failure('passphraseWrong'));
    this.name = 'WrongPassphraseError';
  }
}

const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));

async function passphraseKey(passphrase: string, kdf: VaultRecord['kdf']): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: kdf.hash, salt: kdf.salt, iterations: kdf.iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

async function wrap(
  pkcs8: Uint8Array<ArrayBuffer>,
  passphrase: string,
  now: number,
  publicKey: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<VaultRecord> {
  const kdf = { name: 'PBKDF2' as const, hash: 'SHA-256' as const, iterations, salt: randomBytes(16) };
  const iv = randomBytes(12);
  const key = await passphraseKey(passphrase, kdf);
  const wrappedPrivateKey = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, pkcs8));
  return { version: 1, kdf, publicKey, wrappedPrivateKey, iv, createdAt: now };
}

/** A new vault for `passphrase`, and its private key (PKCS #8) for this session. */
export async function createVaultRecord(passphrase: string, now: number, iterations = PBKDF2_ITERATIONS) {
  const pair = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const privateKey = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { record: await wrap(privateKey, passphrase, now, publicKey, iterations), privateKey };
}

/** The private key (PKCS #8) of `record`. Throws WrongPassphraseError when `passphrase` does not open it. */
export async function unlockVault(record: VaultRecord, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
  const key = await passphraseKey(passphrase, record.kdf);
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv }, key, record.wrappedPrivateKey),
    );
  } catch {
    throw new WrongPassphraseError();
  }
}

/** The same vault (same key pair, so every sealed payload still opens) under a new passphrase. */
export async function rewrapVault(
  record: VaultRecord,
  privateKey: Uint8Array<ArrayBuffer>,
  newPassphrase: string,
  now: number,
): Promise<VaultRecord> {
  return wrap(privateKey, newPassphrase, now, record.publicKey, record.kdf.iterations);
}

async function payloadKey(
  privateKey: CryptoKey,
  publicKey: CryptoKey,
  salt: Uint8Array<ArrayBuffer>,
): Promise<CryptoKey> {
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const material = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: HKDF_INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Seals `json` and `files` for the vault whose public key is `vaultPublicKey`. */
export async function sealPayload(
  vaultPublicKey: Uint8Array<ArrayBuffer>,
  json: string,
  files: readonly Blob[],
): Promise<SealedPayload> {
  const recipient = await crypto.subtle.importKey('raw', vaultPublicKey, CURVE, false, []);
  const ephemeral = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const ephemeralKey = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const key = await payloadKey(ephemeral.privateKey, recipient, ephemeralKey);
  const iv = randomBytes(12);
  const data = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(json)),
  );
  const sealedFiles = [];
  for (const file of files) {
    const fileIv = randomBytes(12);
    const bytes = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: fileIv }, key, await file.arrayBuffer());
    sealedFiles.push({ iv: fileIv, blob: new Blob([bytes]) });
  }
  return { version: 1, ephemeralKey, iv, data, files: sealedFiles };
}

/** An opener for payloads sealed to the vault whose private key (PKCS #8) is `privateKey`. */
export async function createOpener(privateKey: Uint8Array<ArrayBuffer>) {
  const key = await crypto.subtle.importKey('pkcs8', privateKey, CURVE, false, ['deriveBits']);
  /** The JSON and file bytes of `sealed`. Throws when it was not sealed to this vault or was altered. */
  return async function openPayload(sealed: SealedPayload): Promise<{ json: string; files: Blob[] }> {
    const sender = await crypto.subtle.importKey('raw', sealed.ephemeralKey, CURVE, false, []);
    const aes = await payloadKey(key, sender, sealed.ephemeralKey);
    const json = new TextDecoder().decode(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, aes, sealed.data),
    );
    const files = [];
    for (const file of sealed.files) {
      files.push(
        new Blob([await crypto.subtle.decrypt({ name: 'AES-GCM', iv: file.iv }, aes, await file.blob.arrayBuffer())]),
      );
    }
    return { json, files };
  };
}

export type PayloadOpener = Awaited<ReturnType<typeof createOpener>>;

/** A keyed digest (HMAC-SHA-256, hex): stored fingerprints that cannot be checked against guesses without `secret`. */
export async function keyedDigest(secret: Uint8Array<ArrayBuffer>, text: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}
