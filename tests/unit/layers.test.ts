/**
 * The layers of docs/architecture.md, kept true: each folder imports only the layers below it (type
 * imports included: a type from a higher layer is a dependency on it all the same). Modeled on Dark
 * Reader's import/no-restricted-paths zones; the lint step (eslint.config.js) enforces the same table.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYERS, layerOf } from '../../scripts/layers.mjs';

const ROOT = process.cwd();

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic), resolved to a repo path. */
function importsOf(file: string): string[] {
  const code = readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const specs = [
    ...code.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s+['"]([^'"]+)['"]/gm),
    ...code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return specs.flatMap((spec) => {
    if (spec.startsWith('@/')) return [spec.slice(2)];
    if (spec.startsWith('.')) return [relative(ROOT, resolve(dirname(join(ROOT, file)), spec))];
    return []; // packages: not a layer of ours
  });
}

const files = ['utils', 'components', 'entrypoints'].flatMap(sources);

describe('layers', () => {
  it('every source file belongs to a layer', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => layerOf(file) === undefined)).toEqual([]);
  });

  it('each file imports only its own layer and the layers it may use', () => {
    const violations = files.flatMap((file) => {
      const from = layerOf(file)!;
      return importsOf(file)
        .filter((target) => {
          const to = layerOf(target);
          return to !== undefined && to !== from && !LAYERS[from].uses.includes(to);
        })
        .map((target) => `${file} (${from}) imports ${target} (${layerOf(target)})`);
    });
    expect(violations).toEqual([]);
  });

  it('the table can fail: an upward import is reported (control)', () => {
    expect(LAYERS.core.uses).toEqual([]);
    expect(LAYERS.db.uses).not.toContain('background');
    expect(layerOf('utils/background/vault.ts')).toBe('background');
    expect(layerOf('utils/messaging.ts')).toBe('platform');
  });
});
