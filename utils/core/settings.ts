/**
 * The user's settings: their shape, defaults, validation, and the capture rules they imply.
 * Pure: the storage adapter is utils/platform/settings-store.ts; the content script reads the same key.
 */
import { RETRY_WINDOW_MS } from './retry-policy';

/** The browser.storage.local key that holds the settings (the settings store and the capture agent read it). */
export const SETTINGS_KEY = 'settings';

/** Which sites Form Outbox works on. */

export type SiteMode = 'all-but-blocked' | 'only-allowed';

export interface Settings {
  /**
   * Desktop notifications when queued submissions are delivered or fail for good. Off until the
   * person turns them on, which also asks the browser for the (optional) permission.
   */
  notifications: boolean;
  /** Capture nothing anywhere (already queued items are still sent). */
  paused: boolean;
  siteMode: SiteMode;
  /** Hosts never captured (in `all-but-blocked` mode). A host also covers its subdomains. */
  blockedSites: string[];
  /** The only hosts captured in `only-allowed` mode. */
  allowedSites: string[];
  /** Hosts where forms with passwords, card numbers or one-time codes may be captured (the user was warned). */
  sensitiveSites: string[];
  /** Whether GET forms (searches, filters) are captured. */
  captureGet: boolean;
  /** How long delivered items stay in the "Sent" history, in ms. 0 keeps none. */
  keepSentMs: number;
  /** How long an item keeps being retried before it ends as failed ("gave up"), in ms. */
  retryWindowMs: number;
  /** Keep drafts of what is typed into forms (docs/drafts.md). */
  drafts: boolean;
  /** Hosts where no draft is kept (a host also covers its subdomains). */
  draftsOffSites: string[];
  /** How long a draft is kept after it was last typed in, in ms. */
  keepDraftsMs: number;
}

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

export const DEFAULT_SETTINGS: Settings = {
  notifications: false,
  paused: false,
  siteMode: 'all-but-blocked',
  blockedSites: [],
  allowedSites: [],
  sensitiveSites: [],
  captureGet: true,
  keepSentMs: 3 * DAY,
  retryWindowMs: RETRY_WINDOW_MS,
  drafts: true,
  draftsOffSites: [],
  keepDraftsMs: 7 * DAY,
};

/** The choices the settings page offers (other stored values are kept and shown as they are). */
export const KEEP_SENT_CHOICES_MS = [0, DAY, 3 * DAY, 7 * DAY, 30 * DAY];
export const RETRY_WINDOW_CHOICES_MS = [HOUR, DAY, 3 * DAY, 7 * DAY, 30 * DAY];
export const KEEP_DRAFTS_CHOICES_MS = [DAY, 3 * DAY, 7 * DAY, 14 * DAY, 30 * DAY];
/** Shortest accepted draft retention. */
export const MIN_KEEP_DRAFTS_MS = HOUR;

/** Shortest accepted retry window: below it backoff would give up before a second attempt. */
export const MIN_RETRY_WINDOW_MS = 10_000;
const MAX_SITES = 500;

/**
 * Settings from whatever is stored: unknown keys dropped, wrong types replaced by defaults, site
 * lists normalised. Never throws, so a damaged value cannot stop capture or replay.
 */
export function parseSettings(stored: unknown): Settings {
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const bool = (key: keyof Settings) =>
    typeof raw[key] === 'boolean' ? (raw[key] as boolean) : (DEFAULT_SETTINGS[key] as boolean);
  const duration = (key: 'keepSentMs' | 'retryWindowMs' | 'keepDraftsMs', min: number) => {
    const value = raw[key];
    return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : DEFAULT_SETTINGS[key];
  };
  const sites = (key: 'blockedSites' | 'allowedSites' | 'sensitiveSites' | 'draftsOffSites') =>
    Array.isArray(raw[key]) ? normalizeSiteList(raw[key] as unknown[]) : [];
  return {
    notifications: bool('notifications'),
    paused: bool('paused'),
    siteMode: raw.siteMode === 'only-allowed' ? 'only-allowed' : 'all-but-blocked',
    blockedSites: sites('blockedSites'),
    allowedSites: sites('allowedSites'),
    sensitiveSites: sites('sensitiveSites'),
    captureGet: bool('captureGet'),
    keepSentMs: duration('keepSentMs', 0),
    retryWindowMs: duration('retryWindowMs', MIN_RETRY_WINDOW_MS),
    drafts: bool('drafts'),
    draftsOffSites: sites('draftsOffSites'),
    keepDraftsMs: duration('keepDraftsMs', MIN_KEEP_DRAFTS_MS),
  };
}

