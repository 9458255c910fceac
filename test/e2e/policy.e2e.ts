/**
 * Enterprise policy with REAL policy files (issue 7): the browsers read them from their system
 * directories, exactly as on an administrator's machine. The policy content is the example of
 * docs/examples/, with its feed pointed at the fixture server and signed by a key made per run.
 *
 *   Chromium: /etc/chromium/policies/managed/vigie-e2e-<pid>.json, keyed by the test build's id
 *             (stable thanks to VIGIE_TEST_KEY → manifest `key`). Only 3rdparty values for that
 *             id: nothing else on the machine is affected. Removed in afterAll.
 *   Firefox:  /etc/firefox/policies/policies.json (Debian's firefox-esr reads it). It holds only
 *             3rdparty values for Vigie's gecko id, and is removed as soon as Firefox has started
 *             (Firefox reads policies at start-up only), so other test runs do not see it.
 *
 * Needs root (to write under /etc). Each browser: the options page shows the organisation's values
 * as locked, the popup lists the organisation's contact first, "check now" fetches the
 * organisation's feed, and a malformed policy leaves Vigie working on defaults (Chromium).
 */
import { createHash, generateKeyPairSync, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../scripts/manifest';
import { encodeBase64 } from '../../src/engine/crypto/verify';
import type { RulesStatus } from '../../src/shared/messages';
import { POLICY_CACHE_KEY } from '../../src/shared/settings/keys';
import {
  buildVariant,
  FIXTURE_URLS,
  type FixtureServer,
  launchChromium,
  launchFirefox,
  lazy,
  REPO_ROOT,
  type RouteHandler,
  startConnectProxy,
  startFixtureServer,
} from './support';

const CHROMIUM_POLICY_DIR = '/etc/chromium/policies/managed';
const FIREFOX_POLICY_DIR = '/etc/firefox/policies';
const ORG_FEED = 'https://feed.vigie.test/school/bundle.json';
const VARIANT = `policy-${process.pid}`;

// ------------------------------------------------------------------------------- keys, feed, policy

/** A manifest `key` (RSA SPKI, base64) and the Chrome extension id it gives. */
function chromeTestKey(): { key: string; id: string } {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  // Chrome's id: the first 128 bits of SHA-256(key), each hex digit written as a..p.
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  const id = [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
  return { key: der.toString('base64'), id };
}

const feedKeys = lazy(async () => {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const spki = encodeBase64(new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey)));
  return { privateKey: pair.privateKey, spki };
});

async function sign(bytes: Buffer): Promise<string> {
  const { privateKey } = await feedKeys.get();
  return encodeBase64(
    new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, bytes)),
  );
}

