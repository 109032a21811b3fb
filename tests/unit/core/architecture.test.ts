import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(process.cwd(), 'utils/core');
const files = readdirSync(CORE).filter((f) => f.endsWith('.ts'));

describe('utils/core stays pure', () => {
  it('has modules to check', () => {
    expect(files).toContain('replay-engine.ts');
  });

  it.each(files)('%s imports only core modules (types may come from elsewhere)', (file) => {
    const source = readFileSync(join(CORE, file), 'utf8');
    const valueImports = [...source.matchAll(/^import\s+(?!type\b)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(valueImports.filter((spec) => !spec.startsWith('./'))).toEqual([]);
  });

  it.each(files)('%s touches no browser or extension globals', (file) => {
    const code = readFileSync(join(CORE, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/\b(browser|chrome|window|document|navigator|indexedDB|localStorage)\s*\./);
    expect(code).not.toMatch(/\bDate\.now\(\)/);
  });
});