/**
 * The host a user means by what they typed: "Example.com", "https://example.com/a", "*.example.com"
 * and "example.com:8080" all mean example.com. Null when it is not a host name or IP address.
 */
export function normalizeSite(input: string): string | null {
  let text = input.trim().toLowerCase();
  if (!text) return null;
  text = text.replace(/^\*\./, '');
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(text)) text = `http://${text}`;
  let host: string;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    host = url.hostname;
  } catch {
    return null;
  }
  if (!host || host.length > 253 || !/^(\[[0-9a-f:.]+\]|[a-z0-9_-]+(\.[a-z0-9_-]+)*)$/.test(host)) return null;
  return host;
}

/** Normalised, de-duplicated, bounded list of hosts; entries that are not hosts are dropped. */
export function normalizeSiteList(inputs: readonly unknown[]): string[] {
  const hosts = new Set<string>();
  for (const input of inputs) {
    if (typeof input !== 'string') continue;
    const host = normalizeSite(input);
    if (host) hosts.add(host);
    if (hosts.size >= MAX_SITES) break;
  }
  return [...hosts];
}

/** True when `hostname` is `site` or one of its subdomains. */
export function hostMatches(hostname: string, site: string): boolean {
  const host = hostname.toLowerCase();
  return host === site || host.endsWith(`.${site}`);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** What capture decisions read: the content script keeps only this (see readCaptureRules). */
export type CaptureRules = Pick<
  Settings,
  'paused' | 'siteMode' | 'blockedSites' | 'allowedSites' | 'sensitiveSites' | 'captureGet'
>;

/**
 * The capture rules from the stored settings, for the content script, which runs on every page and
 * so carries no parser of its own: every write goes through parseSettings (utils/platform/settings-store.ts),
 * so stored site lists are already normalised. A damaged value still cannot throw: wrong types read
 * as their defaults, and list entries that are not strings are dropped.
 */
export function readCaptureRules(stored: unknown): CaptureRules {
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const sites = (value: unknown) =>
    Array.isArray(value)
      ? value.filter((site): site is string => typeof site === 'string').map((site) => site.toLowerCase())
      : [];
  return {
    paused: raw.paused === true,
    siteMode: raw.siteMode === 'only-allowed' ? 'only-allowed' : 'all-but-blocked',
    blockedSites: sites(raw.blockedSites),
    allowedSites: sites(raw.allowedSites),
    sensitiveSites: sites(raw.sensitiveSites),
    captureGet: raw.captureGet !== false,
  };
}

export type CaptureVerdict = 'capture' | 'paused' | 'site-off' | 'get-off';

/**
 * Whether a submission from `pageUrl` to `actionUrl` may be captured under `settings`. A blocked
 * host blocks both the pages on it and the forms sent to it; `only-allowed` looks at the page.
 */
export function captureVerdict(
  settings: CaptureRules,
  pageUrl: string,
  actionUrl: string,
  method: string,
): CaptureVerdict {
  if (settings.paused) return 'paused';
  const pageHost = hostOf(pageUrl);
  const actionHost = hostOf(actionUrl);
  if (settings.siteMode === 'only-allowed') {
    if (!pageHost || !settings.allowedSites.some((site) => hostMatches(pageHost, site))) return 'site-off';
  } else {
    const blocked = (host: string | null) => !!host && settings.blockedSites.some((site) => hostMatches(host, site));
    if (blocked(pageHost) || blocked(actionHost)) return 'site-off';
  }
  if (!settings.captureGet && method.toUpperCase() === 'GET') return 'get-off';
  return 'capture';
}

/** Whether forms with secrets may be captured on the page at `pageUrl` (the user allowed it for that site). */
export function sensitiveAllowed(settings: CaptureRules, pageUrl: string): boolean {
  const host = hostOf(pageUrl);
  return !!host && settings.sensitiveSites.some((site) => hostMatches(host, site));
}

export type DraftVerdict = 'keep' | 'off' | 'paused' | 'site-off';

/**
 * Whether drafts are kept (and offered) on the page at `pageUrl`: drafts on, Form Outbox not
 * paused, the page's site neither blocked (or, in `only-allowed` mode, allowed) nor in the drafts'
 * own list of sites without drafts.
 */
export function draftVerdict(settings: Settings, pageUrl: string): DraftVerdict {
  if (!settings.drafts) return 'off';
  if (settings.paused) return 'paused';
  const host = hostOf(pageUrl);
  if (!host) return 'site-off';
  if (captureVerdict(settings, pageUrl, pageUrl, 'POST') === 'site-off') return 'site-off';
  if (settings.draftsOffSites.some((site) => hostMatches(host, site))) return 'site-off';
  return 'keep';
}
