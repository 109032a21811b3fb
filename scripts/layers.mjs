// The layers of the code base (docs/architecture.md), lowest first: each may import only itself and
// the layers in its `uses`. Read by tests/unit/layers.test.ts and eslint.config.js.

/** @type {Record<string, { folders: string[]; uses: string[]; runs: string }>} */
export const LAYERS = {
  core: { folders: ['utils/core'], uses: [], runs: 'anywhere: plain TypeScript, no browser globals' },
  db: { folders: ['utils/db'], uses: ['core'], runs: 'worker and extension pages: the only Dexie user' },
  platform: {
    folders: ['utils/platform', 'utils/messaging.ts', 'utils/i18n.ts'],
    uses: ['core', 'db'],
    runs: 'every context: the message protocol, the catalogue, settings storage, the vault session',
  },
  capture: {
    folders: ['utils/capture'],
    uses: ['core', 'platform'],
    runs: 'web pages (content scripts and injected code)',
  },
  background: {
    folders: ['utils/background'],
    // capture: the functions it injects into pages (scripting.executeScript with func).
    uses: ['core', 'db', 'platform', 'capture'],
    runs: 'the service worker (Chrome) / background page (Firefox)',
  },
  pages: {
    folders: ['utils/pages', 'utils/popup', 'utils/options'],
    uses: ['core', 'db', 'platform'],
    runs: 'extension pages: popup, options, rescued, reply, the file frame',
  },
  components: {
    folders: ['components'],
    uses: ['core', 'db', 'platform', 'pages'],
    runs: 'extension pages: Preact views',
  },
  'page entrypoints': {
    folders: [
      'entrypoints/popup',
      'entrypoints/options',
      'entrypoints/reply',
      'entrypoints/rescued',
      'entrypoints/file-frame',
    ],
    uses: ['core', 'db', 'platform', 'pages', 'components'],
    runs: 'extension pages: wiring only',
  },
  'content entrypoints': {
    folders: [
      'entrypoints/capture.ts',
      'entrypoints/capture-agent.ts',
      'entrypoints/drafts.ts',
      'entrypoints/refill.ts',
      'entrypoints/signin-watch.ts',
    ],
    uses: ['core', 'platform', 'capture'],
    runs: 'web pages: wiring only',
  },
  'worker entrypoint': {
    folders: ['entrypoints/background.ts'],
    uses: ['core', 'db', 'platform', 'background'],
    runs: 'the worker: wiring only',
  },
};

/** The layer of a repository path (`utils/db/trash.ts`), or undefined outside the layered code. */
export function layerOf(path) {
  const normal = path.replace(/\\/g, '/').replace(/^\.\//, '');
  for (const [name, layer] of Object.entries(LAYERS)) {
    if (
      layer.folders.some((folder) => normal === folder || normal === `${folder}.ts` || normal.startsWith(`${folder}/`))
    )
      return name;
  }
  return undefined;
}
