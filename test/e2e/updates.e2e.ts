/**
 * Rule updates end to end, in real Chromium and real Firefox ESR (issue 5).
 *
 * A test build of the extension points its feed at https://feed.vigie.test/rules/bundle.json (the
 * loopback fixture server) and pins a key pair made for this run. Then, in each browser:
 *   1. fresh install: the embedded rules are active, with no request to the feed at start-up, and a
 *      fixture chat page does not flag a message with a word only the next bundle knows;
 *   2. "check now" from an extension page installs a newer signed bundle (status: source 'feed',
 *      new version); the feed request carries no query, cookie or referrer;
 *   3. the content script on the page still open flags that message (new rules reach open tabs
 *      through storage.onChanged, no reload);
 *   4. a second check reads only bundle.json.sig, sends no validator (no If-None-Match echoing the
 *      feed's ETag, no If-Modified-Since): up to date, no error; the headers the feed receives
 *      carry nothing per install (issue 17, point 6);
 *   5. a tampered bundle (one byte changed after signing) is refused, reported in the status as
 *      'bad-signature', and the rules in use stay;
 *   6. a signed bundle at version 2^53−1 is refused ('version-jump') and the next ordinary bundle
 *      still installs (issue 17, point 5);
 *   7. Chromium: content scripts cannot read or write storage.local (setAccessLevel) but still get
 *      rules, settings and dismissals; a corrupt stored set is replaced by the packaged rules, the
 *      status says so, and the open chat keeps flagging (issue 17, point 7).
 */
import { webcrypto } from 'node:crypto';
import { readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../src/engine/crypto/verify';
import type { RulesStatus } from '../../src/shared/messages';
import {
  buildVariant,
  FIXTURE_URLS,
  type FixtureServer,
  launchChromium,
  launchFirefox,
  lazy,
  type RouteHandler,
  startConnectProxy,
  startFixtureServer,
} from './support';

const FEED_URL = 'https://feed.vigie.test/rules/bundle.json';
/**
 * Per process: the test key is made per run, and another engineer's concurrent run must not
 * rebuild (empty) the folder this browser has loaded. Removed when the browser closes.
 */
const VARIANT = `feed-test-${process.pid}`;
const WORD = 'zorglubine';
/** A message that only a bundle with the WORD rule flags (checked against the engine below). */
const MESSAGE = `${WORD[0]?.toUpperCase()}${WORD.slice(1)} dispo ce soir`;
const MID = '990001';

// ------------------------------------------------------------------------------- the feed

interface Feed {
  /** The next answer of bundle.json and bundle.json.sig; null = 404. */
  bundle: Buffer | null;
  signature: string | null;
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag' };
let served = 0;

/**
 * What a static host configured per docs/feed.md answers: CORS for the extension's origin
 * (including the preflight that If-None-Match triggers), a strong ETag and 304 on a match.
 */
function feedRoute(body: () => Buffer | string | null, contentType: string): RouteHandler {
  return (req) => {
    if (req.method === 'OPTIONS') {
      return {
        status: 204,
        headers: {
          ...CORS,
          'access-control-allow-methods': 'GET',
          'access-control-allow-headers': 'If-None-Match',
          'access-control-max-age': '600',
        },
      };
    }
    const content = body();
    if (content === null) return { status: 404, headers: CORS, body: 'not found' };
    // A feed that tags each answer with an id of its own: Vigie must never send it back.
    served += 1;
    const etag = `"${hash(content)}-${served}"`;
    if (req.headers['if-none-match'] === etag) return { status: 304, headers: { ...CORS, etag } };
    return { status: 200, headers: { ...CORS, etag, 'content-type': contentType }, body: content };
  };
}

function hash(content: Buffer | string): string {
  // Small and stable is enough for a test ETag.
  let h = 2166136261;
  for (const b of Buffer.from(content)) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h.toString(16);
}

// ------------------------------------------------------------------------------- keys and bundles

interface Keys {
  privateKey: webcrypto.CryptoKey;
  spki: string;
}

const keys = lazy<Keys>(async () => {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
  return { privateKey: pair.privateKey, spki: encodeBase64(spki) };
});

async function signBytes(bytes: Buffer): Promise<string> {
  const { privateKey } = await keys.get();
  const sig = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, bytes);
  return encodeBase64(new Uint8Array(sig));
}

/** The embedded bundle of the test build, plus one rule for WORD and a higher version. */
function newerBundle(embedded: Record<string, unknown>, bump: number): Buffer {
  const bundle = structuredClone(embedded) as {
    version: number;
    published: string;
    expires: string;
    rules: Record<string, unknown>[];
    explanations: Record<string, unknown>;
  };
  bundle.version += bump;
  bundle.published = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  bundle.expires = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  bundle.rules.push({
    id: 'e2e.zorglubine',
    kind: 'sales-term',
    category: 'drugs',
    weight: 10,
    explain: Object.keys(bundle.explanations)[0],
    terms: [WORD],
    lang: 'any',
  });
  return Buffer.from(JSON.stringify(bundle, null, 1));
}

// ------------------------------------------------------------------------------- the chat page

/** The Telegram K fixture with one more incoming message that holds WORD. */
function chatPageWithWord(): string {
  const html = readFileSync(resolve(import.meta.dirname, '../fixtures/sites/telegram-k.html'), 'utf8');
  const bubble = `
    <div class="bubbles-group"><div class="bubble is-in can-have-tail is-group-first is-group-last" data-mid="${MID}" data-peer-id="-1987654321" data-timestamp="1795781200">
      <div class="bubble-content-wrapper"><div class="bubble-content">
        <div class="message spoilers-container" dir="auto">${MESSAGE}<span class="time tgico"><span class="i18n">10:06</span></span><div class="clearfix"></div></div>
      </div></div>
    </div></div>`;
  const marker = '</section>';
  const at = html.indexOf(marker);
  if (at < 0) throw new Error('telegram-k.html changed: no </section> to insert the test message before');
  return html.slice(0, at) + bubble + html.slice(at);
}

const hasBadge = (mid: string) => document.querySelector(`[data-mid="${mid}"] [data-vigie-badge]`) !== null;
const messageShown = (mid: string) => document.querySelector(`[data-mid="${mid}"]`) !== null;
const isScriptActive = () => document.documentElement.getAttribute('data-vigie') === 'active';

// ------------------------------------------------------------------------------- one scenario, two browsers

/** What both drivers' pages share (Playwright and Puppeteer order waitForFunction's args differently). */
interface AnyPage {
  evaluate<A, T>(fn: (arg: A) => T, arg: A): Promise<T>;
  close(): Promise<void>;
}

/** Polls `fn(arg)` in the page until it is true. */
async function waitUntil<A>(
  page: AnyPage,
  fn: (arg: A) => boolean,
  arg: A,
  what: string,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(fn, arg))) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

