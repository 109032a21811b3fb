/**
 * Validation of a submission sent by a content script, before it touches the queue. A page controls
 * what is in its forms, so nothing here trusts shapes, sizes or URLs.
 */
import { checkFieldLabels } from './field-labels';
import { failure, type Failure } from './failure';
import { checkLimits, MAX_ENTRIES } from './limits';
import { isHttpUrl } from './item-validation';
import type { WireSubmission } from './wire';

const ENCTYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

function isString(value: unknown, max = Number.POSITIVE_INFINITY): value is string {
  return typeof value === 'string' && value.length <= max;
}

/** `true`, or why the submission is refused (`malformed` with what was wrong as detail, `notHttp`, or a limit). */
export function validateWireSubmission(data: unknown): true | Failure {
  const malformed = (what: string) => failure('malformed', undefined, what);
  if (!data || typeof data !== 'object') return malformed('not an object');
  const s = data as Partial<WireSubmission>;
  if (s.method !== 'GET' && s.method !== 'POST') return malformed('method');
  if (!isHttpUrl(s.url)) return failure('notHttp');
  if (!ENCTYPES.has(s.enctype as string)) return malformed('enctype');
  if (s.bodyFormat !== undefined && !ENCTYPES.has(s.bodyFormat)) return malformed('bodyFormat');
  if (!s.page || !isHttpUrl(s.page.url) || !isString(s.page.title, 10_000) || !isString(s.page.referrerPolicy, 100)) {
    return malformed('page');
  }
  if (!Array.isArray(s.entries) || s.entries.length > MAX_ENTRIES) return malformed('entries');
  const seen = new Set<number>();
  for (const entry of s.entries) {
    if (!entry || !isString(entry.name)) return malformed('entry name');
    if ('file' in entry) {
      const f = entry.file;
      if (
        !f ||
        !Number.isInteger(f.index) ||
        f.index < 0 ||
        seen.has(f.index) ||
        !isString(f.name, 4096) ||
        !isString(f.type, 512) ||
        !Number.isInteger(f.size) ||
        f.size < 0 ||
        typeof f.lastModified !== 'number'
      ) {
        return malformed(`file entry ${entry.name}`);
      }
      seen.add(f.index);
      if (!isString(s.uploadId, 100)) return malformed('uploadId');
    } else if (!isString((entry as { value?: unknown }).value)) {
      return malformed(`entry value ${entry.name}`);
    }
  }
  if (s.fieldLabels !== undefined) {
    const labels = checkFieldLabels(s.fieldLabels, new Set(s.entries.map((e) => e.name)));
    if (labels !== true) return malformed(`fieldLabels: ${labels}`);
  }
  return checkLimits(s.entries.map((e) => ('file' in e ? { name: e.name, size: e.file.size } : e))) ?? true;
}
