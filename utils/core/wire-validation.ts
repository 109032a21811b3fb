/**
 * Validation of a submission sent by a content script, before it touches the queue. A page controls
 * what is in its forms, so nothing here trusts shapes, sizes or URLs.
 */
import { checkFieldLabels } from './field-labels';
import { checkLimits, MAX_ENTRIES } from './limits';
import { isHttpUrl } from './item-validation';
import type { WireSubmission } from './wire';

const ENCTYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

function isString(value: unknown, max = Number.POSITIVE_INFINITY): value is string {
  return typeof value === 'string' && value.length <= max;
}

/** `true`, or a sentence saying why the submission is refused. */
export function validateWireSubmission(data: unknown): true | string {
  if (!data || typeof data !== 'object') return 'The submission is not an object.';
  const s = data as Partial<WireSubmission>;
  if (s.method !== 'GET' && s.method !== 'POST') return 'The submission has an unsupported method.';
  if (!isHttpUrl(s.url)) return 'Only forms that send to http or https addresses are saved.';
  if (!ENCTYPES.has(s.enctype as string)) return 'The submission has an unknown encoding.';
  if (s.bodyFormat !== undefined && !ENCTYPES.has(s.bodyFormat)) return 'The submission has an unknown body encoding.';
  if (!s.page || !isHttpUrl(s.page.url) || !isString(s.page.title, 10_000) || !isString(s.page.referrerPolicy, 100)) {
    return 'The submission does not say which page it came from.';
  }
  if (!Array.isArray(s.entries) || s.entries.length > MAX_ENTRIES) return 'The submission has no valid list of fields.';
  const seen = new Set<number>();
  for (const entry of s.entries) {
    if (!entry || !isString(entry.name)) return 'A field of the submission has no name.';
    if ('file' in entry) {
      const f = entry.file;
      if (!f || !Number.isInteger(f.index) || f.index < 0 || seen.has(f.index) || !isString(f.name, 4096) || !isString(f.type, 512) ||
        !Number.isInteger(f.size) || f.size < 0 || typeof f.lastModified !== 'number') {
        return `The file field ${entry.name} is malformed.`;
      }
      seen.add(f.index);
      if (!isString(s.uploadId, 100)) return 'The submission has files but no upload id.';
    } else if (!isString((entry as { value?: unknown }).value)) {
      return `The field ${entry.name} has no text value.`;
    }
  }
  if (s.fieldLabels !== undefined) {
    const labels = checkFieldLabels(s.fieldLabels, new Set(s.entries.map((e) => e.name)));
    if (labels !== true) return labels;
  }
  return checkLimits(s.entries.map((e) => ('file' in e ? { name: e.name, size: e.file.size } : e))) ?? true;
}
