/** The extension's mark (an envelope), decorative: the text beside it names the page. */
export function BrandMark() {
  return (
    <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm0 2v.3l8 5 8-5V7H4zm16 2.7-8 5-8-5V17h16V9.7z" fill="currentColor" />
    </svg>
  );
}
