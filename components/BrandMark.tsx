/**
 * The extension's mark (an outbox tray with an arrow leaving it: assets/icon.svg without its tile),
 * decorative: the text beside it names the page.
 */
export function BrandMark() {
  return (
    <svg
      class="brand-mark"
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      stroke-width="2.25"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d="M12 15V3.5M7.5 8 12 3.5 16.5 8" />
      <path d="M4 13v7h16v-7" />
    </svg>
  );
}
