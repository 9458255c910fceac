/**
 * One background updater wired to test doubles (memory storage, fake feed, test keys, a clock
 * the test sets), shared by the updater tests.
 */
import { fetchLimited } from '../../../src/background/feed-fetch';
import { planFeeds } from '../../../src/background/feed-sources';
import {
  createRulesetStore,
  RULESET_META_KEY,
  RULESET_STATUS_KEY,
} from '../../../src/background/ruleset-store';
import type { CheckDeps } from '../../../src/background/ruleset-updater';
import { createBundleValidator } from '../../../src/background/validate-bundle';
import { verifyDetached } from '../../../src/engine/crypto/verify';
import { RULESET_ACTIVE_KEY } from '../../../src/shared/messages';
import {
  FakeFeed,
  fakeCompile,
  MemoryStorage,
  makeBundle,
  makeKey,
  NOW,
  sign,
  subtle,
  type TestKey,
} from './helpers';

export const FEED = 'https://feed.example/rules/bundle.json';
export const MIRROR = 'https://mirror.example/rules/bundle.json';
export const ORG_FEED = 'https://school.example/vigie/bundle.json';
export const MAX_BYTES = 8 * 1024;
export const EMBEDDED = makeBundle(10, { word: 'beuh' });
export const encode = (s: string) => new TextEncoder().encode(s);

export interface Harness {
  deps: CheckDeps;
  storage: MemoryStorage;
  feed: FakeFeed;
  key: TestKey;
  embeddedLoads: () => number;
  setEmbedded(raw: string): void;
  setExtensionVersion(v: string): void;
  setKeys(keys: string[]): void;
  setUrls(urls: string[]): void;
  /** The organisation's feeds and keys, as a policy would add them. */
  setPolicy(policy: { urls?: string[]; keys?: string[] }): void;
  setNow(t: number): void;
}

export async function harness(): Promise<Harness> {
  const key = await makeKey();
  const storage = new MemoryStorage();
  const store = createRulesetStore(storage);
  const feed = new FakeFeed();
  const validate = createBundleValidator(fakeCompile);
  let embedded = EMBEDDED;
  let loads = 0;
  let keys = [key.spki];
  let urls = [FEED];
  let org: { urls?: string[]; keys?: string[] } = {};
  let clock = NOW;
  const now = () => clock;
  const verify = (bytes: Uint8Array, sig: string, k: readonly string[]) =>
    verifyDetached(subtle, bytes, sig, k);
  const deps: CheckDeps = {
    store,
    validate,
    verify,
    extensionVersion: '1.0.0',
    now,
    async loadEmbedded() {
      loads += 1;
      return embedded;
    },
    feeds: async () => planFeeds({ urls, keys }, org),
    pipeline: {
      fetchBundle: (url) => fetchLimited(url, { maxBytes: MAX_BYTES, timeoutMs: 100, fetchImpl: feed.fetch }),
      fetchSignature: (url) => fetchLimited(url, { maxBytes: 1024, timeoutMs: 100, fetchImpl: feed.fetch }),
      verify,
      validate,
      now,
    },
  };
  return {
    deps,
    storage,
    feed,
    key,
    embeddedLoads: () => loads,
    setEmbedded: (raw) => {
      embedded = raw;
    },
    setExtensionVersion: (v) => {
      deps.extensionVersion = v;
    },
    setKeys: (k) => {
      keys = k;
    },
    setUrls: (u) => {
      urls = u;
    },
    setPolicy: (p) => {
      org = p;
    },
    setNow: (t) => {
      clock = t;
    },
  };
}

export function stored(h: Harness) {
  return {
    active: h.storage.data.get(RULESET_ACTIVE_KEY) as { raw: string; version: number; source: string },
    meta: h.storage.data.get(RULESET_META_KEY) as Record<string, unknown>,
    status: h.storage.data.get(RULESET_STATUS_KEY) as {
      lastCheck: string | null;
      lastError: { code: string; detail: string; at: string } | null;
      fallback?: { reason: string; at: string; version: number } | null;
    },
  };
}

/** Serve `body` (text or bytes) at FEED, signed by `signer` over `signedBytes` (default: body). */
export async function serveSigned(
  h: Harness,
  body: string | Uint8Array,
  signer?: TestKey,
  signedBytes?: string | Uint8Array,
) {
  const bytes = typeof body === 'string' ? encode(body) : body;
  h.feed.serve(FEED, bytes, await sign(signer ?? h.key, signedBytes ?? bytes));
}
