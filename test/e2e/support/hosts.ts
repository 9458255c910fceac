/**
 * The real origins the e2e tests pretend to be. Both browsers send these hosts to the loopback
 * fixture server (Chromium through --host-resolver-rules, Firefox through the CONNECT proxy), so
 * the manifest's real match patterns are exercised instead of a localhost stand-in.
 */
export const MAPPED_HOSTS = [
  'web.telegram.org',
  'web.whatsapp.com',
  'www.snapchat.com',
  'web.snapchat.com',
  // Not a real domain (.test is reserved): where test builds fetch their signed rules feed.
  'feed.vigie.test',
] as const;

export type MappedHost = (typeof MAPPED_HOSTS)[number];

/** The fixture pages at their real URLs, by site name (files in test/fixtures/sites/). */
export const FIXTURE_URLS = {
  'telegram-k': 'https://web.telegram.org/k/',
  'telegram-a': 'https://web.telegram.org/a/',
  whatsapp: 'https://web.whatsapp.com/',
  snapchat: 'https://www.snapchat.com/web',
} as const;

export type FixtureSite = keyof typeof FIXTURE_URLS;
