import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';

/**
 * The public half of the extension's signing key. It pins the Chrome extension id to
 * kjicgmnbnapckkekojpbgimbhcbanhhc for unpacked builds, so tests, docs and demos can
 * address chrome-extension://<id>/ pages. The private key is not needed to load unpacked.
 */
const CHROME_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAkuTa8+OVr7N06iCzs5HsPC9XCJvMHmJm2jZvMAtC/7cqoND6kv+KwgaLh+lGW8Hb/N736Z/Jp2Rs6fL45wyMbdOzU3V+6glK9i3Cm4yfL6/EvSSLKM9QbQ54fz6R/yeHMqvQeRxmxygqh/C0bnQUogD8x3VkaaYWXO/cLqBDLWUmQmUn4j1gMVzgxBdnk2R0hWEUqm0PG1p2ucRXeEVVwQ0rfT9OR2rBYuFvA8JhpLcx+bUD2Uu6yvqnOryKUOL7/6aVMh8TDI/X9DEMpFZKoUSWk2Q89MQn+PkaDsgYAujlYLgTywUT2qxyazhnR3YPUIEIm+Wr7VFYNGXxOXqTLQIDAQAB';

export const GECKO_ID = 'form-outbox@form-outbox.dev';

/** The capture script on every web page and frame, from document start (built from entrypoints/capture.ts). */
const CONTENT_SCRIPT = {
  matches: ['http://*/*', 'https://*/*'],
  js: ['capture.js'],
  all_frames: true,
  run_at: 'document_start',
};

const WXT_UNLISTED_WRAPPER = '\0virtual:wxt-unlisted-script-entrypoint?';

/**
 * In production builds, the content script runs its main() without WXT's wrapper for unlisted scripts,
 * whose only extra work is logging that production builds switch off (about 0.2 KB gzipped on every
 * page). If WXT renames its virtual module, this matches nothing and the wrapper simply stays.
 */
function unwrapContentScript(): Plugin {
  return {
    name: 'form-outbox:unwrap-content-script',
    apply: 'build',
    transform(code, id) {
      if (!id.startsWith(WXT_UNLISTED_WRAPPER) || !id.endsWith('/entrypoints/capture.ts')) return null;
      const inputPath = id.slice(WXT_UNLISTED_WRAPPER.length);
      return `import definition from ${JSON.stringify(inputPath)};\nexport default definition.main();\n`;
    },
  };
}

export default defineConfig({
  // WXT_OUT_DIR lets parallel builds (tests, benchmarks, several engineers) not overwrite each other.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact(), unwrapContentScript()] }),
  manifest: ({ browser }) => ({
    name: 'Form Outbox',
    description:
      'Never lose a web form to a bad connection: submissions made offline are saved and sent when the network returns.',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'declarativeNetRequestWithHostAccess', 'notifications', 'webNavigation', 'webRequest', 'cookies', 'scripting'],
    host_permissions: ['<all_urls>'],
    content_scripts: [CONTENT_SCRIPT],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: GECKO_ID, strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } } } }
      : { key: CHROME_PUBLIC_KEY }),
  }),
});
