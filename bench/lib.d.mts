// Types for the TypeScript users of lib.mjs (bench/firefox-files.spec.ts); the module is plain JavaScript.
export function median(values: number[]): number;
/** A loopback HTTP server answering `routes` (path -> [content type, body]). */
export function startServer(
  routes?: Record<string, [string, string]>,
): Promise<{ origin: string; close(): Promise<void> }>;
