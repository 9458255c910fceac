/**
 * THE one place where a build's rule feed is set: the URL(s) the background fetches signed rule
 * bundles from and the public keys it trusts (see docs/feed.md). Nothing else in the code names a
 * feed host or a key.
 *
 * A test build overrides both at build time, without editing this file:
 *   VIGIE_FEED_URL='https://feed.vigie.test/rules/bundle.json'  (comma-separated for mirrors)
 *   VIGIE_FEED_KEYS='<SPKI base64>,<SPKI base64>'
 * vite.config.ts passes them in through `define` as __VIGIE_FEED_URL__ / __VIGIE_FEED_KEYS__
 * (empty string = not set). An organisation adds its own feed and keys later by policy, on top of
 * these (issue 7); it never needs a rebuild.
 */

declare const __VIGIE_FEED_URL__: string | undefined;
declare const __VIGIE_FEED_KEYS__: string | undefined;

/**
 * The project's feed. The signature, not HTTPS, is what makes a bundle trusted; HTTPS only keeps
 * the request private on the wire.
 */
export const DEFAULT_FEED_URLS: readonly string[] = ['https://rules.vigie-extension.org/v1/bundle.json'];

/**
 * Public keys (DER SubjectPublicKeyInfo, base64) whose signatures the extension accepts. Copies of
 * rules/keys/*.spki.b64; a test in test/unit/background keeps them in sync. To rotate: add the new
 * key here, ship, then sign with it; remove the old one a release later.
 */
export const PINNED_KEYS: readonly string[] = [
  // rules/keys/vigie-feed-2026.spki.b64
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEa+Hr1CZEb4ZMrPM+U25vRuJLkTTV29oH993Wk/kaDo0PXLREa14F8u5z4x0YH/VSj0sh2fs0BSxwYgb5YqdRMw==',
];

/** Largest bundle accepted, counted while reading, so a hostile feed cannot fill memory. */
export const MAX_BUNDLE_BYTES = 2 * 1024 * 1024;
/** Largest signature file read (a P-256 signature is 88 base64 characters). */
export const MAX_SIGNATURE_BYTES = 1024;
/** Whole-request budget, headers and body together; a stalled feed fails with 'timeout'. */
export const FETCH_TIMEOUT_MS = 30_000;
/** A check every six hours, plus up to an hour of random delay so clients do not arrive together. */
export const UPDATE_INTERVAL_MINUTES = 6 * 60;
export const UPDATE_JITTER_MINUTES = 60;

export interface FeedConfig {
  urls: readonly string[];
  keys: readonly string[];
}

/**
 * The feed of this build: the defaults above, or the build-time override when one was given.
 * Malformed overrides fail loudly at build-test time rather than silently falling back.
 */
export const FEED_CONFIG: FeedConfig = resolveFeedConfig(
  typeof __VIGIE_FEED_URL__ === 'string' ? __VIGIE_FEED_URL__ : '',
  typeof __VIGIE_FEED_KEYS__ === 'string' ? __VIGIE_FEED_KEYS__ : '',
);

export function resolveFeedConfig(urlOverride: string, keysOverride: string): FeedConfig {
  const urls = splitList(urlOverride);
  const keys = splitList(keysOverride);
  for (const url of urls) {
    if (!isFeedUrl(url)) throw new Error(`VIGIE_FEED_URL: "${url}" is not an https:// URL without query`);
  }
  return {
    urls: urls.length > 0 ? urls : DEFAULT_FEED_URLS,
    keys: keys.length > 0 ? keys : PINNED_KEYS,
  };
}

/**
 * A feed URL is https and carries no query or fragment: the update request must say nothing about
 * the user, and a query string is where ids and counters usually hide.
 */
export function isFeedUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.search === '' && url.hash === '' && url.username === '';
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
