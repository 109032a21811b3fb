// Builds the extension that the end-to-end suite and benchmarks load: Chrome (.output/chrome-mv3)
// and Firefox (.output/firefox-mv2).
import { execFileSync } from 'node:child_process';

execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { stdio: 'inherit' });