type StorageApi = {
  storage: {
    local: { get(k: string): Promise<Record<string, unknown>>; set(i: object): Promise<void> };
  };
};

interface Session {
  server: FixtureServer;
  feed: Feed;
  embedded: Record<string, unknown>;
  openExtensionPage(): Promise<AnyPage>;
  openChat(): Promise<AnyPage>;
  send(page: AnyPage, message: unknown): Promise<unknown>;
  /** Stops the background as the browser does when it is idle (Chromium only). */
  stopBackground?(): Promise<void>;
  close(): Promise<void>;
}

async function startFeed(): Promise<{ server: FixtureServer; feed: Feed }> {
  const server = await startFixtureServer();
  const feed: Feed = { bundle: null, signature: null };
  server.route(
    FEED_URL,
    feedRoute(() => feed.bundle, 'application/json'),
  );
  server.route(
    `${FEED_URL}.sig`,
    feedRoute(() => feed.signature, 'text/plain'),
  );
  server.route(FIXTURE_URLS['telegram-k'], () => ({
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: chatPageWithWord(),
  }));
  return { server, feed };
}

async function testBuildEnv() {
  return { VIGIE_FEED_URL: FEED_URL, VIGIE_FEED_KEYS: (await keys.get()).spki };
}

/** Removes this browser's build, and the variant folder once both browsers are done. */
function removeVariant(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  try {
    rmdirSync(dirname(dir));
  } catch {
    // The other browser's build is still there.
  }
}

function readEmbedded(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve(dir, 'rules/bundle.json'), 'utf8')) as Record<string, unknown>;
}

