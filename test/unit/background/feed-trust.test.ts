/**
 * Issue 17, points 5 and 7: keys bound to their feeds, the key that installed the active set
 * remembered, version jumps bounded, `expires` enforced on the set in use, and a stored set that
 * fails its re-check replaced by the packaged rules, with the reason in the status.
 */
import { describe, expect, it } from 'vitest';
import { RULESET_META_KEY, RULESET_STATUS_KEY } from '../../../src/background/ruleset-store';
import { ensureActive, readChecked, runCheck } from '../../../src/background/ruleset-updater';
import { maxVersionJump } from '../../../src/background/version-bound';
import { RULESET_ACTIVE_KEY } from '../../../src/shared/messages';
import { DAY, makeBundle, makeKey, NOW, sign } from './helpers';
import { EMBEDDED, FEED, harness, ORG_FEED, serveSigned, stored } from './updater-harness';

const MAX_SAFE = Number.MAX_SAFE_INTEGER; // 2^53 − 1

async function withOrganisation() {
  const h = await harness();
  const org = await makeKey();
  h.setPolicy({ urls: [ORG_FEED], keys: [org.spki] });
  const serveOrg = async (raw: string) => h.feed.serve(ORG_FEED, raw, await sign(org, raw));
  return { h, org, serveOrg };
}

describe('keys are bound to their feeds', () => {
  it("an organisation key cannot sign for the project's feed", async () => {
    const { h, org } = await withOrganisation();
    h.setPolicy({ keys: [org.spki] }); // the key alone, as a leaked key would be used
    await serveSigned(h, makeBundle(11), org); // on the PROJECT feed
    const { outcome } = await runCheck(h.deps);
    expect(outcome).toMatchObject({ kind: 'refused', code: 'bad-signature' });
    expect(stored(h).active).toMatchObject({ version: 10, source: 'embedded' });
  });

  it("the project key cannot sign for an organisation's feed either", async () => {
    const { h } = await withOrganisation();
    const raw = makeBundle(11);
    h.feed.serve(ORG_FEED, raw, await sign(h.key, raw));
    const { outcome } = await runCheck(h.deps);
    // The org feed refuses; the project feed (asked next) has nothing: the org's reason is shown.
    expect(outcome).toMatchObject({ kind: 'refused', code: 'bad-signature' });
  });

  it("a policy naming the project's own feed URL does not bind it to the organisation's key", async () => {
    const h = await harness();
    const org = await makeKey();
    h.setPolicy({ urls: [FEED], keys: [org.spki] });
    await serveSigned(h, makeBundle(11), org);
    expect((await runCheck(h.deps)).outcome).toMatchObject({ kind: 'refused', code: 'bad-signature' });
  });
});

