#!/usr/bin/env node
// `npm run zip`: the packages for the stores, from a fresh store build (no `key`, see wxt.config.ts).
//
//   form-outbox-<version>-chrome.zip    the Chrome Web Store upload (.output/…/chrome-mv3)
//   form-outbox-<version>-firefox.zip   the addons.mozilla.org upload (.output/…/firefox-mv2)
//   form-outbox-<version>-sources.zip   the sources addons.mozilla.org asks for: the files git tracks
//                                       (so no demo output, test results, builds or node_modules)
//
// Reproducible: built twice from the same sources with the same Node and npm packages, the three zips
// are the same bytes (scripts/zip-file.mjs fixes order, time stamps and permissions). Then
// `web-ext lint` checks the Firefox package; an error fails the command.
//
// Options: --out DIR (default .output), --no-lint.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readZip, writeZip } from './zip-file.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const OUT = path.resolve(option('--out') ?? path.join(ROOT, '.output'));
const LINT = !argv.includes('--no-lint');

/** Never in the sources package, even if tracked by mistake: builds, dependencies, local output. */
const NEVER_IN_SOURCES = [
  /^node_modules(\/|$)/,
  /^\.output\//,
  /^\.wxt\//,
  /^demo-output\//,
  /^test-results\//,
  /^playwright-report\//,
  /^bench\/out\//,
  /^\.tmp\//,
  /\.log$/,
  /(^|\/)\.env(\.|$)/,
];
/** The only kinds of file a store package holds. */
const PACKAGE_FILE = /\.(js|css|html|json|png)$/;

const { name, version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

class ZipError extends Error {}
const fail = (message) => {
  throw new ZipError(message);
};

/** Runs `command`; resolves to its exit code and everything it printed. */
function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Runs `command` and fails with its output unless it succeeds. */
async function runOrFail(command, args, env) {
  const { code, output } = await run(command, args, env);
  if (code !== 0) fail(`${command} ${args.join(' ')} exited with ${code}:\n${output}`);
  return output;
}

/** Builds both browsers' store packages into `<OUT>/store/` (in parallel: two cores, two builds). */
async function build() {
  const buildDir = path.join(OUT, 'store');
  const env = { ...process.env, WXT_OUT_DIR: buildDir, CI: '1' };
  delete env.FORM_OUTBOX_FIXED_ID; // a store build never carries the development key
  await Promise.all([
    runOrFail('npx', ['wxt', 'build'], env),
    runOrFail('npx', ['wxt', 'build', '-b', 'firefox'], env),
  ]);
  return { chrome: path.join(buildDir, 'chrome-mv3'), firefox: path.join(buildDir, 'firefox-mv2') };
}

/** Every file under `dir`, as { name, absolute } with forward-slash names; `skip(name/)` prunes folders. */
function filesUnder(dir, prefix = '', skip = () => false) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = prefix + entry.name;
    const absolute = path.join(dir, entry.name);
    if (!entry.isDirectory()) return [{ name, absolute }];
    return skip(`${name}/`) ? [] : filesUnder(absolute, `${name}/`, skip);
  });
}

function packageEntries(buildDir) {
  return filesUnder(buildDir).map(({ name, absolute }) => {
    if (!PACKAGE_FILE.test(name))
      fail(`Unexpected file in the build: ${name} (a store package holds only .js, .css, .html, .json and .png).`);
    return { name, data: fs.readFileSync(absolute) };
  });
}

/**
 * The files of the sources package: what git tracks (as it is in the working tree), less
 * NEVER_IN_SOURCES. Outside a git checkout (an unpacked sources zip), every file but those.
 */
