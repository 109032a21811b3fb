/** Small display formatters for the popup (pure; the locale and `now` come in). */

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

// Building an Intl formatter costs far more than formatting with one: one per <time> (four per
// card, 240 for the popup's first 60 cards) took about 40 ms of its first render. Made once per locale.
const relativeFormats = new Map<string | undefined, Intl.RelativeTimeFormat>();
const absoluteFormats = new Map<string | undefined, Intl.DateTimeFormat>();

function cached<F>(formats: Map<string | undefined, F>, locale: string | undefined, make: () => F): F {
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = make()));
  return format;
}

/** "5 minutes ago", "in 2 hours", "now" (under a minute). */
export function relativeTime(at: number, now: number, locale?: string): string {
  const delta = at - now;
  const format = cached(relativeFormats, locale, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms) return format.format(Math.round(delta / ms), unit);
  }
  return format.format(0, 'second');
}

/** The full local date and time, for tooltips and <time> titles. */
export function absoluteTime(at: number, locale?: string): string {
  // The same text as Date#toLocaleString with these options.
  return cached(
    absoluteFormats,
    locale,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(at);
}

/** "example.com" from a URL, or the URL itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The path and query of a URL (what the form posts to), or the URL itself. */
export function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}
