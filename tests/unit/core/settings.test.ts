import { describe, expect, it } from 'vitest';
import {
  captureVerdict,
  DEFAULT_SETTINGS,
  draftVerdict,
  hostMatches,
  MIN_RETRY_WINDOW_MS,
  normalizeSite,
  normalizeSiteList,
  parseSettings,
  readCaptureRules,
  sensitiveAllowed,
} from '@/utils/core/settings';
import { RETRY_WINDOW_MS } from '@/utils/core/retry-policy';

describe('parseSettings', () => {
  it('fills defaults for a fresh install and for damaged values', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('junk')).toEqual(DEFAULT_SETTINGS);
    expect(
      parseSettings({ paused: 'yes', keepSentMs: -1, retryWindowMs: Number.NaN, siteMode: 'x', blockedSites: 'a.com' }),
    ).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.retryWindowMs).toBe(RETRY_WINDOW_MS);
  });

  it('keeps valid values, drops unknown keys and normalises site lists', () => {
    const parsed = parseSettings({
      paused: true,
      siteMode: 'only-allowed',
      allowedSites: ['https://Forms.Example.com/path', '*.example.org', 'not a host', 42, 'forms.example.com'],
      keepSentMs: 0,
      retryWindowMs: MIN_RETRY_WINDOW_MS,
      evil: '<script>',
    });
    expect(parsed).toMatchObject({
      paused: true,
      siteMode: 'only-allowed',
      keepSentMs: 0,
      retryWindowMs: MIN_RETRY_WINDOW_MS,
    });
    expect(parsed.allowedSites).toEqual(['forms.example.com', 'example.org']);
    expect('evil' in parsed).toBe(false);
  });

  it('refuses a retry window shorter than the minimum (control: the minimum itself is kept)', () => {
    expect(parseSettings({ retryWindowMs: MIN_RETRY_WINDOW_MS - 1 }).retryWindowMs).toBe(RETRY_WINDOW_MS);
    expect(parseSettings({ retryWindowMs: MIN_RETRY_WINDOW_MS }).retryWindowMs).toBe(MIN_RETRY_WINDOW_MS);
  });
});

describe('sites', () => {
  it('understands what people type for a site', () => {
    expect(normalizeSite('Example.COM')).toBe('example.com');
    expect(normalizeSite('https://example.com:8443/login?x=1')).toBe('example.com');
    expect(normalizeSite('*.example.com')).toBe('example.com');
    expect(normalizeSite('127.0.0.1:8080')).toBe('127.0.0.1');
    expect(normalizeSite('localhost')).toBe('localhost');
    expect(normalizeSite('  ')).toBeNull();
    expect(normalizeSite('ftp://example.com')).toBeNull();
    expect(normalizeSite('exa mple.com')).toBeNull();
  });

  it('a site covers its subdomains but not look-alikes', () => {
    expect(hostMatches('example.com', 'example.com')).toBe(true);
    expect(hostMatches('forms.EXAMPLE.com', 'example.com')).toBe(true);
    expect(hostMatches('badexample.com', 'example.com')).toBe(false);
    expect(hostMatches('example.com.evil.net', 'example.com')).toBe(false);
  });

  it('bounds the list length', () => {
    expect(normalizeSiteList(Array.from({ length: 600 }, (_, i) => `s${i}.example`))).toHaveLength(500);
  });
});

describe('captureVerdict', () => {
  const page = 'https://shop.example/form';
  const action = 'https://api.payments.example/charge';

  it('captures by default (control for every refusal below)', () => {
    expect(captureVerdict(DEFAULT_SETTINGS, page, action, 'POST')).toBe('capture');
    expect(captureVerdict(DEFAULT_SETTINGS, page, action, 'GET')).toBe('capture');
  });

  it('pause stops everything', () => {
    expect(captureVerdict({ ...DEFAULT_SETTINGS, paused: true }, page, action, 'POST')).toBe('paused');
  });

  it('a blocked site blocks its pages and the forms sent to it', () => {
    const settings = { ...DEFAULT_SETTINGS, blockedSites: ['payments.example'] };
    expect(captureVerdict(settings, page, action, 'POST')).toBe('site-off');
    expect(captureVerdict(settings, 'https://payments.example/', 'https://shop.example/x', 'POST')).toBe('site-off');
    expect(captureVerdict(settings, page, 'https://shop.example/x', 'POST')).toBe('capture');
  });

  it('only-allowed mode captures on listed pages only', () => {
    const settings = { ...DEFAULT_SETTINGS, siteMode: 'only-allowed' as const, allowedSites: ['shop.example'] };
    expect(captureVerdict(settings, page, action, 'POST')).toBe('capture');
    expect(captureVerdict(settings, 'https://other.example/', action, 'POST')).toBe('site-off');
    expect(captureVerdict({ ...settings, allowedSites: [] }, page, action, 'POST')).toBe('site-off');
  });

  it('GET forms can be left to the browser', () => {
    const settings = { ...DEFAULT_SETTINGS, captureGet: false };
    expect(captureVerdict(settings, page, action, 'get')).toBe('get-off');
    expect(captureVerdict(settings, page, action, 'POST')).toBe('capture');
  });

  it('forms with secrets only on sites the user allowed', () => {
    expect(sensitiveAllowed(DEFAULT_SETTINGS, page)).toBe(false);
    expect(sensitiveAllowed({ ...DEFAULT_SETTINGS, sensitiveSites: ['shop.example'] }, page)).toBe(true);
    expect(sensitiveAllowed({ ...DEFAULT_SETTINGS, sensitiveSites: ['shop.example'] }, 'not a url')).toBe(false);
  });
});