function orgBundle(embedded: { version: number } & Record<string, unknown>, version?: number): Buffer {
  const bundle = structuredClone(embedded);
  bundle.version = version ?? bundle.version + 1;
  bundle.published = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  bundle.expires = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return Buffer.from(JSON.stringify(bundle));
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag' };
function staticRoute(body: () => Buffer | string, contentType: string): RouteHandler {
  return (req) =>
    req.method === 'OPTIONS'
      ? { status: 204, headers: { ...CORS, 'access-control-allow-headers': 'If-None-Match' } }
      : { status: 200, headers: { ...CORS, 'content-type': contentType }, body: body() };
}

/** Serves the organisation's signed bundle (the embedded one, version + 1, or `version`). */
async function serveOrgFeed(server: FixtureServer, extensionDir: string, version?: number): Promise<number> {
  const embedded = JSON.parse(readFileSync(resolve(extensionDir, 'rules/bundle.json'), 'utf8'));
  const bundle = orgBundle(embedded, version);
  const signature = await sign(bundle);
  server.route(
    ORG_FEED,
    staticRoute(() => bundle, 'application/json'),
  );
  server.route(
    `${ORG_FEED}.sig`,
    staticRoute(() => signature, 'text/plain'),
  );
  return embedded.version + 1;
}

const example = (path: string) => JSON.parse(readFileSync(resolve(REPO_ROOT, path), 'utf8'));

/** The administrator's example values, with the feed pointed at the fixture server and our key. */
async function examplePolicyValues(raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  return { ...raw, extraFeedUrls: [ORG_FEED], extraFeedKeys: [(await feedKeys.get()).spki] };
}

// ------------------------------------------------------------------------------- page helpers

interface AnyPage {
  evaluate<A, T>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  close(): Promise<void>;
}

async function waitUntil<A>(page: AnyPage, fn: (arg: A) => unknown, arg: A, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await page.evaluate(fn, arg).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Api = {
  storage: {
    local: { get(k: string): Promise<Record<string, unknown>> };
    managed: { get(k: null): Promise<Record<string, unknown>> };
  };
};

/** The checked policy the background cached (null until it has). */
const readCache = (key: string) => {
  const g = globalThis as unknown as { browser?: Api; chrome?: Api };
  const api = (g.browser ?? g.chrome) as Api;
  return api.storage.local.get(key).then((got) => got[key] ?? null);
};

/** What the options page shows for the settings an organisation sets or locks. */
const optionsView = () => {
  const radio = document.querySelector('input[name="sensitivity"]:checked') as HTMLInputElement | null;
  const enabled = document.querySelector('section[aria-labelledby="h-detection"] input[type="checkbox"]');
  const country = document.querySelector('#country') as HTMLSelectElement | null;
  const off = (el: Element | null) =>
    !!el && ((el as HTMLInputElement).disabled || !!el.closest('fieldset[disabled]'));
  return {
    managed: document.querySelector('[data-state="managed"]') !== null,
    notes: [...document.querySelectorAll('.policy-notes li')].map((li) => li.textContent ?? ''),
    sensitivity: radio?.value ?? null,
    sensitivityLocked: off(radio),
    enabledLocked: off(enabled),
    country: country?.value ?? null,
    countryLocked: off(country),
    lockedLabels: document.querySelectorAll('.locked').length,
  };
};

interface Session {
  server: FixtureServer;
  orgVersion: number;
  /** Serves another organisation bundle, signed with the organisation's key. */
  serveOrg(version: number): Promise<void>;
  openOptions(): Promise<AnyPage>;
  openChat(): Promise<AnyPage>;
  openPopupFor(chat: AnyPage): Promise<AnyPage>;
  send(page: AnyPage, message: unknown): Promise<unknown>;
  close(): Promise<void>;
}

function organisationScenario(name: string, session: () => Promise<Session>) {
  it(`${name}: the options page shows the organisation's values, locked`, async () => {
    const s = await session();
    const page = await s.openOptions();
    try {
      await waitUntil(page, readCache, POLICY_CACHE_KEY, 'the background to cache the policy');
      await waitUntil(
        page,
        () => document.querySelector('[data-state="managed"]') !== null,
        null,
        'org section',
      );
      await waitUntil(
        page,
        () => document.querySelector('input[name="sensitivity"]:checked') !== null,
        null,
        'form',
      );
      const view = await page.evaluate(optionsView, null);
      expect(view).toMatchObject({
        managed: true,
        notes: [],
        sensitivity: 'high',
        sensitivityLocked: true,
        enabledLocked: true,
        country: 'BE',
        countryLocked: true,
      });
      expect(view.lockedLabels).toBeGreaterThanOrEqual(4);
    } finally {
      await page.close();
    }
  });

  it(`${name}: the popup lists the organisation's contact first under "Where to report"`, async () => {
    const s = await session();
    const chat = await s.openChat();
    // Let the chat finish its first scan before the popup opens: in these tests the popup is a
    // tab of its own, which hides the chat tab, and Vigie does not scan hidden tabs.
    await waitUntil(
      chat,
      () => document.querySelectorAll('[data-vigie-badge]').length > 0,
      null,
      'badges in the chat',
    );
    const popup = await s.openPopupFor(chat);
    try {
      await waitUntil(
        popup,
        () => document.querySelectorAll('.cards > .card').length > 0,
        null,
        'flagged cards',
      );
      await popup.evaluate(() => {
        const b = [...document.querySelectorAll('button')].find(
          (x) => x.textContent?.trim() === 'Where to report' || x.textContent?.trim() === 'Où signaler',
        );
        (b as HTMLButtonElement | undefined)?.click();
      }, null);
      await waitUntil(
        popup,
        () => document.querySelector('.report [data-channel="organisation"]') !== null,
        null,
        "the organisation's contact",
      );
      const first = await popup.evaluate(() => {
        const el = document.querySelector('.report [data-channel]');
        return {
          id: el?.getAttribute('data-channel'),
          text: el?.textContent ?? '',
          links: [...(el?.querySelectorAll('a') ?? [])].map((a) => a.getAttribute('href')),
          countryDisabled: (document.querySelector('.report select') as HTMLSelectElement | null)?.disabled,
        };
      }, null);
      expect(first.id).toBe('organisation');
      expect(first.text).toContain('Example School safeguarding lead');
      expect(first.links).toEqual(['https://intranet.example-school.org/report', 'tel:+3225550123']);
      expect(first.countryDisabled).toBe(true);
    } finally {
      await popup.close();
      await chat.close();
    }
  });

  it(`${name}: "check now" fetches the organisation's feed, signed with the organisation's key`, async () => {
    const s = await session();
    const page = await s.openOptions();
    try {
      const status = (await s.send(page, { type: 'ui-bg/check-now' })) as RulesStatus;
      expect(status).toMatchObject({ version: s.orgVersion, source: 'feed', lastError: null });
      const gets = s.server
        .requestsTo('feed.vigie.test')
        .filter((r) => r.method === 'GET')
        .map((r) => r.path);
      // The signature first (the validator), then the bundle; each checked with the org's key only.
      expect(gets).toEqual(['/school/bundle.json.sig', '/school/bundle.json']);
      // Measured (issue 17, point 6): no validator; Chromium names the extension by its id (the
      // same for every user); Firefox, without the optional host permission the options page
      // asks for, sends its per-install moz-extension:// origin (docs/feed.md says so).
      for (const r of s.server.requestsTo('feed.vigie.test')) {
        expect(r.headers['if-none-match']).toBeUndefined();
        expect(r.headers.origin).toMatch(
          name === 'firefox' ? /^moz-extension:\/\/[0-9a-f-]{36}$/ : /^chrome-extension:\/\/[a-p]{32}$/,
        );
      }
    } finally {
      await page.close();
    }
  });

  it(`${name}: an organisation bundle at 2^53−1 is refused; the version in use stays (issue 17, point 5)`, async () => {
    const s = await session();
    await s.serveOrg(Number.MAX_SAFE_INTEGER);
    const page = await s.openOptions();
    try {
      const status = (await s.send(page, { type: 'ui-bg/check-now' })) as RulesStatus;
      expect(status).toMatchObject({
        version: s.orgVersion,
        source: 'feed',
        owner: 'organisation',
        lastError: { code: 'version-jump' },
      });
    } finally {
      await page.close();
    }
  });
}

// ------------------------------------------------------------------------------- Chromium

function writeChromiumPolicy(file: string, id: string, values: Record<string, unknown>): void {
  mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [id]: values } } }, null, 2));
}

