/**
 * The update pipeline with the REAL engine compiler and the real rule sources: the background
 * must accept exactly what the content script can load, and refuse what it cannot.
 */
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../../scripts/lib/rule-sources';
import { fetchLimited } from '../../../src/background/feed-fetch';
import { planFeeds } from '../../../src/background/feed-sources';
import { createRulesetStore } from '../../../src/background/ruleset-store';
import { type CheckDeps, ensureActive, runCheck } from '../../../src/background/ruleset-updater';
import { createBundleValidator } from '../../../src/background/validate-bundle';
import { verifyDetached } from '../../../src/engine/crypto/verify';
import { compileRuleSet, createDetector, loadBundle } from '../../../src/engine/index';
import { RULESET_ACTIVE_KEY } from '../../../src/shared/messages';
import { FakeFeed, MemoryStorage, makeKey, sign, subtle } from './helpers';

const FEED = 'https://feed.example/rules/bundle.json';
const WORD = 'zorglubine';

async function setup() {
  const { bundle, json } = buildBundle();
  const key = await makeKey();
  const storage = new MemoryStorage();
  const feed = new FakeFeed();
  const validate = createBundleValidator(compileRuleSet);
  // The clock sits inside the real bundle's validity window.
  const now = () => Date.parse(bundle.published) + 3_600_000;
  const verify = (bytes: Uint8Array, s: string, k: readonly string[]) => verifyDetached(subtle, bytes, s, k);
  const deps: CheckDeps = {
    store: createRulesetStore(storage),
    validate,
    verify,
    extensionVersion: '1.0.0',
    now,
    loadEmbedded: async () => json,
    feeds: async () => planFeeds({ urls: [FEED], keys: [key.spki] }),
    pipeline: {
      fetchBundle: (url) =>
        fetchLimited(url, { maxBytes: 2 * 1024 * 1024, timeoutMs: 1000, fetchImpl: feed.fetch }),
      fetchSignature: (url) => fetchLimited(url, { maxBytes: 1024, timeoutMs: 1000, fetchImpl: feed.fetch }),
      verify,
      validate,
      now,
    },
  };
  const publish = async (value: unknown) => {
    const text = JSON.stringify(value);
    feed.serve(FEED, text, await sign(key, text));
  };
  return { bundle, deps, storage, publish };
}

describe('update pipeline with the real engine', () => {
  it('installs a newer real bundle whose new rule then flags a message the old rules did not', async () => {
    const { bundle, deps, storage, publish } = await setup();
    await ensureActive(deps);
    const explain = Object.keys(bundle.explanations)[0] as string;
    const next = structuredClone(bundle);
    next.version += 1;
    next.rules.push({
      id: 'test.zorglubine',
      kind: 'sales-term',
      category: 'drugs',
      weight: 10,
      explain,
      terms: [WORD],
      lang: 'any',
    });
    await publish(next);

    const { status } = await runCheck(deps);

    expect(status).toMatchObject({ version: bundle.version + 1, source: 'feed', lastError: null });
    const active = storage.data.get(RULESET_ACTIVE_KEY) as { raw: string };
    const message = `${WORD} dispo ce soir`;
    expect(createDetector(compileRuleSet(bundle)).scan(message).flagged).toBe(false);
    expect(createDetector(compileRuleSet(loadBundle(active.raw))).scan(message).flagged).toBe(true);
  });

  it.each([
    [
      'an unknown category',
      (b: Record<string, unknown>) =>
        (((b.rules as Record<string, unknown>[])[0] as Record<string, unknown>).category = 'cheese'),
    ],
    ['an unknown format', (b: Record<string, unknown>) => (b.format = 99)],
    ['no scoring', (b: Record<string, unknown>) => delete b.scoring],
  ])('refuses a signed bundle with %s as invalid-rules', async (_name, spoil) => {
    const { bundle, deps, publish } = await setup();
    await ensureActive(deps);
    const next = structuredClone(bundle) as unknown as Record<string, unknown>;
    next.version = bundle.version + 1;
    spoil(next);
    await publish(next);
    const { outcome, status } = await runCheck(deps);
    expect(outcome).toMatchObject({ kind: 'refused', code: 'invalid-rules' });
    expect(status).toMatchObject({ version: bundle.version, source: 'embedded' });
  });
});
