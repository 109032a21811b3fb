/** Fixture bodies shared by the Chromium and Firefox harnesses. */
import type { BrowserContext } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFormServer, type FormServer } from './form-server';

/** A browser launched on a fresh temporary profile, closed and removed after the test. */
export async function provideContext(
  prefix: string,
  launch: (profileDir: string) => Promise<BrowserContext>,
  use: (context: BrowserContext) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    const context = await launch(dir);
    await use(context);
    await context.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh recording form server for one test. */
export async function provideFormServer(use: (server: FormServer) => Promise<void>): Promise<void> {
  const server = await startFormServer();
  try {
    await use(server);
  } finally {
    await server.close();
  }
}
