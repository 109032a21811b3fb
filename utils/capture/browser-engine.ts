// Which engine the page runs in, for the quirks a replay must mirror. Its own module: the content
// script on every page needs it (resubmit.ts), and must not pull in the submission code with it.

/**
 * Chromium (verified on 156) urlencodes the body of a GET form submitted through a button with
 * formmethod=post formenctype=text/plain, while labelling it text/plain. The replay mirrors the
 * browser it was captured in, since the server must see what that browser would have sent.
 */
export function isChromium(): boolean {
  const brands = (navigator as Navigator & { userAgentData?: { brands: Array<{ brand: string }> } }).userAgentData
    ?.brands;
  return !!brands?.some((b) => b.brand === 'Chromium');
}
