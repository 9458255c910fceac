import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FEED_URLS,
  FEED_CONFIG,
  isFeedUrl,
  PINNED_KEYS,
  resolveFeedConfig,
} from '../../../src/shared/feed-config';

describe('feed-config: the one place a build sets its feed', () => {
  it('pins exactly the public keys committed under rules/keys/', () => {
    const files = readdirSync('rules/keys').filter((f) => f.endsWith('.spki.b64'));
    const committed = files.map((f) => readFileSync(`rules/keys/${f}`, 'utf8').trim()).sort();
    expect(committed.length).toBeGreaterThan(0);
    expect([...PINNED_KEYS].sort()).toEqual(committed);
  });

  it('uses the defaults when the build sets no override', () => {
    expect(FEED_CONFIG).toEqual({ urls: DEFAULT_FEED_URLS, keys: PINNED_KEYS });
    expect(DEFAULT_FEED_URLS.every(isFeedUrl)).toBe(true);
  });

  it('lets a test build replace URLs and keys (comma-separated)', () => {
    expect(
      resolveFeedConfig('https://feed.vigie.test/rules/bundle.json, https://m.test/b.json', 'K1,K2'),
    ).toEqual({
      urls: ['https://feed.vigie.test/rules/bundle.json', 'https://m.test/b.json'],
      keys: ['K1', 'K2'],
    });
  });

  it.each([
    'http://feed.example/bundle.json',
    'https://feed.example/bundle.json?uid=123',
    'https://feed.example/bundle.json#x',
    'https://user@feed.example/bundle.json',
    'not a url',
  ])('refuses a feed URL that is not plain https: %s', (url) => {
    expect(isFeedUrl(url)).toBe(false);
    expect(() => resolveFeedConfig(url, '')).toThrow(/VIGIE_FEED_URL/);
  });
});
