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
 *   4. a second check sends If-None-Match and gets 304: up to date, no error;
 *   5. a tampered bundle (one byte changed after signing) is refused, reported in the status as
 *      'bad-signature', and the rules in use stay.
 */
import { webcrypto } from 'node:crypto';
import { readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
    const etag = `"${hash(content)}"`;
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
    expect(requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([
      '/rules/bundle.json',
      '/rules/bundle.json.sig',
    ]);
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

  it(`${name}: the next check sends If-None-Match, gets 304 and stays up to date`, async () => {
    const s = await session();
    s.server.clearLog();
    const after = await status(s, 'ui-bg/check-now');
    expect(after).toMatchObject({
      version: (s.embedded.version as number) + 1,
      source: 'feed',
      lastError: null,
    });
    const gets = s.server.requestsTo('feed.vigie.test').filter((r) => r.method === 'GET');
    expect(gets.map((r) => [r.path, r.status])).toEqual([['/rules/bundle.json', 304]]);
    expect(gets[0]?.headers['if-none-match']).toMatch(/^".+"$/);
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
});

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