describe('version freeze (the reviewer reproduction)', () => {
  it('a bundle at 2^53−1 from an organisation feed is refused; project updates keep installing', async () => {
    const { h, serveOrg } = await withOrganisation();
    await serveOrg(makeBundle(MAX_SAFE));
    const first = await runCheck(h.deps);
    expect(first.outcome).toMatchObject({ kind: 'refused', code: 'version-jump' });
    expect(stored(h).active).toMatchObject({ version: 10, source: 'embedded' });

    h.setPolicy({});
    await serveSigned(h, makeBundle(11, { word: 'nouveau' }));
    expect((await runCheck(h.deps)).outcome).toMatchObject({ kind: 'install', owner: 'project' });
    expect(stored(h).active).toMatchObject({ version: 11, source: 'feed' });
  });

  it('the project cannot freeze itself either: 2^53−1 on its own feed is refused', async () => {
    const h = await harness();
    await serveSigned(h, makeBundle(MAX_SAFE));
    expect((await runCheck(h.deps)).outcome).toMatchObject({ kind: 'refused', code: 'version-jump' });
    await serveSigned(h, makeBundle(11));
    expect((await runCheck(h.deps)).outcome).toMatchObject({ kind: 'install' });
  });

  it("an organisation's high version stops blocking the project once its policy is removed", async () => {
    const { h, serveOrg } = await withOrganisation();
    // High, but within the bound: the kind of number that froze the project's updates.
    await serveOrg(makeBundle(1_500_010));
    expect((await runCheck(h.deps)).outcome).toMatchObject({ kind: 'install', owner: 'organisation' });
    await serveSigned(h, makeBundle(11));

    h.setPolicy({}); // the administrator removes the policy (and the extension updates)
    h.setExtensionVersion('1.1.0');
    expect(await ensureActive(h.deps)).toBe('recovered');
    expect(stored(h).active).toMatchObject({ version: 10, source: 'embedded' });
    expect(stored(h).status.fallback).toMatchObject({ reason: 'key-untrusted', version: 1_500_010 });

    const { outcome, status } = await runCheck(h.deps);
    expect(outcome).toMatchObject({ kind: 'install', owner: 'project' });
    expect(status).toMatchObject({ version: 11, source: 'feed', fallback: null });
  });

  it('remembers the key and owner that installed the set in use', async () => {
    const { h, org, serveOrg } = await withOrganisation();
    await serveOrg(makeBundle(11));
    await runCheck(h.deps);
    expect(h.storage.data.get(RULESET_META_KEY)).toMatchObject({
      owner: 'organisation',
      signedBy: org.spki,
      feedUrl: ORG_FEED,
    });
  });
});

describe('key rotation (issue 18): a new key is added before the old one is retired', () => {
  it('a set signed with the old key stays while both are pinned, and falls back once it is dropped', async () => {
    const h = await harness();
    const next = await makeKey();
    await serveSigned(h, makeBundle(11));
    await runCheck(h.deps);
    h.setKeys([h.key.spki, next.spki]); // release N: both keys
    h.setExtensionVersion('1.1.0');
    expect(await ensureActive(h.deps)).toBe('extension-updated');
    expect(stored(h).active).toMatchObject({ version: 11, source: 'feed' });

    h.setKeys([next.spki]); // release N+1: old key retired
    h.setExtensionVersion('1.2.0');
    expect(await ensureActive(h.deps)).toBe('recovered');
    expect(stored(h).active).toMatchObject({ version: 10, source: 'embedded' });
    await serveSigned(h, makeBundle(12), next);
    expect((await runCheck(h.deps)).outcome).toMatchObject({ kind: 'install', signedBy: next.spki });
  });
});

describe('the version bound and the project scheme YYYYMMDDnn', () => {
  const version = (d: Date, nn: number) =>
    Number(`${d.toISOString().slice(0, 10).replaceAll('-', '')}${String(nn).padStart(2, '0')}`);

  it('never refuses a bundle numbered by the scheme, published any day of the next five years', () => {
    const published = Date.parse('2026-11-28T00:00:00Z');
    const current = 2026112801;
    let worst = 0;
    for (let day = 0; day <= 5 * 366; day++) {
      const at = published + day * DAY;
      const margin = maxVersionJump(published, at) - (version(new Date(at), 99) - current);
      expect(margin, new Date(at).toISOString()).toBeGreaterThan(0);
      worst = Math.min(worst || margin, margin);
    }
    expect(worst).toBeGreaterThan(0);
  });

  it('refuses 2^53−1 whatever the clock says within a million years', () => {
    const published = Date.parse('2026-11-28T00:00:00Z');
    const later = published + 1_000_000 * 366 * DAY;
    expect(MAX_SAFE - 2026112801).toBeGreaterThan(maxVersionJump(published, later));
  });
});