function sourceEntries() {
  const git = spawnSync('git', ['ls-files', '-z', '--cached'], { cwd: ROOT, encoding: 'buffer' });
  const names =
    git.status === 0
      ? git.stdout.toString('utf8').split('\0').filter(Boolean)
      : filesUnder(
          ROOT,
          '',
          (folder) => folder === '.git/' || NEVER_IN_SOURCES.some((pattern) => pattern.test(folder)),
        ).map((f) => f.name);
  if (git.status !== 0)
    console.log('Not a git checkout: the sources package takes every file but builds, dependencies and local output.');
  return names
    .filter((name) => !NEVER_IN_SOURCES.some((pattern) => pattern.test(name)))
    .flatMap((name) => {
      const absolute = path.join(ROOT, name);
      const stat = fs.lstatSync(absolute, { throwIfNoEntry: false });
      if (!stat?.isFile()) return []; // deleted in the working tree, or a symlink
      return [{ name, data: fs.readFileSync(absolute), executable: (stat.mode & 0o111) !== 0 }];
    });
}

/** Refuses a package a store would refuse, or that holds what it must not. */
function check(label, zip, { keyAllowed }) {
  const entries = readZip(zip);
  const manifestEntry = entries.find((e) => e.name === 'manifest.json');
  if (!manifestEntry) fail(`${label}: no manifest.json`);
  const manifest = JSON.parse(manifestEntry.data.toString('utf8'));
  if (!keyAllowed && 'key' in manifest) fail(`${label}: the manifest has a "key" (the Chrome Web Store refuses it).`);
  for (const [size, file] of Object.entries(manifest.icons ?? {})) {
    if (!entries.some((e) => e.name === file)) fail(`${label}: icon ${size} (${file}) is missing.`);
  }
  if (!manifest.icons?.['128']) fail(`${label}: no 128 px icon.`);
  return manifest;
}

/** `web-ext lint` on the Firefox build: errors fail, warnings are listed. */
async function lint(firefoxDir) {
  const bin = path.join(ROOT, 'node_modules', '.bin', 'web-ext');
  if (!fs.existsSync(bin)) fail('web-ext is not installed (it is a devDependency: run npm install).');
  // web-ext exits non-zero when it finds errors; its JSON report says which.
  const { output } = await run(bin, ['lint', '--source-dir', firefoxDir, '--output', 'json', '--no-config-discovery'], {
    ...process.env,
    CI: '1',
  });
  if (!output.includes('{')) fail(`web-ext lint printed no report:\n${output}`);
  const result = JSON.parse(output.slice(output.indexOf('{')));
  for (const level of ['errors', 'warnings', 'notices']) {
    for (const message of result[level])
      console.log(
        `  web-ext lint ${level.slice(0, -1)}: ${message.code}: ${message.message}${message.file ? ` (${message.file})` : ''}`,
      );
  }
  if (result.errors.length) fail(`web-ext lint found ${result.errors.length} error(s) in the Firefox package.`);
  return result.summary;
}

const size = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  const started = Date.now();
  console.log('Building the store packages (no key, production)…');
  const builds = await build();
  fs.mkdirSync(OUT, { recursive: true });
  const zips = {
    chrome: { file: `${name}-${version}-chrome.zip`, bytes: writeZip(packageEntries(builds.chrome)) },
    firefox: { file: `${name}-${version}-firefox.zip`, bytes: writeZip(packageEntries(builds.firefox)) },
    sources: { file: `${name}-${version}-sources.zip`, bytes: writeZip(sourceEntries()) },
  };
  check('Chrome package', zips.chrome.bytes, { keyAllowed: false });
  check('Firefox package', zips.firefox.bytes, { keyAllowed: false });
  for (const { file, bytes } of Object.values(zips)) fs.writeFileSync(path.join(OUT, file), bytes);
  if (LINT) {
    const summary = await lint(builds.firefox);
    console.log(`web-ext lint: ${summary.errors} errors, ${summary.warnings} warnings, ${summary.notices} notices.`);
  }
  console.log(`\nPackages (${((Date.now() - started) / 1000).toFixed(1)} s):`);
  for (const { file, bytes } of Object.values(zips))
    console.log(`  ${path.relative(process.cwd(), path.join(OUT, file))}  ${size(bytes.length)}`);
}

main().catch((error) => {
  console.error(error instanceof ZipError ? `\nnpm run zip: ${error.message}` : error);
  process.exit(1);
});
