// Types for the TypeScript users of pages.mjs (bench/firefox-files.spec.ts); the module is plain JavaScript.
/** A page with one file input (`scan`) and a Send button. */
export const FILE_FORM: string;
/** A script for the page: records the capture-phase submit and the notice turning saved, in `window.__bench`. */
export const LATENCY_PROBE: string;
