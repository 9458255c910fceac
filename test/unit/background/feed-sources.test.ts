import { describe, expect, it } from 'vitest';
import { isKeyTrusted, planFeeds } from '../../../src/background/feed-sources';

const build = { urls: ['https://rules.example/v1/bundle.json'], keys: ['A'.repeat(124)] };
const orgKey = `${'B'.repeat(122)}==`;
const orgUrl = 'https://org.example/vigie/bundle.json';

describe('planFeeds: the build feed + organisation additions, each with its own keys', () => {
  it('without additions, is the build config bound to the pinned keys', () => {
    expect(planFeeds(build)).toEqual({
      feeds: [{ url: build.urls[0], owner: 'project', keys: build.keys }],
      keys: { project: build.keys, organisation: [] },
    });
  });

  it("asks the organisation feed first, with the organisation's keys only; the project feed keeps its own", () => {
    expect(planFeeds(build, { urls: [orgUrl], keys: [orgKey] })).toEqual({
      feeds: [
        { url: orgUrl, owner: 'organisation', keys: [orgKey] },
        { url: build.urls[0], owner: 'project', keys: build.keys },
      ],
      keys: { project: build.keys, organisation: [orgKey] },
    });
  });

  it('drops malformed additions instead of failing (a bad policy never stops updates)', () => {
    const plan = planFeeds(build, {
      urls: ['http://plain.example/b.json', 'https://x.example/b.json?id=42', 7, null],
      keys: ['not base64!', 12, ''],
    });
    expect(plan).toEqual(planFeeds(build));
    expect(planFeeds(build, { urls: 'https://org.example/b.json', keys: { k: orgKey } })).toEqual(
      planFeeds(build),
    );
  });

  it("cannot claim the project's feed URL, nor change the project's keys; removes duplicates", () => {
    const plan = planFeeds(build, { urls: [...build.urls, orgUrl, orgUrl], keys: [orgKey, orgKey] });
    expect(plan.feeds.map((f) => [f.url, f.owner])).toEqual([
      [orgUrl, 'organisation'],
      [build.urls[0], 'project'],
    ]);
    expect(plan.keys.project).toEqual(build.keys);
    expect(plan.keys.organisation).toEqual([orgKey]);
  });

  it('trusts a key only for the owner it belongs to', () => {
    const plan = planFeeds(build, { urls: [orgUrl], keys: [orgKey] });
    expect(isKeyTrusted(plan, 'organisation', orgKey)).toBe(true);
    expect(isKeyTrusted(plan, 'project', orgKey)).toBe(false);
    expect(isKeyTrusted(plan, 'organisation', build.keys[0] as string)).toBe(false);
  });
});
