// `npm run zip` end to end (node --test): the three store packages are built twice and must be the
// same bytes; the Chrome package carries no key (while a development build does: the control); both
// packages hold their icons and nothing but build files; the sources package holds what git tracks
// and none of the local files planted next to it; and the Firefox package can be rebuilt from the
// sources package alone, byte for byte (what an addons.mozilla.org reviewer does).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readZip } from '../../scripts/zip-file.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { name, version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const KINDS = ['chrome', 'firefox', 'sources'];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'form-outbox-zip-test-'));
const first = path.join(work, 'first');
const second = path.join(work, 'second');
const zipPath = (dir, kind) => path.join(dir, `${name}-${version}-${kind}.zip`);
const entries = (kind, dir = first) => readZip(fs.readFileSync(zipPath(dir, kind)));
const names = (kind) => entries(kind).map((e) => e.name);
const manifestOf = (kind) =>
  JSON.parse(
    entries(kind)
      .find((e) => e.name === 'manifest.json')
      .data.toString('utf8'),
  );

// Local files that exist in a developer's checkout and must never reach a package. Each is created
// only if absent, and removed afterwards.
const PLANTED = [
  'demo-output/planted-by-zip-test.png',
  'test-results/planted-by-zip-test.txt',
  'planted-by-zip-test.local.txt',
  'bench/out/planted-by-zip-test.json',
];
const planted = [];

function zip(outDir, extraEnv = {}, extraArgs = []) {
  const result = spawnSync('node', ['scripts/zip.mjs', '--out', outDir, ...extraArgs], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...extraEnv },
  });
  assert.equal(result.status, 0, `npm run zip failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

before(() => {
  for (const file of PLANTED) {
    const absolute = path.join(ROOT, file);
    if (fs.existsSync(absolute)) continue;
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, 'a local file, not part of the product\n');
    planted.push(absolute);
  }
  const printed = zip(first);
  assert.match(printed, /web-ext lint: 0 errors/);
  // The second run under the tests' own environment variable, which pins the id in test builds.
  zip(second, { FORM_OUTBOX_FIXED_ID: '1' }, ['--no-lint']);
});

after(() => {
  for (const file of planted) fs.rmSync(file, { force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

test('two runs make the same bytes, package by package', () => {
  for (const kind of KINDS) {
    const a = fs.readFileSync(zipPath(first, kind));
    const b = fs.readFileSync(zipPath(second, kind));
    assert.ok(a.length > 1000, `${kind} zip is suspiciously small (${a.length} bytes)`);
    assert.ok(a.equals(b), `${kind} zips differ between two runs`);
  }
});

test('the Chrome package has no key; a development build of the same sources has one (control)', () => {
  const store = manifestOf('chrome');
  assert.equal('key' in store, false);
  assert.equal(store.minimum_chrome_version, '112');
  assert.deepEqual(store.host_permissions, ['http://*/*', 'https://*/*']);
  assert.deepEqual(store.optional_permissions, ['notifications']);
  assert.equal(store.permissions.includes('notifications'), false);

  const devOut = path.join(work, 'dev');
  execFileSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, WXT_OUT_DIR: devOut, FORM_OUTBOX_FIXED_ID: '1' },
  });
  const dev = JSON.parse(fs.readFileSync(path.join(devOut, 'chrome-mv3', 'manifest.json'), 'utf8'));
  assert.equal(typeof dev.key, 'string');
  assert.deepEqual({ ...dev, key: undefined }, { ...store, key: undefined }, 'the key is the only difference');
});

test('the Firefox package declares its id, its minimum version and no data collection', () => {
  const manifest = manifestOf('firefox');
  assert.equal(manifest.manifest_version, 2);
  assert.equal('key' in manifest, false);
  assert.deepEqual(manifest.browser_specific_settings.gecko, {
    id: 'form-outbox@form-outbox.dev',
    strict_min_version: '140.0',
    data_collection_permissions: { required: ['none'] },
  });
  assert.deepEqual(manifest.optional_permissions, ['notifications']);
  assert.equal(manifest.permissions.includes('<all_urls>'), false);
  assert.equal(manifest.permissions.includes('notifications'), false);
});

test('both packages hold their icons (PNG, at their size) and the toolbar icon, and nothing but build files', () => {
  for (const kind of ['chrome', 'firefox']) {
    const manifest = manifestOf(kind);
    const files = new Map(entries(kind).map((e) => [e.name, e.data]));
    assert.deepEqual(Object.keys(manifest.icons).sort(), ['128', '16', '32', '48']);
    for (const [size, file] of Object.entries(manifest.icons)) {
      const png = files.get(file);
      assert.ok(png, `${kind}: ${file} missing`);
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
      assert.equal(png.readUInt32BE(16), Number(size), `${kind}: ${file} width`);
      assert.equal(png.readUInt32BE(20), Number(size), `${kind}: ${file} height`);
    }
    const action = manifest.action ?? manifest.browser_action;
    assert.deepEqual(action.default_icon, { 16: 'icon/16.png', 32: 'icon/32.png' });
    assert.ok(files.has('notification-icon.png'));
    for (const file of files.keys()) assert.match(file, /\.(js|css|html|json|png)$/, `${kind}: unexpected ${file}`);
    assert.ok(
      files.has('capture.js') && files.has('popup.html') && files.has('_locales/en/messages.json'),
      `${kind}: build files missing`,
    );
  }
});

test('the sources package is what git tracks: none of the local files beside it', () => {
  const inZip = new Set(names('sources'));
  const tracked = execFileSync('git', ['ls-files', '--cached'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .filter((file) => fs.existsSync(path.join(ROOT, file)));
  // Control: the planted files and node_modules really are there, next to the tracked ones.
  assert.ok(PLANTED.every((file) => fs.existsSync(path.join(ROOT, file))));
  assert.ok(fs.existsSync(path.join(ROOT, 'node_modules')));
  for (const file of tracked) assert.ok(inZip.has(file), `tracked ${file} missing from the sources zip`);
  for (const file of [
    'README.md',
    'PRIVACY.md',
    'LICENSE',
    'package.json',
    'package-lock.json',
    'wxt.config.ts',
    'assets/icon.svg',
  ])
    assert.ok(inZip.has(file), `${file} missing`);
  for (const file of inZip) {
    assert.doesNotMatch(
      file,
      /^(node_modules|\.output|\.wxt|demo-output|test-results|playwright-report|bench\/out)(\/|$)/,
      `stray ${file}`,
    );
    assert.doesNotMatch(file, /\.map$|planted-by-zip-test/, `stray ${file}`);
  }
});

test('the Firefox package is rebuilt byte for byte from the sources package alone', () => {
  const tree = path.join(work, 'from-sources');
  for (const entry of entries('sources')) {
    const file = path.join(tree, entry.name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, entry.data);
  }
  // The reviewer runs `npm ci`; the same packages are linked here instead (no network in tests).
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(tree, 'node_modules'));
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], {
    cwd: tree,
    stdio: 'ignore',
    env: { ...process.env, FORM_OUTBOX_FIXED_ID: '' },
  });
  const built = path.join(tree, '.output', 'firefox-mv2');
  const shipped = entries('firefox');
  const rebuilt = fs
    .readdirSync(built, { recursive: true })
    .filter((f) => fs.statSync(path.join(built, f)).isFile())
    .sort();
  assert.deepEqual(rebuilt, shipped.map((e) => e.name).sort());
  for (const entry of shipped)
    assert.ok(
      fs.readFileSync(path.join(built, entry.name)).equals(entry.data),
      `${entry.name} differs when rebuilt from the sources`,
    );
});
