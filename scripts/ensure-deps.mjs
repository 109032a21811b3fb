// Runs before `npm start` on a fresh clone: installs the npm packages when they are missing.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (['wxt', '@playwright/test', '@resvg/resvg-js'].some((name) => !existsSync(`node_modules/${name}`))) {
  console.log('Installing npm packages (first run)...');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