function scenario(name: string, session: () => Promise<Session>, canStopBackground: boolean) {
  let chat: AnyPage | undefined;
  afterAll(async () => {
    await chat?.close().catch(() => undefined);
  });

  const status = async (s: Session, type: 'ui-bg/get-status' | 'ui-bg/check-now') => {
    const page = await s.openExtensionPage();
    try {
      return (await s.send(page, { type })) as RulesStatus;
    } finally {
      await page.close();
    }
  };

  it(`${name}: fresh install runs on the embedded rules, with no feed request at start-up`, async () => {
    const s = await session();
    const before = await status(s, 'ui-bg/get-status');
    expect(before).toMatchObject({
      version: s.embedded.version,
      source: 'embedded',
      lastCheck: null,
      lastError: null,
    });
    chat = await s.openChat();
    await waitUntil(chat, messageShown, MID, 'the test message on the fixture page');
    await waitUntil(chat, isScriptActive, null, "the content script's 'active' state");
    // Give the scanner time to have flagged it if it were going to (it must not).
    await new Promise((done) => setTimeout(done, 1000));
    expect(await chat.evaluate(hasBadge, MID)).toBe(false);
    expect(s.server.requestsTo('feed.vigie.test')).toEqual([]);
  });

  it(`${name}: "check now" installs a newer signed bundle; the request says nothing about the user`, async () => {
    const s = await session();
    s.feed.bundle = newerBundle(s.embedded, 1);
    s.feed.signature = await signBytes(s.feed.bundle);
    const after = await status(s, 'ui-bg/check-now');
    expect(after).toMatchObject({
      version: (s.embedded.version as number) + 1,
      source: 'feed',
      lastError: null,
    });
    expect(after.lastCheck).toEqual(expect.any(String));
    const requests = s.server.requestsTo('feed.vigie.test');
    // The 88-byte signature first (it is the validator), then the bundle it does not match yet.
    expect(requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([
      '/rules/bundle.json.sig',
      '/rules/bundle.json',
    ]);
    // No custom request header, so no CORS preflight either.
    expect(requests.filter((r) => r.method === 'OPTIONS')).toEqual([]);
    for (const r of requests) {
      expect(r.search, 'no query string').toBe('');
      expect(r.headers.cookie, 'no cookie').toBeUndefined();
      expect(r.headers.referer, 'no referrer').toBeUndefined();
    }
  });

  it(`${name}: the open chat page flags the message only the new rules know, without a reload`, async () => {
    expect(chat, 'chat page from the first test').toBeDefined();
    if (chat) await waitUntil(chat, hasBadge, MID, 'a Vigie badge on the message with the new word');
  });

  it(`${name}: the next check reads only the signature, sends no validator, and stays up to date`, async () => {
    const s = await session();
    s.server.clearLog();
    const after = await status(s, 'ui-bg/check-now');
    expect(after).toMatchObject({
      version: (s.embedded.version as number) + 1,
      source: 'feed',
      lastError: null,
    });
    const requests = s.server.requestsTo('feed.vigie.test');
    expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/rules/bundle.json.sig', 200],
    ]);
    for (const r of s.server.requestsTo('feed.vigie.test')) {
      expect(r.headers['if-none-match'], 'no ETag echoed back').toBeUndefined();
      expect(r.headers['if-modified-since']).toBeUndefined();
      expect(r.headers.cookie).toBeUndefined();
      expect(r.headers.referer).toBeUndefined();
      // Measured: Chromium names the extension (its id is the same for every user of a build);
      // Firefox sends no Origin to a host the manifest grants (the build's feed hosts), and would
      // otherwise send its per-install moz-extension:// uuid (docs/feed.md).
      if (name === 'firefox') expect(r.headers.origin).toBeUndefined();
      else expect(r.headers.origin).toMatch(/^chrome-extension:\/\/[a-p]{32}$/);
    }
    // Printed for the record (docs/feed.md, "What the request reveals").
    console.info(`${name}: headers the feed received:`, JSON.stringify(requests[0]?.headers ?? {}));
  });

  // Firefox offers no driver call to unload an event page; unit tests cover wake-up there.
  if (canStopBackground) {
    it(`${name}: a stopped background wakes up with the same state (it lives in storage)`, async () => {
      const s = await session();
      const before = await status(s, 'ui-bg/get-status');
      await s.stopBackground?.();
      const after = await status(s, 'ui-bg/get-status');
      expect(after).toEqual(before);
      expect(after.source).toBe('feed');
    });
  }

  it(`${name}: a tampered bundle is refused and reported; the rules in use stay`, async () => {
    const s = await session();
    const good = newerBundle(s.embedded, 2);
    s.feed.signature = await signBytes(good);
    // One byte changed after signing: the new rule's word, same length.
    s.feed.bundle = Buffer.from(good.toString('utf8').replace(WORD, `${WORD.slice(0, -1)}o`));
    expect(s.feed.bundle.length).toBe(good.length);
    expect(s.feed.bundle.equals(good)).toBe(false);
    const after = await status(s, 'ui-bg/check-now');
    expect(after).toMatchObject({
      version: (s.embedded.version as number) + 1,
      source: 'feed',
      lastError: { code: 'bad-signature' },
    });
    expect(await chat?.evaluate(hasBadge, MID)).toBe(true);
  });

  it(`${name}: a signed bundle at 2^53−1 is refused, and the next ordinary bundle still installs`, async () => {
    const s = await session();
    const frozen = JSON.parse(newerBundle(s.embedded, 3).toString('utf8')) as { version: number };
    frozen.version = Number.MAX_SAFE_INTEGER;
    s.feed.bundle = Buffer.from(JSON.stringify(frozen));
    s.feed.signature = await signBytes(s.feed.bundle);
    expect(await status(s, 'ui-bg/check-now')).toMatchObject({
      version: (s.embedded.version as number) + 1,
      lastError: { code: 'version-jump' },
    });
    s.feed.bundle = newerBundle(s.embedded, 3);
    s.feed.signature = await signBytes(s.feed.bundle);
    expect(await status(s, 'ui-bg/check-now')).toMatchObject({
      version: (s.embedded.version as number) + 3,
      source: 'feed',
      lastError: null,
    });
  });

  it(`${name}: a corrupt stored set is replaced by the packaged rules, said in the status; the chat keeps flagging`, async () => {
    const s = await session();
    const page = await s.openExtensionPage();
    try {
      // Same shape, same version, no rules: what a hostile writer would store to switch detection off.
      await page.evaluate(
        async (version: number) => {
          const api =
            (globalThis as unknown as { browser?: StorageApi; chrome?: StorageApi }).browser ??
            (globalThis as unknown as { chrome: StorageApi }).chrome;
          const got = await api.storage.local.get('ruleset/active');
          const bundle = JSON.parse((got['ruleset/active'] as { raw: string }).raw) as { rules: unknown[] };
          bundle.rules = [];
          await api.storage.local.set({
            'ruleset/active': { raw: JSON.stringify(bundle), version, source: 'feed' },
          });
        },
        (s.embedded.version as number) + 3,
      );
    } finally {
      await page.close();
    }
    expect(await status(s, 'ui-bg/get-status')).toMatchObject({
      version: s.embedded.version,
      source: 'embedded',
      fallback: { reason: 'stored-invalid' },
    });
    // The open chat asked again and got the packaged rules: its listings are still marked.
    if (chat)
      await waitUntil(chat, () => document.querySelectorAll('[data-vigie-badge]').length > 0, null, 'badges');
  });

  it(`${name}: a signed update whose selectors match nothing here: the open chat reads on with the built-in ones`, async () => {
    const s = await session();
    const bundle = JSON.parse(newerBundle(s.embedded, 4).toString('utf8')) as {
      sites: Record<string, { root: string[]; message: string[] }>;
    };
    const k = bundle.sites['telegram-k'];
    if (!k) throw new Error('the test bundle has no telegram-k selectors');
    k.root = ['.layout-of-another-year'];
    k.message = ['[data-message-id-of-another-year]'];
    s.feed.bundle = Buffer.from(JSON.stringify(bundle));
    s.feed.signature = await signBytes(s.feed.bundle);
    expect(await status(s, 'ui-bg/check-now')).toMatchObject({
      version: (s.embedded.version as number) + 4,
      lastError: null,
    });
    expect(chat, 'chat page from the first test').toBeDefined();
    if (!chat) return;
    // The new rules arrived (the word only they know is flagged), read with real selectors: the
    // state stays 'active', not the layout-not-recognised heuristic.
    await waitUntil(chat, hasBadge, MID, 'a badge on the message with the new word');
    expect(await chat.evaluate(isScriptActive, null)).toBe(true);
  });
}

