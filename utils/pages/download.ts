/**
 * Saves a Blob as a file through an object URL and a link with `download` (no downloads permission
 * needed). The URL is revoked after a minute: the browser reads the Blob when the download starts.
 */

/** Starts the download of `blob` as `name` from the current extension page. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
