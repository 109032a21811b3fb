import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import path from 'node:path';
import type { Plugin } from 'vite';
import { writeIcons } from './scripts/icons';

/**
 * The public half of the extension's signing key. It pins the Chrome extension id to
 * kjicgmnbnapckkekojpbgimbhcbanhhc for unpacked builds, so tests, docs and demos can
 * address chrome-extension://<id>/ pages. The private key is not needed to load unpacked.
 * Only development and test builds carry it (see pinsChromeId).
 */
const CHROME_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAkuTa8+OVr7N06iCzs5HsPC9XCJvMHmJm2jZvMAtC/7cqoND6kv+KwgaLh+lGW8Hb/N736Z/Jp2Rs6fL45wyMbdOzU3V+6glK9i3Cm4yfL6/EvSSLKM9QbQ54fz6R/yeHMqvQeRxmxygqh/C0bnQUogD8x3VkaaYWXO/cLqBDLWUmQmUn4j1gMVzgxBdnk2R0hWEUqm0PG1p2ucRXeEVVwQ0rfT9OR2rBYuFvA8JhpLcx+bUD2Uu6yvqnOryKUOL7/6aVMh8TDI/X9DEMpFZKoUSWk2Q89MQn+PkaDsgYAujlYLgTywUT2qxyazhnR3YPUIEIm+Wr7VFYNGXxOXqTLQIDAQAB';

export const GECKO_ID = 'form-outbox@form-outbox.dev';

/**
 * Whether a build carries CHROME_PUBLIC_KEY: `wxt` (development) and builds made with
 * FORM_OUTBOX_FIXED_ID=1 (the tests' build, the benchmarks, the tour). A plain `wxt build` and
 * `npm run zip` make what the stores get, without a key: the Chrome Web Store refuses an upload
 * that has one.
 */
export const pinsChromeId = (command: string) => command === 'serve' || process.env.FORM_OUTBOX_FIXED_ID === '1';

/**
 * The oldest Chrome with everything the extension relies on. The newest need is 112:
 * `new FormData(form, submitter)`, which puts the clicked button in the entry list as the browser
 * sends it. Below that: DNR session rules matching initiatorDomains, tabIds and requestMethods (101),
 * storage.session (102), documentId in messaging and navigation events (106; used when present).
 * Uint8Array.toBase64 (140) is feature-detected; declarativeNetRequest's responseHeaders is not used.
 */
export const MINIMUM_CHROME_VERSION = '112';

/**
 * Firefox 140, an ESR: the first Firefox that reads `data_collection_permissions`, the declaration
 * that Form Outbox collects nothing (addons.mozilla.org asks new add-ons for it). The APIs alone
 * would allow 120: navigator.userActivation (120) tells a person's submission from a script's, and
 * below it are FormData's submitter (111), storage.session (115) and the DNR rule conditions used
 * (113). The suite runs on firefox-esr 153.
 */
export const FIREFOX_MIN_VERSION = '140.0';

/** The toolbar button's icon at 1x and 2x (the badge is drawn over its lower right corner). */
const TOOLBAR_ICON = { 16: 'icon/16.png', 32: 'icon/32.png' };

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
  hooks: {
    // The icons are drawn once (assets/icon.svg) and rendered for every build; WXT lists icon/<size>.png in `icons`.
    'build:publicAssets': (wxt, files) => {
      files.push(...writeIcons(wxt.config.root, path.join(wxt.config.wxtDir, 'icons')));
    },
  },
  manifest: ({ browser, manifestVersion, command }) => ({
    // The store listing and the browser's extension list read these from the catalogue (public/_locales).
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'declarativeNetRequestWithHostAccess',
      'webNavigation',
      'webRequest',
      'cookies',
      'scripting',
    ],
    // Asked for only when the person turns desktop notifications on (utils/background/notification-permission.ts).
    optional_permissions: ['notifications'],
    host_permissions: ['http://*/*', 'https://*/*'],
    content_scripts: [CONTENT_SCRIPT],
    // Chromium's fast file channel (utils/capture/file-channel.ts): a page may load this frame, and
    // the capture agent does for a submission with files. Not a dynamic URL: Chromium 156 does not
    // deliver a postMessage aimed at the extension's origin to a frame loaded from one (docs/security.md,
    // defence 12). Firefox needs no frame (its messaging clones Blobs).
    ...(manifestVersion === 3 && browser !== 'firefox'
      ? {
          web_accessible_resources: [
            { resources: ['file-frame.html'], matches: ['<all_urls>'], use_dynamic_url: false },
          ],
        }
      : {}),
    ...(manifestVersion === 2
      ? { browser_action: { default_icon: TOOLBAR_ICON, default_title: '__MSG_extName__' } }
      : { action: { default_icon: TOOLBAR_ICON, default_title: '__MSG_extName__' } }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: FIREFOX_MIN_VERSION,
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {
          minimum_chrome_version: MINIMUM_CHROME_VERSION,
          ...(pinsChromeId(command) ? { key: CHROME_PUBLIC_KEY } : {}),
        }),
  }),
});