describe('`expires` is enforced on the set in use', () => {
  it('warns in the status 14 days ahead, then falls back to the packaged rules', async () => {
    const h = await harness();
    await serveSigned(h, makeBundle(11, { expires: NOW + 30 * DAY }));
    expect((await runCheck(h.deps)).status.expiry).toBeNull();

    h.setNow(NOW + 20 * DAY);
    h.feed.routes.clear(); // the feed went away
    const soon = await runCheck(h.deps);
    expect(soon.status).toMatchObject({ version: 11, expiry: 'soon' });

    h.setNow(NOW + 31 * DAY);
    expect(await ensureActive(h.deps)).toBe('recovered');
    const { status } = await runCheck(h.deps);
    expect(status).toMatchObject({ version: 10, source: 'embedded', fallback: { reason: 'expired' } });
  });

  it('never drops the packaged set for its age (a fresh install works offline)', async () => {
    const h = await harness();
    h.setEmbedded(makeBundle(10, { published: NOW - 400 * DAY, expires: NOW - 30 * DAY }));
    await ensureActive(h.deps);
    h.setNow(NOW + 1);
    expect(await ensureActive(h.deps)).toBe('wake-up');
    const { status } = await runCheck(h.deps);
    expect(status).toMatchObject({ version: 10, source: 'embedded', expiry: 'past', fallback: null });
  });
});

describe('a corrupt or hostile stored set (point 7)', () => {
  async function withFeedSet() {
    const h = await harness();
    await serveSigned(h, makeBundle(11, { word: 'newword' }));
    await runCheck(h.deps);
    return h;
  }

  it('a stored feed set whose rules were replaced (same shape) is dropped for the packaged rules', async () => {
    const h = await withFeedSet();
    const active = h.storage.data.get(RULESET_ACTIVE_KEY) as { raw: string };
    // Valid JSON, same version, no rules: what a hostile writer would store to switch detection off.
    active.raw = makeBundle(11, { rules: [] });
    h.storage.data.set(RULESET_ACTIVE_KEY, active);
    const { active: handedOut, status } = await readChecked(h.deps);
    expect(handedOut).toEqual({ raw: EMBEDDED, version: 10, source: 'embedded' });
    expect(status.fallback).toMatchObject({ reason: 'stored-invalid' });
  });

  it('a "packaged" set that is not the package is dropped too', async () => {
    const h = await harness();
    await ensureActive(h.deps);
    h.storage.data.set(RULESET_ACTIVE_KEY, {
      raw: makeBundle(10, { word: 'autre' }),
      version: 10,
      source: 'embedded',
    });
    await readChecked(h.deps);
    expect(stored(h).active.raw).toBe(EMBEDDED);
    expect(stored(h).status).toMatchObject({ fallback: { reason: 'stored-invalid' } });
  });

  it('garbage where the rules were is recovered at the next worker start', async () => {
    const h = await withFeedSet();
    h.storage.data.set(RULESET_ACTIVE_KEY, { raw: '{"version":', version: 11, source: 'feed' });
    const restarted = {
      ...h.deps,
      store: (await import('../../../src/background/ruleset-store')).createRulesetStore(h.storage),
    };
    expect(await ensureActive(restarted)).toBe('recovered');
    expect(stored(h).active).toMatchObject({ version: 10, source: 'embedded' });
  });

  it('a damaged status or meta does not stop the recovery', async () => {
    const h = await withFeedSet();
    h.storage.data.set(RULESET_META_KEY, 'garbage');
    h.storage.data.set(RULESET_STATUS_KEY, 7);
    expect(await ensureActive(h.deps)).toBe('recovered');
    expect(stored(h).active).toMatchObject({ version: 10, source: 'embedded' });
  });

  it('a good stored set is checked once per worker life, not at every request', async () => {
    const h = await withFeedSet();
    let verified = 0;
    const verify = h.deps.verify;
    h.deps.verify = (...args) => {
      verified += 1;
      return verify(...args);
    };
    for (let i = 0; i < 5; i++) expect((await readChecked(h.deps)).active?.version).toBe(11);
    expect(verified).toBe(0); // the install itself was the check
  });
});
