import { describe, expect, it } from 'vitest';
import { mergeFeedSources } from '../../../src/background/feed-sources';

const build = { urls: ['https://rules.example/v1/bundle.json'], keys: ['A'.repeat(124)] };
const orgKey = `${'B'.repeat(122)}==`;

describe('mergeFeedSources: build feed + organisation additions', () => {
  it('without additions, is the build config', () => {
    expect(mergeFeedSources(build)).toEqual(build);
  });

  it('asks the organisation feed first and trusts its key in addition to the pinned one', () => {
    expect(
      mergeFeedSources(build, { urls: ['https://org.example/vigie/bundle.json'], keys: [orgKey] }),
    ).toEqual({
      urls: ['https://org.example/vigie/bundle.json', ...build.urls],
      keys: [...build.keys, orgKey],
    });
  });

  it('drops malformed additions instead of failing (a bad policy never stops updates)', () => {
    expect(
      mergeFeedSources(build, {
        urls: ['http://plain.example/b.json', 'https://x.example/b.json?id=42', 7, null],
        keys: ['not base64!', 12, ''],
      }),
    ).toEqual(build);
    expect(mergeFeedSources(build, { urls: 'https://org.example/b.json', keys: { k: orgKey } })).toEqual(
      build,
    );
  });

  it('cannot remove or reorder the pinned keys, and removes duplicates', () => {
    const merged = mergeFeedSources(build, { urls: build.urls, keys: [orgKey, ...build.keys, orgKey] });
    expect(merged.keys).toEqual([...build.keys, orgKey]);
    expect(merged.urls).toEqual(build.urls);
  });
});