/** Removes our file, and the directories if we left them empty (they did not exist before). */
function removeChromiumPolicy(file: string): void {
  rmSync(file, { force: true });
  for (const dir of [
    CHROMIUM_POLICY_DIR,
    dirname(CHROMIUM_POLICY_DIR),
    dirname(dirname(CHROMIUM_POLICY_DIR)),
  ]) {
    try {
      rmdirSync(dir);
    } catch {
      break; // not empty (another file, e.g. a concurrent run's): leave it
    }
  }
}

const chromeKey = lazy(async () => chromeTestKey());
const chromeBuild = lazy(async () => {
  const { key } = await chromeKey.get();
  return buildVariant(VARIANT, 'chrome', { VIGIE_TEST_KEY: key });
});

async function chromiumSession(policyFile: string, values: Record<string, unknown>): Promise<Session> {
  const { id } = await chromeKey.get();
  const dir = await chromeBuild.get();
  writeChromiumPolicy(policyFile, id, values);
  const server = await startFixtureServer();
  try {
    const orgVersion = await serveOrgFeed(server, dir);
    const chromium = await launchChromium({ serverPort: server.port, extensionDir: dir });
    expect(chromium.extensionId, 'the manifest key gives the id named in the policy file').toBe(id);
    return {
      server,
      orgVersion,
      serveOrg: async (version) => void (await serveOrgFeed(server, dir, version)),
      openOptions: () => chromium.openOptions() as Promise<unknown> as Promise<AnyPage>,
      openChat: () => chromium.openPage(FIXTURE_URLS['telegram-k']) as Promise<unknown> as Promise<AnyPage>,
      openPopupFor: (chat) =>
        chromium.openPopup({ forPage: chat as never }) as Promise<unknown> as Promise<AnyPage>,
      send: (page, message) => chromium.sendFromExtensionPage(page as never, message),
      close: async () => {
        await chromium.close();
        await server.close();
        removeChromiumPolicy(policyFile);
      },
    };
  } catch (error) {
    await server.close();
    removeChromiumPolicy(policyFile);
    throw error;
  }
}

