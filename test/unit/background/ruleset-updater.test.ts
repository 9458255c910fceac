import { describe, expect, it } from 'vitest';
import { RULESET_META_KEY, RULESET_STATUS_KEY } from '../../../src/background/ruleset-store';
import { ensureActive, runCheck } from '../../../src/background/ruleset-updater';
import { createBundleValidator } from '../../../src/background/validate-bundle';
import { RULESET_ACTIVE_KEY } from '../../../src/shared/messages';
import { DAY, makeBundle, makeKey, NOW, sign } from './helpers';
import {
  EMBEDDED,
  encode,
  FEED,
  type Harness,
  harness,
  MAX_BYTES,
  MIRROR,
  ORG_FEED,
  serveSigned,
  stored,
} from './updater-harness';

type Setup = (h: Harness) => Promise<void>;

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
    // A signature file that matches nothing, so failures of the bundle itself are reached.
    h.feed.routes.set(`${FEED}.sig`, () => new Response(`${'A'.repeat(86)}==`));
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
    h.feed.serve(FEED, raw, await sign(h.key, raw));
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
    expect(after.meta).toMatchObject({
      version: 11,
      source: 'feed',
      feedUrl: FEED,
      owner: 'project',
      signedBy: h.key.spki,
    });
    expect(status).toMatchObject({ version: 11, source: 'feed', lastError: null });
  });

  it('clears an earlier error once a check succeeds', async () => {
    const h = await harness();
    h.feed.routes.set(`${FEED}.sig`, () => new Response('', { status: 500 }));
    await runCheck(h.deps);
    expect(stored(h).status.lastError?.code).toBe('http-status');
    await serveSigned(h, makeBundle(11));
    await runCheck(h.deps);
    expect(stored(h).status.lastError).toBeNull();
  });

  it('sends no validator the feed chose: an ETag is never echoed back (issue 17, point 6)', async () => {
    const h = await harness();
    const raw = makeBundle(11);
    // A feed that tags each install: the ETag would be a per-install identifier.
    h.feed.serve(FEED, raw, await sign(h.key, raw), '"install-7f3a9c"');
    await runCheck(h.deps);
    await runCheck(h.deps);
    await runCheck(h.deps);
    for (const request of h.feed.log) {
      expect([...request.headers.keys()], request.url).toEqual([]);
    }
  });

  it('the next check reads only the 88-byte signature when it is the one in use: up to date', async () => {
    const h = await harness();
    await serveSigned(h, makeBundle(11));
    await runCheck(h.deps);
    h.feed.log.length = 0;
    const { outcome, status } = await runCheck(h.deps);
    expect(outcome).toEqual({ kind: 'up-to-date', feedUrl: FEED });
    expect(h.feed.log.map((r) => r.url)).toEqual([`${FEED}.sig`]);
    expect(status).toMatchObject({ version: 11, lastError: null });
  });

  it('treats the same bytes again under a new signature as up to date, not as an error', async () => {
    const h = await harness();
    const raw = makeBundle(11);
    await serveSigned(h, raw);
    await runCheck(h.deps);
    await serveSigned(h, raw); // ECDSA signatures differ each time they are made
    const { outcome } = await runCheck(h.deps);
    expect(outcome.kind).toBe('up-to-date');
    expect(stored(h).status.lastError).toBeNull();
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

  it("accepts an organisation's bundle from its own feed, signed with its own key", async () => {
    const h = await harness();
    const org = await makeKey();
    const raw = makeBundle(11);
    h.feed.serve(ORG_FEED, raw, await sign(org, raw));
    expect((await runCheck(h.deps)).outcome).toMatchObject({ kind: 'refused' });
    h.setPolicy({ urls: [ORG_FEED], keys: [org.spki] });
    expect((await runCheck(h.deps)).outcome).toMatchObject({
      kind: 'install',
      feedUrl: ORG_FEED,
      owner: 'organisation',
      signedBy: org.spki,
    });
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
    expect(stored(h).status).toEqual({ lastCheck: null, lastError: null, fallback: null });
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
