/**
 * Drafts in end-to-end tests: pages with forms to type into, the in-page restore prompt, and the
 * extension's storage read from an extension page (the drafts table, and a dump of every store for
 * "found nowhere" checks). Works in Chromium and Firefox (through ExtensionPages).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { ExtensionPages } from './browsers';

export interface DraftRow {
  id: string;
  pageKey: string;
  origin: string;
  state: string;
  itemId?: string;
  sealed: boolean;
  fields: Array<{ key: string; kind: string; value?: string; text?: string; checked?: boolean; selected?: string[] }>;
}

/** A page with a form of every kind of field, an editor outside the form, and a log of the events the page saw. */
export function draftPage(title: string, action = '/submit/draft', extra = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<h1>${title}</h1>
<form method="post" action="${action}">
  <label>Name <input name="name"></label>
  <label>Notes <textarea name="notes"></textarea></label>
  <label>Priority <select name="priority"><option>low</option><option>normal</option><option>high</option></select></label>
  <label><input type="checkbox" name="urgent" value="yes"> Urgent</label>
  <label><input type="radio" name="shift" value="day" checked> Day</label>
  <label><input type="radio" name="shift" value="night"> Night</label>
  ${extra}
  <button>Send</button>
</form>
<div id="editor" contenteditable="true" role="textbox" aria-multiline="true" aria-label="Comment" style="min-height:3em;border:1px solid #888"></div>
<script>
  window.seen = [];
  for (const type of ['input', 'change']) document.addEventListener(type, (e) => window.seen.push(type + ':' + (e.target.name || e.target.id)), true);
</script>
</body></html>`;
}

/** The restore prompt in `page` (its card, in the prompt's shadow root). */
export function draftPrompt(page: Page): Locator {
  return page.locator('form-outbox-draft-prompt').getByRole('region');
}

/** Runs in an extension page: every draft, its content if readable. */
function readDrafts(): Promise<DraftRow[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('form-outbox');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('drafts')) {
        db.close();
        return resolve([]);
      }
      const all = db.transaction('drafts').objectStore('drafts').getAll();
      all.onerror = () => reject(all.error);
      all.onsuccess = () => {
        resolve(
          (all.result as any[]).map((d) => ({
            id: d.id,
            pageKey: d.pageKey,
            origin: d.origin,
            state: d.state,
            itemId: d.itemId,
            sealed: !!d.sealed,
            fields: d.content?.fields ?? [],
          })),
        );
        db.close();
      };
    };
  });
}

export function drafts(ext: ExtensionPages): Promise<DraftRow[]> {
  return ext.evaluate(readDrafts, undefined);
}

export async function waitForDrafts(
  ext: ExtensionPages,
  predicate: (rows: DraftRow[]) => boolean,
  timeoutMs = 20_000,
): Promise<DraftRow[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: DraftRow[] = [];
  while (Date.now() < deadline) {
    rows = await drafts(ext);
    if (predicate(rows)) return rows;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The drafts did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(rows)}`);
}

/**
 * Runs in an extension page: everything the extension keeps (every IndexedDB store of every database,
 * storage.local, storage.session), as one string. Blobs are read as text.
 */
async function dumpEverything(): Promise<string> {
  const api = (globalThis as any).browser ?? (globalThis as any).chrome;
  const parts: string[] = [
    JSON.stringify(await api.storage.local.get(null)),
    JSON.stringify(await api.storage.session.get(null)),
  ];
  const names = (await indexedDB.databases()).map((d) => d.name!).filter(Boolean);
  const blobText = async (value: unknown): Promise<unknown> => {
    if (value instanceof Blob) return `blob:${await value.text()}`;
    if (value instanceof Uint8Array || value instanceof ArrayBuffer)
      return `bytes:${new TextDecoder('latin1').decode(value)}`;
    if (Array.isArray(value)) return Promise.all(value.map(blobText));
    if (value && typeof value === 'object')
      return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await blobText(v)])));
    return value;
  };
  for (const name of names) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (const store of Array.from(db.objectStoreNames)) {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const all = db.transaction(store).objectStore(store).getAll();
        all.onsuccess = () => resolve(all.result);
        all.onerror = () => reject(all.error);
      });
      parts.push(`${name}/${store}:${JSON.stringify(await blobText(rows))}`);
    }
    db.close();
  }
  return parts.join('\n');
}

export function dumpExtensionStorage(ext: ExtensionPages): Promise<string> {
  return ext.evaluate(dumpEverything, undefined);
}

/** Types like a person (key presses, so the page gets trusted input events). */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector);
  await page.keyboard.type(text, { delay: 5 });
}

/** Waits until the prompt offers Restore, with the expected words in it. */
export async function expectOffered(page: Page, preview: string | RegExp): Promise<void> {
  await expect(draftPrompt(page)).toBeVisible();
  await expect(draftPrompt(page).getByRole('status')).toContainText(preview);
  await expect(draftPrompt(page).getByRole('button', { name: 'Restore', exact: true })).toBeVisible();
}