describe('Chromium reads a real policy file', () => {
  const file = `${CHROMIUM_POLICY_DIR}/vigie-e2e-${process.pid}.json`;
  const env = lazy(async () => {
    const chromeExample = example('docs/examples/chrome/vigie-policy.json')['3rdparty'].extensions
      .EXTENSION_ID;
    return chromiumSession(file, await examplePolicyValues(chromeExample));
  });
  afterAll(() => env.dispose((s) => s.close()));

  it('Chrome publishes the example policy, as written, in storage.managed', async () => {
    const s = await env.get();
    const page = await s.openOptions();
    try {
      const managed = await page.evaluate(async () => {
        const g = globalThis as unknown as { chrome: Api };
        return g.chrome.storage.managed.get(null);
      }, null);
      expect(managed).toMatchObject({ sensitivity: 'high', country: 'BE', updateIntervalMinutes: 720 });
    } finally {
      await page.close();
    }
  });
  organisationScenario('chromium', () => env.get());
});

describe('Chromium with a malformed policy file keeps working on defaults', () => {
  const file = `${CHROMIUM_POLICY_DIR}/vigie-e2e-bad-${process.pid}.json`;
  const env = lazy(async () => chromiumSession(file, example('test/fixtures/policy/malformed.json')));
  afterAll(async () => {
    await env.dispose((s) => s.close());
    rmSync(await chromeBuild.get(), { recursive: true, force: true });
  });

  it('settings stay on defaults, nothing is locked by a bad value, rules and scanning work', async () => {
    const s = await env.get();
    const page = await s.openOptions();
    try {
      await waitUntil(page, readCache, POLICY_CACHE_KEY, 'the background to cache the policy');
      await waitUntil(
        page,
        () => document.querySelector('input[name="sensitivity"]:checked') !== null,
        null,
        'form',
      );
      await waitUntil(page, () => document.querySelectorAll('.policy-notes li').length > 0, null, 'notes');
      const view = await page.evaluate(optionsView, null);
      expect(view.sensitivity).toBe('normal');
      expect(view.sensitivityLocked).toBe(false);
      expect(view.countryLocked).toBe(false);
      // Chrome drops values that fail the schema (the whole lockedSettings list, for one bad
      // entry) before Vigie sees them; the schema-valid but unsafe contact is Vigie's to refuse.
      expect(view.enabledLocked).toBe(false);
      expect(view.notes).toEqual([
        'Policy "reportingContact" ignored: it needs a "name" (text up to 120 characters).',
      ]);
      const status = (await s.send(page, { type: 'ui-bg/get-status' })) as RulesStatus;
      expect(status.source).toBe('embedded');
    } finally {
      await page.close();
    }
    const chat = await s.openChat();
    try {
      await waitUntil(
        chat,
        () => document.querySelectorAll('[data-vigie-badge]').length > 0,
        null,
        'warnings',
      );
    } finally {
      await chat.close();
    }
  });
});

// ------------------------------------------------------------------------------- Firefox

const FIREFOX_POLICY_FILE = `${FIREFOX_POLICY_DIR}/policies.json`;
let createdFirefoxDirs: string[] = [];

/** Removes policies.json, and the directories we created for it. */
function removeFirefoxPolicy(): void {
  rmSync(FIREFOX_POLICY_FILE, { force: true });
  for (const dir of createdFirefoxDirs) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty: leave it
    }
  }
  createdFirefoxDirs = [];
}

