import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MESSAGE_SENDERS } from '@/utils/messaging';
import { LAYERS } from '../../scripts/layers.mjs';

const architecture = readFileSync('docs/architecture.md', 'utf8');

describe('docs/architecture.md stays true', () => {
  it('lists every message with the senders the gate allows, and no other', () => {
    const block = architecture.slice(
      architecture.indexOf('<!-- messages:start -->'),
      architecture.indexOf('<!-- messages:end -->'),
    );
    const documented = Object.fromEntries(
      [...block.matchAll(/^\| `(\w+)` \| ([\w, ]+) \|$/gm)].map((m) => [m[1], m[2].split(', ')]),
    );
    const actual = Object.fromEntries(
      Object.entries(MESSAGE_SENDERS).map(([type, who]) => [type, typeof who === 'string' ? [who] : [...who]]),
    );
    expect(documented).toEqual(actual);
  });

  it('names every layer of scripts/layers.mjs', () => {
    for (const name of Object.keys(LAYERS)) expect(architecture.toLowerCase()).toContain(`| ${name} |`);
  });
});
