// Builds the extension that the end-to-end suite and benchmarks load: Chrome (.output/chrome-mv3)
// and Firefox (.output/firefox-mv2). FORM_OUTBOX_FIXED_ID=1 keeps the Chrome id fixed (the manifest's
// `key`), which store builds leave out (wxt.config.ts).
import { execFileSync } from 'node:child_process';

const env = { ...process.env, FORM_OUTBOX_FIXED_ID: '1' };
execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit', env });
execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { stdio: 'inherit', env });