async function firefoxSession(values: Record<string, unknown>): Promise<Session> {
  if (existsSync(FIREFOX_POLICY_FILE)) {
    throw new Error(`${FIREFOX_POLICY_FILE} already exists: refusing to overwrite a real policy`);
  }
  const dir = await buildVariant(VARIANT, 'firefox', {});
  for (const d of [dirname(FIREFOX_POLICY_DIR), FIREFOX_POLICY_DIR]) {
    if (!existsSync(d)) {
      mkdirSync(d);
      createdFirefoxDirs.unshift(d);
    }
  }
  writeFileSync(
    FIREFOX_POLICY_FILE,
    JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: values } } } }),
  );
  const server = await startFixtureServer();
  const proxy = await startConnectProxy({ targetPort: server.port });
  try {
    const orgVersion = await serveOrgFeed(server, dir);
    const firefox = await launchFirefox({ proxyPort: proxy.port, extensionDir: dir });
    // Firefox has read the file at start-up; remove it now so no other Firefox run sees it.
    removeFirefoxPolicy();
    return {
      server,
      orgVersion,
      serveOrg: async (version) => void (await serveOrgFeed(server, dir, version)),
      openOptions: () => firefox.openOptions() as Promise<unknown> as Promise<AnyPage>,
      openChat: () => firefox.openPage(FIXTURE_URLS['telegram-k']) as Promise<unknown> as Promise<AnyPage>,
      openPopupFor: (chat) =>
        firefox.openPopup({ forPage: chat as never }) as Promise<unknown> as Promise<AnyPage>,
      send: (page, message) => firefox.sendFromExtensionPage(page as never, message),
      close: async () => {
        await firefox.close();
        await proxy.close();
        await server.close();
      },
    };
  } catch (error) {
    removeFirefoxPolicy();
    await proxy.close();
    await server.close();
    throw error;
  }
}

describe('Firefox ESR reads a real policies.json', () => {
  const env = lazy(async () => {
    const ffExample = example('docs/examples/firefox/policies.json');
    // Only the 3rdparty part: ExtensionSettings would make Firefox try to install from AMO.
    return firefoxSession(await examplePolicyValues(ffExample.policies['3rdparty'].Extensions[GECKO_ID]));
  });
  afterAll(async () => {
    removeFirefoxPolicy();
    await env.dispose((s) => s.close());
  });

  it('the policy file is gone from the machine once Firefox has read it', async () => {
    await env.get();
    expect(existsSync(FIREFOX_POLICY_FILE)).toBe(false);
  });
  organisationScenario('firefox', () => env.get());
});

describe('Firefox ESR with a malformed policies.json keeps working on defaults', () => {
  const env = lazy(async () => firefoxSession(example('test/fixtures/policy/malformed.json')));
  afterAll(async () => {
    removeFirefoxPolicy();
    await env.dispose((s) => s.close());
    rmSync(resolve(REPO_ROOT, 'dist-test', VARIANT), { recursive: true, force: true });
  });

  it('Firefox passes every value through unchecked; Vigie ignores each bad one with a note', async () => {
    const s = await env.get();
    const page = await s.openOptions();
    try {
      await waitUntil(page, readCache, POLICY_CACHE_KEY, 'the background to cache the policy');
      await waitUntil(page, () => document.querySelectorAll('.policy-notes li').length > 0, null, 'notes');
      await waitUntil(
        page,
        () => document.querySelector('input[name="sensitivity"]:checked') !== null,
        null,
        'form',
      );
      const view = await page.evaluate(optionsView, null);
      expect(view.sensitivity).toBe('normal');
      expect(view.sensitivityLocked).toBe(false);
      expect(view.country).not.toBe(42);
      expect(view.countryLocked).toBe(false);
      // The one valid lock of the list is kept (Chrome drops the whole list instead).
      expect(view.enabledLocked).toBe(true);
      expect(view.notes).toEqual(
        expect.arrayContaining([
          'Policy "sensitivity" ignored: expected one of low, normal, high.',
          'Policy "blur" ignored: expected true or false.',
          'Unknown policy "surprise" ignored.',
          'Policy "updateIntervalMinutes" ignored: expected a whole number of minutes.',
        ]),
      );
      const status = (await s.send(page, { type: 'ui-bg/get-status' })) as RulesStatus;
      expect(status.source).toBe('embedded');
    } finally {
      await page.close();
    }
    const chat = await s.openChat();
    try {
      await waitUntil(
        chat,
        () => document.querySelectorAll('[data-vigie-badge]').length > 0,
        null,
        'warnings',
      );
    } finally {
      await chat.close();
    }
  });
});
