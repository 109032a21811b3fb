/**
 * Which parts of a queued item are encrypted at rest, and how an item is sealed and opened.
 * Sealed: field values, files, the field labels, the target's query, the page's address and title. Readable: the
 * method, encoding, the target's origin and path, timestamps and status — what the popup needs to
 * list items and the replay needs to order them while the vault is locked.
 */
import { sealPayload, type PayloadOpener, type SealedPayload } from './sealing';
import type {
  FieldLabel,
  ItemError,
  OutboxItem,
  ReplySnapshot,
  SendResult,
  SubmissionRequest,
  SubmissionSource,
} from './types';

type SealedEntry =
  | { name: string; value: string }
  | { name: string; file: { name: string; type: string; lastModified: number; part: number } };

interface SealedBody {
  url: string;
  pageUrl: string;
  pageTitle: string;
  entries: SealedEntry[];
  /** The labels the page showed (items sealed before labels were kept have none). */
  fieldLabels?: FieldLabel[];
}

/** `url` without its query and fragment (which may carry form data). */
export function scrubUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/** `text` with every http(s) URL in it reduced to origin and path (error details name addresses). */
export function scrubUrlsIn(text: string): string {
  return text.replace(/https?:\/\/[^\s"'<>()]+/g, (url) => scrubUrl(url));
}

/** An error without the site's own words (they may quote what the user typed) and without queries. */
function scrubbedError(error: ItemError): ItemError {
  const { siteMessage, message: legacy, ...rest } = error;
  const message =
    legacy === undefined ? undefined : scrubUrlsIn(siteMessage ? legacy.split(siteMessage).join('\u2026') : legacy);
  return {
    ...rest,
    ...(message !== undefined ? { message } : {}),
    ...(error.detail !== undefined ? { detail: scrubUrlsIn(error.detail) } : {}),
  };
}

/**
 * What a sealed item may keep readable of its last error and result: no query (a GET form's query
 * is what the user typed), in the URLs and in the words. Anything else the server said is sealed
 * with the reply (or not kept).
 */
export function scrubbedRecords(item: { lastError?: ItemError; result?: SendResult }): {
  lastError?: ItemError;
  result?: SendResult;
} {
  const { lastError, result } = item;
  return {
    ...(lastError ? { lastError: scrubbedError(lastError) } : {}),
    ...(result ? { result: { ...result, finalUrl: scrubUrl(result.finalUrl) } } : {}),
  };
}

/** The readable request and source of a sealed item, and the sealed payload holding the rest. */
export async function sealItemParts(
  vaultPublicKey: Uint8Array<ArrayBuffer>,
  request: SubmissionRequest,
  source: SubmissionSource,
) {
  const files: Blob[] = [];
  const entries: SealedEntry[] = request.entries.map((entry) => {
    if (!('file' in entry)) return { name: entry.name, value: entry.value };
    files.push(entry.file.blob);
    return {
      name: entry.name,
      file: {
        name: entry.file.name,
        type: entry.file.type,
        lastModified: entry.file.lastModified,
        part: files.length - 1,
      },
    };
  });
  const { fieldLabels, ...readableSource } = source;
  const body: SealedBody = {
    url: request.url,
    pageUrl: source.pageUrl,
    pageTitle: source.pageTitle,
    entries,
    ...(fieldLabels ? { fieldLabels } : {}),
  };
  return {
    request: { ...request, url: scrubUrl(request.url), entries: [] },
    source: { ...readableSource, pageUrl: scrubUrl(source.pageUrl), pageTitle: '' },
    sealed: await sealPayload(vaultPublicKey, JSON.stringify(body), files),
  };
}

/** The item as captured (its sealed parts put back), or the item itself when it is not sealed. */
export async function openItem(item: OutboxItem, open: PayloadOpener): Promise<OutboxItem> {
  if (!item.sealed) return item;
  const { json, files } = await open(item.sealed);
  const body = JSON.parse(json) as SealedBody;
  const { sealed: _sealed, ...rest } = item;
  return {
    ...rest,
    request: {
      ...item.request,
      url: body.url,
      entries: body.entries.map((entry) =>
        'file' in entry
          ? {
              name: entry.name,
              file: {
                name: entry.file.name,
                type: entry.file.type,
                lastModified: entry.file.lastModified,
                blob: files[entry.file.part],
              },
            }
          : entry,
      ),
    },
    source: {
      ...item.source,
      pageUrl: body.pageUrl,
      pageTitle: body.pageTitle,
      ...(body.fieldLabels ? { fieldLabels: body.fieldLabels } : {}),
    },
  };
}

/** A reply sealed for the vault (encryption on): its whole snapshot as the sealed JSON. */
export async function sealReply(vaultPublicKey: Uint8Array<ArrayBuffer>, reply: ReplySnapshot): Promise<SealedPayload> {
  return sealPayload(vaultPublicKey, JSON.stringify(reply), []);
}

/** The reply a sealed record holds. */
export async function openReply(sealed: SealedPayload, open: PayloadOpener): Promise<ReplySnapshot> {
  return JSON.parse((await open(sealed)).json) as ReplySnapshot;
}
