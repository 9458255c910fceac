import { describe, expect, it } from 'vitest';
import { fetchLimited } from '../../../src/background/feed-fetch';
import {
  createRulesetStore,
  RULESET_META_KEY,
  RULESET_STATUS_KEY,
} from '../../../src/background/ruleset-store';
import { type CheckDeps, ensureActive, runCheck } from '../../../src/background/ruleset-updater';
import { createBundleValidator } from '../../../src/background/validate-bundle';
import { verifyDetached } from '../../../src/engine/crypto/verify';
import { RULESET_ACTIVE_KEY } from '../../../src/shared/messages';
import {
  DAY,
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

const FEED = 'https://feed.example/rules/bundle.json';
const MIRROR = 'https://mirror.example/rules/bundle.json';
const MAX_BYTES = 8 * 1024;
const EMBEDDED = makeBundle(10, { word: 'beuh' });
const encode = (s: string) => new TextEncoder().encode(s);

interface Harness {
  deps: CheckDeps;
  storage: MemoryStorage;
  feed: FakeFeed;
  key: TestKey;
  embeddedLoads: () => number;
  setEmbedded(raw: string): void;
  setExtensionVersion(v: string): void;
  setKeys(keys: string[]): void;
  setUrls(urls: string[]): void;
}

async function harness(): Promise<Harness> {
  const key = await makeKey();
  const storage = new MemoryStorage();
  const store = createRulesetStore(storage);
  const feed = new FakeFeed();
  const validate = createBundleValidator(fakeCompile);
  let embedded = EMBEDDED;
  let loads = 0;
  let keys = [key.spki];
  let urls = [FEED];
  const now = () => NOW;
  const deps: CheckDeps = {
    store,
    validate,
    extensionVersion: '1.0.0',
    now,
    async loadEmbedded() {
      loads += 1;
      return embedded;
    },
    feeds: async () => ({ urls, keys }),
    pipeline: {
      fetchBundle: (url, etag) =>
        fetchLimited(url, { etag, maxBytes: MAX_BYTES, timeoutMs: 100, fetchImpl: feed.fetch }),
      fetchSignature: (url) => fetchLimited(url, { maxBytes: 1024, timeoutMs: 100, fetchImpl: feed.fetch }),
      verify: (bytes, sig, k) => verifyDetached(subtle, bytes, sig, k),
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
  };
}

function stored(h: Harness) {
  return {
    active: h.storage.data.get(RULESET_ACTIVE_KEY) as { raw: string; version: number; source: string },
    meta: h.storage.data.get(RULESET_META_KEY) as Record<string, unknown>,
    status: h.storage.data.get(RULESET_STATUS_KEY) as {
      lastCheck: string | null;
      lastError: { code: string; detail: string; at: string } | null;
    },
  };
}

type Setup = (h: Harness) => Promise<void>;

/** Serve `body` (text or bytes) at FEED, signed by `signer` over `signedBytes` (default: body). */
async function serveSigned(
  h: Harness,
  body: string | Uint8Array,
  signer?: TestKey,
  signedBytes?: string | Uint8Array,
) {
  const bytes = typeof body === 'string' ? encode(body) : body;
  h.feed.serve(FEED, bytes, await sign(signer ?? h.key, signedBytes ?? bytes));
}

const badBundles: [name: string, code: string, setup: Setup][] = [
  [
    'tampered (one byte changed after signing)',
    'bad-signature',
    async (h) => {
      const good = makeBundle(11);
      const tampered = encode(good);
      const at = tampered.length - 3;
      tampered[at] = (tampered[at] ?? 0) ^ 0x01;
      await serveSigned(h, tampered, h.key, good);
    },
  ],
  ['signed by another key', 'bad-signature', async (h) => serveSigned(h, makeBundle(11), await makeKey())],
  [
    'signature file is garbage',
    'bad-signature',
    async (h) => {
      h.feed.serve(FEED, makeBundle(11), 'not a signature');
    },
  ],
  [
    'signature file missing (404)',
    'no-signature',
    async (h) => {
      h.feed.serve(FEED, makeBundle(11), 'x');
      h.feed.routes.delete(`${FEED}.sig`);
    },
  ],
  ['older version', 'not-newer', async (h) => serveSigned(h, makeBundle(9))],
  [
    'same version, different bytes',
    'not-newer',
    async (h) => serveSigned(h, makeBundle(10, { published: NOW - 2 * DAY, word: 'other' })),
  ],
  [
    'expired',
    'expired',
    async (h) => serveSigned(h, makeBundle(11, { published: NOW - 9 * DAY, expires: NOW - 1 })),
  ],
  [
    'oversized (signed, declared length over the cap)',
    'too-large',
    async (h) => serveSigned(h, makeBundle(11, { word: 'x'.repeat(MAX_BYTES) })),
  ],
  [
    'oversized body without Content-Length that keeps coming',
    'too-large',
    async (h) => {
      h.feed.routes.set(
        FEED,
        () =>
          new Response(
            new ReadableStream({
              pull: (c) => c.enqueue(new Uint8Array(1024).fill(32)),
            }),
          ),
      );
    },
  ],
  [
    'truncated in transit (connection lost mid-body)',
    'truncated',
    async (h) => {
      const bytes = encode(makeBundle(11));
      let sent = false;
      h.feed.routes.set(
        FEED,
        () =>
          new Response(
            new ReadableStream({
              pull(c) {
                if (sent) return c.error(new TypeError('network error'));
                sent = true;
                c.enqueue(bytes.slice(0, 100));
              },
            }),
          ),
      );
      h.feed.routes.set(`${FEED}.sig`, async () => new Response(await sign(h.key, bytes)));
    },
  ],
  [
    'truncated by the server (short body, signature of the full file)',
    'bad-signature',
    async (h) => {
      const full = makeBundle(11);
      await serveSigned(h, full.slice(0, full.length / 2), h.key, full);
    },
  ],
  [
    'truncated before signing (signed half file)',
    'invalid-json',
    async (h) => {
      const full = makeBundle(11);
      await serveSigned(h, full.slice(0, full.length / 2));
    },
  ],
  ['not JSON (signed)', 'invalid-json', async (h) => serveSigned(h, '<html>Welcome to nginx</html>')],
  [
    'not UTF-8 (signed)',
    'invalid-json',
    async (h) => serveSigned(h, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
  ],
  [
    'valid JSON, invalid rules (signed)',
    'invalid-rules',
    async (h) => serveSigned(h, makeBundle(11, { rules: 'nope' })),
  ],
  ['valid JSON, no version (signed)', 'invalid-rules', async (h) => serveSigned(h, '{"rules":[]}')],
  ['JSON array (signed)', 'invalid-rules', async (h) => serveSigned(h, '[1,2,3]')],
  [
    'HTTP 404',
    'http-status',
    async () => {
      /* no route: the fake feed answers 404 */
    },
  ],
  [
    'HTTP 500',
    'http-status',
    async (h) => {
      h.feed.routes.set(FEED, () => new Response('boom', { status: 500 }));
    },
  ],
  [
    'network failure',
    'network',
    async (h) => {
      h.feed.routes.set(FEED, () => {
        throw new TypeError('Failed to fetch');
      });
    },
  ],
  [
    'slow body that stalls',
    'timeout',
    async (h) => {
      h.feed.routes.set(
        FEED,
        () =>
          new Response(
            new ReadableStream({
              start: (c) => c.enqueue(encode('{"format":1,')),
              pull: () => new Promise(() => undefined),
            }),
          ),
      );
    },
  ],
  [
    'unconditional request answered 304',
    'http-status',
    async (h) => {
      h.feed.routes.set(FEED, () => new Response(null, { status: 304 }));
    },
  ],
];

describe('runCheck refuses every bad bundle and keeps the last good rules', () => {
  it.each(badBundles)('%s → %s', async (_name, code, setup) => {
    const h = await harness();
    await ensureActive(h.deps);
    const before = stored(h);
    await setup(h);
    const writesBefore = h.storage.writes.length;

    const { outcome, status } = await runCheck(h.deps);

    expect(outcome).toMatchObject({ kind: 'refused', code });
    const after = stored(h);
    expect(after.active).toEqual(before.active);
    expect(after.meta).toEqual(before.meta);
    expect(after.status.lastError).toMatchObject({ code, at: new Date(NOW).toISOString() });
    expect(after.status.lastError?.detail.length).toBeGreaterThan(0);
    expect(after.status.lastCheck).toBe(new Date(NOW).toISOString());
    expect(status).toMatchObject({ version: 10, source: 'embedded', lastError: { code } });
    // A refusal writes the status and nothing else.
    expect(h.storage.writes.slice(writesBefore)).toEqual([{ [RULESET_STATUS_KEY]: after.status }]);
  });

  it('never parses bytes whose signature fails (verify before parse)', async () => {
    const h = await harness();
    await ensureActive(h.deps);
    const parsed: string[] = [];
    h.deps.pipeline.validate = (raw) => {
      parsed.push(raw);
      return h.deps.validate(raw);
    };
    await serveSigned(h, makeBundle(11), await makeKey());
    await runCheck(h.deps);
    expect(parsed).toEqual([]);
    await serveSigned(h, makeBundle(11));
    await runCheck(h.deps);
    expect(parsed).toHaveLength(1);
  });

  it('keeps the last good FEED bundle (not the embedded one) when a later one is bad', async () => {
    const h = await harness();
    await serveSigned(h, makeBundle(11, { word: 'newword' }));
    await runCheck(h.deps);
    await serveSigned(h, makeBundle(12), await makeKey());
    const { outcome } = await runCheck(h.deps);
    expect(outcome).toMatchObject({ kind: 'refused', code: 'bad-signature' });
    expect(stored(h).active).toMatchObject({ version: 11, source: 'feed' });
    expect(stored(h).active.raw).toContain('newword');
  });
});

describe('runCheck accepts a good bundle', () => {
  it('installs a newer signed bundle in ONE write of rules + meta + status', async () => {
    const h = await harness();
    await ensureActive(h.deps);
    const raw = makeBundle(11, { word: 'newword' });
    h.feed.serve(FEED, raw, await sign(h.key, raw), '"etag-11"');
    const writesBefore = h.storage.writes.length;

    const { outcome, status } = await runCheck(h.deps);

    expect(outcome.kind).toBe('install');
    const writes = h.storage.writes.slice(writesBefore);
    expect(writes).toHaveLength(1);
    expect(Object.keys(writes[0] ?? {}).sort()).toEqual([
      RULESET_ACTIVE_KEY,
      RULESET_META_KEY,
      RULESET_STATUS_KEY,
    ]);
    const after = stored(h);
    expect(after.active).toEqual({ raw, version: 11, source: 'feed' });
    expect(after.meta).toMatchObject({ version: 11, source: 'feed', feedUrl: FEED, etag: '"etag-11"' });
    expect(status).toMatchObject({ version: 11, source: 'feed', lastError: null });
  });

  it('clears an earlier error once a check succeeds', async () => {
    const h = await harness();
    h.feed.routes.set(FEED, () => new Response('', { status: 500 }));
    await runCheck(h.deps);
    expect(stored(h).status.lastError?.code).toBe('http-status');
    await serveSigned(h, makeBundle(11));
    await runCheck(h.deps);
    expect(stored(h).status.lastError).toBeNull();
  });

  it('sends the ETag of the active bundle back and treats 304 as up to date', async () => {
    const h = await harness();
    const raw = makeBundle(11);
    h.feed.serve(FEED, raw, await sign(h.key, raw), '"e11"');
    await runCheck(h.deps);
    const { outcome, status } = await runCheck(h.deps);
    expect(outcome).toEqual({ kind: 'up-to-date', feedUrl: FEED, etag: '"e11"' });
    expect(h.feed.log.at(-1)?.headers.get('if-none-match')).toBe('"e11"');
    expect(h.feed.log.at(-1)?.url).toBe(FEED); // no signature fetch after a 304
    expect(status).toMatchObject({ version: 11, lastError: null });
  });

  it('treats the same bytes again (host without ETag) as up to date, not as an error', async () => {
    const h = await harness();
    await serveSigned(h, makeBundle(11));
    await runCheck(h.deps);
    const { outcome } = await runCheck(h.deps);
    expect(outcome.kind).toBe('up-to-date');
    expect(stored(h).status.lastError).toBeNull();
    expect(h.feed.log.every((r) => r.headers.get('if-none-match') === null)).toBe(true);
  });

  it('falls back to the mirror when the primary feed fails', async () => {
    const h = await harness();
    h.setUrls([FEED, MIRROR]);
    const raw = makeBundle(11);
    h.feed.serve(MIRROR, raw, await sign(h.key, raw));
    const { outcome } = await runCheck(h.deps);
    expect(outcome).toMatchObject({ kind: 'install', feedUrl: MIRROR });
  });

  it("reports the primary feed's reason when every feed fails", async () => {
    const h = await harness();
    h.setUrls([FEED, MIRROR]);
    await serveSigned(h, makeBundle(11), await makeKey());
    const { outcome } = await runCheck(h.deps);
    expect(outcome).toMatchObject({ kind: 'refused', code: 'bad-signature' });
  });

  it('accepts a bundle signed by an extra (organisation) key only when that key is given', async () => {
    const h = await harness();
    const org = await makeKey();
    await serveSigned(h, makeBundle(11), org);
    expect((await runCheck(h.deps)).outcome).toMatchObject({ kind: 'refused', code: 'bad-signature' });
    h.setKeys([h.key.spki, org.spki]);
    expect((await runCheck(h.deps)).outcome).toMatchObject({ kind: 'install' });
  });

  it('refuses with no-feed when no URL is configured', async () => {
    const h = await harness();
    h.setUrls([]);
    expect((await runCheck(h.deps)).outcome).toMatchObject({ kind: 'refused', code: 'no-feed' });
  });
});

describe('start modes', () => {
  it('first install: the embedded bundle becomes active, without any network request', async () => {
    const h = await harness();
    expect(await ensureActive(h.deps)).toBe('first-install');
    expect(stored(h).active).toEqual({ raw: EMBEDDED, version: 10, source: 'embedded' });
    expect(stored(h).status).toEqual({ lastCheck: null, lastError: null });
    expect(h.feed.log).toHaveLength(0);
  });

  it('wake-up: finds everything in storage and does not even read the package', async () => {
    const h = await harness();
    await ensureActive(h.deps);
    const writes = h.storage.writes.length;
    expect(await ensureActive(h.deps)).toBe('wake-up');
    expect(h.embeddedLoads()).toBe(1);
    expect(h.storage.writes.length).toBe(writes);
  });

  it('extension update shipping newer rules replaces an older feed bundle', async () => {
    const h = await harness();
    await serveSigned(h, makeBundle(11));
    await runCheck(h.deps);
    h.setExtensionVersion('1.1.0');
    h.setEmbedded(makeBundle(12));
    expect(await ensureActive(h.deps)).toBe('extension-updated');
    expect(stored(h).active).toMatchObject({ version: 12, source: 'embedded' });
  });

  it('extension update with older embedded rules keeps the newer feed bundle', async () => {
    const h = await harness();
    await serveSigned(h, makeBundle(11));
    await runCheck(h.deps);
    h.setExtensionVersion('1.1.0');
    expect(await ensureActive(h.deps)).toBe('extension-updated');
    expect(stored(h).active).toMatchObject({ version: 11, source: 'feed' });
    expect(stored(h).meta).toMatchObject({ extensionVersion: '1.1.0' });
    expect(await ensureActive(h.deps)).toBe('wake-up');
  });

  it('extension update whose engine no longer reads the stored bundle falls back to embedded', async () => {
    const h = await harness();
    await serveSigned(h, makeBundle(11));
    await runCheck(h.deps);
    h.setExtensionVersion('2.0.0');
    h.deps.validate = createBundleValidator((parsed) => {
      if ((parsed as { version: number }).version === 11) throw new Error('format 1 is no longer read');
      return parsed;
    });
    await ensureActive(h.deps);
    expect(stored(h).active).toMatchObject({ version: 10, source: 'embedded' });
  });

  it('corrupt storage counts as a first install', async () => {
    const h = await harness();
    h.storage.data.set(RULESET_ACTIVE_KEY, { raw: 42 });
    h.storage.data.set(RULESET_STATUS_KEY, 'garbage');
    expect(await ensureActive(h.deps)).toBe('first-install');
    expect(stored(h).active.version).toBe(10);
  });

  it('a check racing start-up never lets the embedded install overwrite the feed bundle', async () => {
    const h = await harness();
    await serveSigned(h, makeBundle(11));
    await Promise.all([ensureActive(h.deps), runCheck(h.deps), ensureActive(h.deps)]);
    expect(stored(h).active).toMatchObject({ version: 11, source: 'feed' });
  });
});

describe('a broken embedded bundle (build bug)', () => {
  it('start-up fails loudly, but a good feed bundle still gets installed by the next check', async () => {
    const h = await harness();
    h.setEmbedded('{"broken":');
    await expect(ensureActive(h.deps)).rejects.toThrow(/not JSON/);
    await serveSigned(h, makeBundle(11));
    const { status } = await runCheck(h.deps);
    expect(status).toMatchObject({ version: 11, source: 'feed', lastError: null });
  });
});
