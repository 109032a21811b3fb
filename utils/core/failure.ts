/**
 * Why something did not work, as a code with details, never as a sentence: the words are chosen
 * where a person sees them (utils/platform/failure-words.ts, in their language). `args` fill the
 * message's placeholders in order; `detail` is technical text (an exception's message) kept for the
 * console and the "Technical detail" line, never translated.
 *
 * Each code has the catalogue message `failure<Code>` (public/_locales/<lang>/messages.json): the
 * type FailureMessageKey makes a missing one a compile error.
 */
export const FAILURE_CODES = [
  // The request itself.
  'malformed',
  'noAnswer',
  'unexpected',
  // Who may ask (the message gate).
  'notFromPage',
  'notFromExtension',
  'privateWindow',
  'sandboxed',
  'notThisPage',
  // A submission from a page.
  'notHttp',
  'badAction',
  'foreignEncoding',
  'tooManyFields',
  'filesTooLarge',
  'textTooLarge',
  'uploadForeign',
  'tooManyUploads',
  'uploadTooLarge',
  'stagingFull',
  'fileUnreadable',
  'paused',
  'siteOff',
  'getOff',
  // Storage.
  'storageFull',
  'storageUnavailable',
  'storageRefused',
  'storeFailed',
  // Items in the outbox.
  'itemGone',
  'itemBusy',
  'notRestorable',
  // Drafts.
  'draftGone',
  'draftNotHere',
  'draftLocked',
  'draftNoAddress',
  'draftTooLarge',
  'draftsOff',
  'draftsSiteOff',
  'draftsSandboxed',
  // Encryption.
  'passphraseMissing',
  'passphraseShort',
  'passphraseLong',
  'passphraseWrong',
  'encryptionOff',
  'encryptionAlreadyOn',
  'vaultBusy',
  'vaultRemoved',
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

/** The catalogue key of a code's words. */
export type FailureMessageKey = `failure${Capitalize<FailureCode>}`;

export interface Failure {
  code: FailureCode;
  /** The message's placeholders, in order (numbers, host names, sizes). */
  args?: Array<string | number>;
  /** Technical text (an exception's message, what was malformed), not for translation. */
  detail?: string;
}

/** A failure as a value. */
export function failure(code: FailureCode, args?: Array<string | number>, detail?: string): Failure {
  return { code, ...(args?.length ? { args } : {}), ...(detail !== undefined ? { detail } : {}) };
}

/** A thrown failure: code and details travel with it (a page turns it into words). */
export class FailureError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail ? `${failure.code}: ${failure.detail}` : failure.code);
    this.name = 'FailureError';
  }
}

/** The failure behind `error`: its own for a FailureError, else `unexpected` with the error's text as detail. */
export function failureOf(error: unknown): Failure {
  if (error instanceof FailureError) return error.failure;
  if (error && typeof error === 'object' && 'failure' in error && isFailure((error as { failure: unknown }).failure))
    return (error as { failure: Failure }).failure;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return failure('unexpected', [text], text);
}

const CODES: ReadonlySet<string> = new Set(FAILURE_CODES);

/** True for a well-formed Failure (an answer from another context is checked before use). */
export function isFailure(value: unknown): value is Failure {
  return !!value && typeof value === 'object' && CODES.has((value as Failure).code);
}

/** The message key of a code. */
export function failureMessageKey(code: FailureCode): FailureMessageKey {
  return `failure${code[0]!.toUpperCase()}${code.slice(1)}` as FailureMessageKey;
}

/** A refusing answer (`{ ok: false, code, args?, detail? }`) for a protocol message. */
export function refused(code: FailureCode, args?: Array<string | number>, detail?: string): { ok: false } & Failure {
  return { ok: false, ...failure(code, args, detail) };
}
