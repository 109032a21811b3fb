/** Form pages for the end-to-end suite: each exercises a part of the browser's form submission algorithm. */

const GIF = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

/** urlencoded POST: reserved characters, UTF-8, newlines, checkboxes, select multiple, disabled, dirname, _charset_, form= association, image button. */
export const URLENCODED_FORM = page(
  'Work order (urlencoded)',
  `
<form id="f" method="post" action="/submit/urlencoded">
  <label>Name <input name="name"></label>
  <label>Notes <textarea name="notes"></textarea></label>
  <input name="reserved" value="a&amp;b=c+d %/?#~*._-!'()">
  <input type="checkbox" name="tasks" value="inspect" checked>
  <input type="checkbox" name="tasks" value="repair">
  <input type="checkbox" name="tasks" value="test" checked>
  <select name="parts" multiple><option selected>bolt</option><option>nut</option><option selected>washer ü</option></select>
  <input name="disabled" value="never sent" disabled>
  <input name="dir" dir="rtl" dirname="dir.dir" value="مرحبا">
  <input type="hidden" name="_charset_">
  <button name="action" value="save">Save</button>
  <input type="image" name="go" alt="Go" src="${GIF}" style="width:40px;height:20px">
</form>
<input form="f" name="outside" value="associated control">`,
);

/** multipart POST with several files, one of them large, one input left empty. */
export const MULTIPART_FORM = page(
  'Inspection report (multipart)',
  `
<form method="post" action="/submit/multipart" enctype="multipart/form-data">
  <input name="title" value="Pump &quot;B&quot; inspection">
  <textarea name="notes"></textarea>
  <input type="file" name="photo">
  <input type="file" name="docs" multiple>
  <input type="file" name="extra">
  <button name="send" value="1">Send report</button>
</form>`,
);

/** text/plain POST. */
export const TEXT_PLAIN_FORM = page(
  'Feedback (text/plain)',
  `
<form method="post" action="/submit/plain" enctype="text/plain">
  <input name="subject" value="Hello = world">
  <textarea name="message"></textarea>
  <button>Send</button>
</form>`,
);

/** GET: the action's own query is replaced, its fragment kept. */
export const GET_FORM = page(
  'Parts search (GET)',
  `
<form method="get" action="/submit/search?stale=1#results">
  <input name="q">
  <select name="warehouse"><option>north</option><option selected>south ö</option></select>
  <button>Search</button>
</form>`,
);

/** A GET form whose first (default) button overrides action, method and enctype. */
export const OVERRIDE_FORM = page(
  'Submitter overrides',
  `
<form method="get" action="/submit/wrong">
  <input name="serial">
  <button name="mode" value="multipart" formaction="/submit/override-multipart" formmethod="post" formenctype="multipart/form-data">Save as report</button>
  <button name="mode" value="plain" formaction="/submit/override-plain" formmethod="post" formenctype="text/plain">Save as text</button>
</form>`,
);

/** A plain urlencoded form posting to `action`. */
export function simpleForm(action: string, title = 'Simple form'): string {
  return page(
    title,
    `
<form method="post" action="${action}">
  <input name="item">
  <button>Submit</button>
</form>`,
  );
}
