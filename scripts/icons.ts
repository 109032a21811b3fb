/**
 * The extension's icons, rendered at build time from one drawing (assets/icon.svg) with resvg (a
 * renderer shipped inside its npm package: no browser, no network). Used by the WXT hook in
 * wxt.config.ts; the PNGs never live in the repository.
 */
import { Resvg } from '@resvg/resvg-js';
import fs from 'node:fs';
import path from 'node:path';

/** The drawing, relative to the project root. */
export const ICON_SVG = 'assets/icon.svg';

/** The manifest's icon sizes, in px. 16 and 32 are also the toolbar button's (1x and 2x screens). */
export const ICON_SIZES = [16, 32, 48, 128] as const;

/** A PNG the build adds to the extension: where it goes in the build, and its bytes. */
export interface RenderedIcon {
  relativeDest: string;
  png: Buffer;
}

/**
 * `svg` with its viewBox widened so that the drawing fills `inner` of `outer` px, centred: the
 * Chrome Web Store asks for a 128 px icon whose artwork is 96 px with 16 px of transparent margin.
 */
export function withMargin(svg: string, inner: number, outer: number): string {
  const match = /viewBox="([\d.\s-]+)"/.exec(svg);
  if (!match) throw new Error('assets/icon.svg needs a viewBox to be rendered with a margin.');
  const [x, y, w, h] = match[1].trim().split(/\s+/).map(Number);
  const grow = (outer / inner - 1) / 2;
  const box = [x - w * grow, y - h * grow, w * (1 + 2 * grow), h * (1 + 2 * grow)].map((n) => Number(n.toFixed(4)));
  return svg.replace(match[0], `viewBox="${box.join(' ')}"`);
}

/** Renders `svg` to a square PNG of `size` px. */
export function renderPng(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();
}

/**
 * Every icon the build needs: icon/<size>.png (WXT lists these in the manifest's `icons`; the 128 px
 * one with the store's margin) and notification-icon.png (full size, for desktop notifications).
 */
export function renderIcons(svg: string): RenderedIcon[] {
  return [
    ...ICON_SIZES.map((size) => ({
      relativeDest: `icon/${size}.png`,
      png: renderPng(size === 128 ? withMargin(svg, 96, 128) : svg, size),
    })),
    { relativeDest: 'notification-icon.png', png: renderPng(svg, 128) },
  ];
}

/**
 * Renders the project's icons (`root`/assets/icon.svg) into `dir` (atomically: parallel builds may
 * share it) and returns them as WXT public files, which WXT copies into the build.
 */
export function writeIcons(root: string, dir: string): Array<{ absoluteSrc: string; relativeDest: string }> {
  return renderIcons(fs.readFileSync(path.join(root, ICON_SVG), 'utf8')).map(({ relativeDest, png }) => {
    const absoluteSrc = path.join(dir, relativeDest);
    fs.mkdirSync(path.dirname(absoluteSrc), { recursive: true });
    const temporary = `${absoluteSrc}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, png);
    fs.renameSync(temporary, absoluteSrc);
    return { absoluteSrc, relativeDest };
  });
}