describe("readCaptureRules (the content script's reader)", () => {
  const rulesOf = (settings: ReturnType<typeof parseSettings>) => ({
    paused: settings.paused,
    siteMode: settings.siteMode,
    blockedSites: settings.blockedSites,
    allowedSites: settings.allowedSites,
    sensitiveSites: settings.sensitiveSites,
    captureGet: settings.captureGet,
  });

  it('reads what parseSettings stores exactly as parseSettings does', () => {
    const stored = [
      undefined,
      {},
      { paused: true, captureGet: false },
      {
        siteMode: 'only-allowed',
        allowedSites: ['Example.com', 'https://shop.example.org/cart'],
        sensitiveSites: ['*.bank.example'],
      },
      { blockedSites: ['ads.example', 'tracker.example:8080'], notifications: false },
    ];
    for (const value of stored) {
      const written = parseSettings(value); // what utils/platform/settings-store.ts writes
      expect(readCaptureRules(written)).toEqual(rulesOf(written));
      expect(readCaptureRules(JSON.parse(JSON.stringify(written)))).toEqual(rulesOf(written));
    }
  });

  it('never throws on damaged values, and reads them as the defaults', () => {
    for (const damaged of [
      null,
      'x',
      42,
      [],
      { paused: 'yes', siteMode: 7, blockedSites: 'a.example', captureGet: 0 },
    ]) {
      expect(readCaptureRules(damaged)).toEqual(rulesOf(DEFAULT_SETTINGS));
    }
    expect(readCaptureRules({ blockedSites: ['A.example', 3, null] }).blockedSites).toEqual(['a.example']);
  });

  it('gives the same capture verdicts as the full settings', () => {
    const settings = parseSettings({
      blockedSites: ['blocked.example'],
      captureGet: false,
      sensitiveSites: ['bank.example'],
    });
    const rules = readCaptureRules(settings);
    for (const [page, action, method] of [
      ['https://blocked.example/a', 'https://ok.example/s', 'POST'],
      ['https://ok.example/a', 'https://sub.blocked.example/s', 'POST'],
      ['https://ok.example/a', 'https://ok.example/s', 'GET'],
      ['https://ok.example/a', 'https://ok.example/s', 'POST'],
    ]) {
      expect(captureVerdict(rules, page, action, method)).toBe(captureVerdict(settings, page, action, method));
    }
    expect(sensitiveAllowed(rules, 'https://www.bank.example/')).toBe(true);
    expect(sensitiveAllowed(rules, 'https://ok.example/')).toBe(false);
  });
});

describe('drafts settings', () => {
  it('default to on, no sites without drafts, 7 days; damaged values read as defaults', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ drafts: true, draftsOffSites: [], keepDraftsMs: 7 * 24 * 3_600_000 });
    expect(parseSettings({ drafts: 'no', keepDraftsMs: 10, draftsOffSites: 'x' })).toMatchObject({
      drafts: true,
      keepDraftsMs: 7 * 24 * 3_600_000,
      draftsOffSites: [],
    });
    expect(
      parseSettings({
        drafts: false,
        keepDraftsMs: 3_600_000,
        draftsOffSites: ['https://Notes.example/a', 'not a site!'],
      }),
    ).toMatchObject({ drafts: false, keepDraftsMs: 3_600_000, draftsOffSites: ['notes.example'] });
  });

  it("draftVerdict: kept unless drafts are off, Form Outbox is paused, or the page's site is blocked, not allowed or without drafts", () => {
    const page = 'https://app.shop.example/order';
    expect(draftVerdict(DEFAULT_SETTINGS, page)).toBe('keep');
    expect(draftVerdict({ ...DEFAULT_SETTINGS, drafts: false }, page)).toBe('off');
    expect(draftVerdict({ ...DEFAULT_SETTINGS, paused: true }, page)).toBe('paused');
    expect(draftVerdict({ ...DEFAULT_SETTINGS, blockedSites: ['shop.example'] }, page)).toBe('site-off');
    expect(draftVerdict({ ...DEFAULT_SETTINGS, draftsOffSites: ['shop.example'] }, page)).toBe('site-off');
    expect(draftVerdict({ ...DEFAULT_SETTINGS, draftsOffSites: ['other.example'] }, page)).toBe('keep');
    expect(draftVerdict({ ...DEFAULT_SETTINGS, siteMode: 'only-allowed', allowedSites: ['other.example'] }, page)).toBe(
      'site-off',
    );
    expect(draftVerdict({ ...DEFAULT_SETTINGS, siteMode: 'only-allowed', allowedSites: ['shop.example'] }, page)).toBe(
      'keep',
    );
    // GET forms off concerns submissions, not typing.
    expect(draftVerdict({ ...DEFAULT_SETTINGS, captureGet: false }, page)).toBe('keep');
    expect(draftVerdict(DEFAULT_SETTINGS, 'not a url')).toBe('site-off');
  });
});