describe('Chromium: signed rule updates', () => {
  const env = lazy<Session>(async () => {
    const { server, feed } = await startFeed();
    try {
      const dir = await buildVariant(VARIANT, 'chrome', await testBuildEnv());
      const chromium = await launchChromium({ serverPort: server.port, extensionDir: dir });
      return {
        server,
        feed,
        embedded: readEmbedded(dir),
        openExtensionPage: () => chromium.openOptions() as Promise<unknown> as Promise<AnyPage>,
        openChat: () => chromium.openPage(FIXTURE_URLS['telegram-k']) as Promise<unknown> as Promise<AnyPage>,
        send: (page, message) => chromium.sendFromExtensionPage(page as never, message),
        async stopBackground() {
          // What Chrome does to an idle worker. Playwright emits no 'close' for extension workers,
          // so wait for DevTools to report the version as stopped.
          const page = await chromium.openOptions();
          try {
            const cdp = await chromium.context.newCDPSession(page);
            const stopped = new Promise<void>((done) => {
              cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
                if (versions.some((v) => v.runningStatus === 'stopped')) done();
              });
            });
            await cdp.send('ServiceWorker.enable');
            await cdp.send('ServiceWorker.stopAllWorkers');
            await stopped;
          } finally {
            await page.close();
          }
        },
        close: async () => {
          await chromium.close();
          await server.close();
          removeVariant(dir);
        },
      };
    } catch (error) {
      await server.close();
      throw error;
    }
  });
  afterAll(() => env.dispose((s) => s.close()));
  scenario('chromium', () => env.get(), true);

  it('chromium: content scripts can neither read nor write storage.local (nor storage.session), yet work', async () => {
    const s = await env.get();
    const chat = (await s.openChat()) as unknown as Page;
    try {
      await waitUntil(
        chat as unknown as AnyPage,
        isScriptActive,
        null,
        "the content script's 'active' state",
      );
      const seen = await inContentScript(chat, PROBE_STORAGE);
      expect(seen.localRead, 'storage.local read from a content script').not.toBe('allowed');
      expect(seen.localWrite, 'storage.local write from a content script').not.toBe('allowed');
      // storage.session stays closed to content scripts too (the badge reports live there).
      expect(seen.session, 'storage.session from a content script').not.toEqual(expect.any(Array));
      // The write was refused.
      const stored = await s.openExtensionPage();
      try {
        const raw = await stored.evaluate(async () => {
          const api = (globalThis as unknown as { chrome: StorageApi }).chrome;
          return ((await api.storage.local.get('ruleset/active'))['ruleset/active'] as { raw: string }).raw;
        }, null);
        expect(raw).not.toBe('{"written":"by a content script"}');
      } finally {
        await stored.close();
      }
    } finally {
      await chat.close();
    }
  });
});

