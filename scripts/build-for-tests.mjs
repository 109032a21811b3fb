// Builds the Chrome extension that the end-to-end suite and benchmarks load.
import { execFileSync } from 'node:child_process';

execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
