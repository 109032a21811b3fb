// A pseudo-locale copy of a built extension, for the test that every visible string comes from the
// catalogue (tests/e2e/pseudo-locale.spec.ts): every message of public/_locales/en becomes
// "⟦Ŝàvéd⟧" (accented, wrapped; placeholders kept), and replaces each locale's catalogue in the copy,
// so that the browser's own chrome.i18n serves it to every context (worker, pages, injected code).
// A word on screen that is not wrapped did not come from the catalogue.
//   node scripts/pseudo-locale.mjs <built extension dir> <copy dir>
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PSEUDO_OPEN = '\u27e6';
export const PSEUDO_CLOSE = '\u27e7';

/** Messages that are not words on screen: kept as they are. */
const NOT_WORDS = new Set(['catalogueLanguage']);

const ACCENTED = Object.fromEntries(
  [...'aàbƀcçdđeéfƒgĝhĥiîjĵkķlĺmɱnñoôpþqǫrŕsŝtţuûvṽwŵxẋyýzž'.match(/[a-z]./gu)].map(([plain, accent]) => [
    plain,
    accent,
  ]),
);

function accent(text) {
  return [...text]
    .map((c) => {
      const lower = c.toLowerCase();
      const mapped = ACCENTED[lower];
      if (!mapped) return c;
      return c === lower ? mapped : mapped.toUpperCase();
    })
    .join('');
}

/** The pseudo form of one message: placeholders ($NAME$, $1) stay as they are. */
export function pseudoMessage(message) {
  const parts = message.split(/(\$[A-Za-z0-9_@]+\$|\$\d)/);
  return PSEUDO_OPEN + parts.map((part, i) => (i % 2 ? part : accent(part))).join('') + PSEUDO_CLOSE;
}

/** The pseudo catalogue of `catalogue` (chrome.i18n's messages.json shape). */
export function pseudoCatalogue(catalogue) {
  return Object.fromEntries(
    Object.entries(catalogue).map(([key, entry]) => [
      key,
      NOT_WORDS.has(key) ? entry : { ...entry, message: pseudoMessage(entry.message) },
    ]),
  );
}

/** Copies the built extension `from` to `to` with every locale's catalogue replaced by the pseudo one. */
export function writePseudoBuild(from, to) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
  const english = JSON.parse(fs.readFileSync(path.join(from, '_locales', 'en', 'messages.json'), 'utf8'));
  const pseudo = JSON.stringify(pseudoCatalogue(english));
  for (const locale of fs.readdirSync(path.join(to, '_locales'))) {
    fs.writeFileSync(path.join(to, '_locales', locale, 'messages.json'), pseudo);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [from, to] = process.argv.slice(2);
  if (!from || !to) throw new Error('usage: node scripts/pseudo-locale.mjs <built extension dir> <copy dir>');
  writePseudoBuild(path.resolve(from), path.resolve(to));
  console.log(`pseudo-locale build in ${to}`);
}