/** Tries storage from where it runs (a content script's isolated world); never throws. */
const PROBE_STORAGE = `(async () => {
  const out = {};
  try { await chrome.storage.local.get('ruleset/active'); out.localRead = 'allowed'; }
  catch (e) { out.localRead = String(e && e.message); }
  try { await chrome.storage.local.set({ 'ruleset/active': { raw: '{"written":"by a content script"}', version: 1, source: 'feed' } }); out.localWrite = 'allowed'; }
  catch (e) { out.localWrite = String(e && e.message); }
  try { out.session = Object.keys(await chrome.storage.session.get(null)); }
  catch (e) { out.session = String(e && e.message); }
  return out;
})()`;

/** Evaluates `expression` in the extension's isolated world on `page` (its content script). */
async function inContentScript(
  page: Page,
  expression: string,
): Promise<{ localRead: string; localWrite: string; session: unknown }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    await cdp.send('Runtime.enable');
    const world = contexts.find(
      (c) => c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://'),
    );
    if (!world) throw new Error(`no content-script world on ${page.url()}`);
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.text);
    return result.value;
  } finally {
    await cdp.detach();
  }
}

describe('Firefox ESR: signed rule updates', () => {
  const env = lazy<Session>(async () => {
    const { server, feed } = await startFeed();
    const proxy = await startConnectProxy({ targetPort: server.port });
    try {
      const dir = await buildVariant(VARIANT, 'firefox', await testBuildEnv());
      const firefox = await launchFirefox({ proxyPort: proxy.port, extensionDir: dir });
      return {
        server,
        feed,
        embedded: readEmbedded(dir),
        openExtensionPage: () => firefox.openOptions() as Promise<unknown> as Promise<AnyPage>,
        openChat: () => firefox.openPage(FIXTURE_URLS['telegram-k']) as Promise<unknown> as Promise<AnyPage>,
        send: (page, message) => firefox.sendFromExtensionPage(page as never, message),
        close: async () => {
          await firefox.close();
          await proxy.close();
          await server.close();
          removeVariant(dir);
        },
      };
    } catch (error) {
      await proxy.close();
      await server.close();
      throw error;
    }
  });
  afterAll(() => env.dispose((s) => s.close()));
  scenario('firefox', () => env.get(), false);
});
