/**
 * Smoke test in both real browsers, on the packages users install (dist/<browser>, no test hooks):
 * the built extension loads, its content script starts on every chat fixture served at its real
 * origin (and only there: it answers the popup's question there and nowhere else), the background
 * answers, and the popup renders (screenshot saved to test-results/screenshots/<browser>-popup.png).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FIXTURE_URLS,
  type FixtureServer,
  fixtureFile,
  launchChromium,
  launchFirefox,
  lazy,
  productionExtensionDir,
  REPO_ROOT,
  startConnectProxy,
  startFixtureServer,
  waitInPage,
} from './support';

const CHAT_SITES = ['telegram-k', 'telegram-a', 'whatsapp'] as const;
const SCREENSHOTS = resolve(REPO_ROOT, 'test-results/screenshots');
// Same page as a matched fixture, on a host the manifest does not match.
const UNMATCHED_URL = 'https://feed.vigie.test/not-a-chat/';

/**
 * Whether the tab's content script answers the popup's question, and which client it says it
 * reads; null when nothing answers (no content script in that page). The user build puts no
 * attribute on the page, so this is how a test, like the popup, knows the script runs.
 */
type Probe = (page: AnyPage) => Promise<string | null>;
type SendMessage = (id: number, m: unknown) => Promise<{ client?: string } | undefined>;

function probeWith(h: {
  tabIdOf(page: never): Promise<number>;
  evaluateInExtension<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}): Probe {
  return async (page) => {
    const id = await h.tabIdOf(page as never);
    try {
      const answer = await h.evaluateInExtension(
        (arg: { id: number }) => {
          const g = globalThis as unknown as {
            browser?: { tabs: { sendMessage: SendMessage } };
            chrome: { tabs: { sendMessage: SendMessage } };
          };
          return (g.browser ?? g.chrome).tabs.sendMessage(arg.id, { type: 'popup-cs/get-summary' });
        },
        { id },
      );
      return answer?.client ?? null;
    } catch {
      // "Could not establish connection. Receiving end does not exist.": no content script there.
      return null;
    }
  };
}

/** Shape both harnesses share, so each check below is written once for both browsers. */
interface AnyPage {
  evaluate<T>(fn: () => T): Promise<T>;
  screenshot(options: { path: string }): Promise<unknown>;
  close(): Promise<void>;
}

function contentScriptMatches(browser: 'chrome' | 'firefox'): string[] {
  const manifest = JSON.parse(
    readFileSync(resolve(productionExtensionDir(browser), 'manifest.json'), 'utf8'),
  ) as {
    content_scripts?: { matches: string[] }[];
  };
  return (manifest.content_scripts ?? []).flatMap((c) => c.matches);
}

async function waitForAnswer(page: AnyPage, probe: Probe, what: string): Promise<string> {
  const end = Date.now() + 10_000;
  for (;;) {
    const client = await probe(page);
    if (client !== null) return client;
    if (Date.now() > end) throw new Error(`No content script answered at ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

async function expectContentScriptStarts(page: AnyPage, url: string, server: FixtureServer, probe: Probe) {
  const expected = new URL(url);
  // The page really is the fixture, served by our server at the real origin.
  expect(await page.evaluate(() => location.origin)).toBe(expected.origin);
  expect(
    server.requestsTo(expected.hostname).some((r) => r.path === expected.pathname && r.status === 200),
  ).toBe(true);
  expect(await waitForAnswer(page, probe, url)).toMatch(/^(telegram-[ka]|whatsapp|snapchat)$/);
}

async function expectContentScriptAbsent(page: AnyPage, probe: Probe) {
  expect(await page.evaluate(() => location.origin)).toBe(new URL(UNMATCHED_URL).origin);
  // document_idle has long passed by 'load' + 1 s; a wrongly broad match would have run by then.
  await new Promise((done) => setTimeout(done, 1000));
  expect(await probe(page)).toBeNull();
}

async function expectPopupRenders(page: AnyPage, browser: string) {
  // biome-ignore lint/performance/useDomNodeTextContent: rendered text is the point, not hidden nodes.
  const visibleText = () => document.body.innerText.trim();
  // The popup may render after asking the background and the tab: wait for text (a non-empty
  // string is truthy), then assert, so an empty popup fails with the message below.
  await waitInPage(page, visibleText, { timeoutMs: 5_000 }).catch(() => {});
  expect(await page.evaluate(visibleText), 'popup body is empty').not.toBe('');
  // Let asynchronous answers land so the screenshot shows the settled popup.
  await new Promise((done) => setTimeout(done, 500));
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${browser}-popup.png`) });
}

describe('Chromium (Debian chromium + playwright-core)', () => {
  // One browser per file, started by the first test that needs it (see support/lazy.ts).
  const env = lazy(async () => {
    const server = await startFixtureServer();
    server.route(UNMATCHED_URL, fixtureFile('telegram-k.html'));
    try {
      return {
        server,
        chromium: await launchChromium({
          serverPort: server.port,
          extensionDir: productionExtensionDir('chrome'),
        }),
      };
    } catch (error) {
      await server.close();
      throw error;
    }
  });
  afterAll(() =>
    env.dispose(async ({ server, chromium }) => {
      await chromium.close();
      await server.close();
    }),
  );

  it.each(CHAT_SITES)('content script starts on %s at its real origin', async (site) => {
    const { server, chromium } = await env.get();
    const page = await chromium.openPage(FIXTURE_URLS[site]);
    try {
      await expectContentScriptStarts(page, FIXTURE_URLS[site], server, probeWith(chromium));
    } finally {
      await page.close();
    }
  });

  it('content script does not run outside its match patterns', async () => {
    const { chromium } = await env.get();
    const page = await chromium.openPage(UNMATCHED_URL);
    try {
      await expectContentScriptAbsent(page, probeWith(chromium));
    } finally {
      await page.close();
    }
  });

  it('background service worker runs and answers the popup; popup renders', async () => {
    const { chromium } = await env.get();
    expect(chromium.serviceWorker.url()).toMatch(/^chrome-extension:\/\/[a-p]{32}\//);
    expect(chromium.context.serviceWorkers()).toContain(chromium.serviceWorker);
    // The popup describes a chat tab, as when a user clicks the toolbar button on Telegram.
    const chat = await chromium.openPage(FIXTURE_URLS['telegram-k']);
    await waitForAnswer(chat, probeWith(chromium), 'the Telegram fixture');
    const popup = await chromium.openPopup({ forPage: chat });
    try {
      const answer = await chromium.sendFromExtensionPage(popup, { type: 'ui-bg/get-status' });
      expect(answer, `background answer: ${JSON.stringify(answer)}`).toEqual(expect.any(Object));
      await expectPopupRenders(popup, 'chromium');
    } finally {
      await popup.close();
      await chat.close();
    }
  });
});

describe('Firefox ESR (Debian firefox-esr + puppeteer-core over WebDriver BiDi)', () => {
  const env = lazy(async () => {
    const server = await startFixtureServer();
    server.route(UNMATCHED_URL, fixtureFile('telegram-k.html'));
    const proxy = await startConnectProxy({ targetPort: server.port });
    try {
      return {
        server,
        proxy,
        firefox: await launchFirefox({
          proxyPort: proxy.port,
          extensionDir: productionExtensionDir('firefox'),
        }),
      };
    } catch (error) {
      await proxy.close();
      await server.close();
      throw error;
    }
  });
  afterAll(() =>
    env.dispose(async ({ server, proxy, firefox }) => {
      await firefox.close();
      await proxy.close();
      await server.close();
    }),
  );

  it('the temporary add-on holds the host permissions of its content scripts', async () => {
    // Firefox MV3 lets users withhold content-script hosts; without them every test below is moot.
    const { firefox } = await env.get();
    const page = await firefox.openOptions();
    try {
      type Permissions = { browser: { permissions: { getAll(): Promise<{ origins?: string[] }> } } };
      const granted = await page.evaluate(() =>
        (globalThis as unknown as Permissions).browser.permissions.getAll().then((p) => p.origins ?? []),
      );
      // Host permissions are per origin: Firefox reports "https://www.snapchat.com/*" for the
      // content-script match "https://www.snapchat.com/web*".
      const wanted = [
        ...new Set(contentScriptMatches('firefox').map((m) => `${new URL(m.replace('*', '')).origin}/*`)),
      ];
      expect(wanted.length).toBeGreaterThan(0);
      expect(granted).toEqual(expect.arrayContaining(wanted));
    } finally {
      await page.close();
    }
  });

  it.each(CHAT_SITES)('content script starts on %s at its real origin', async (site) => {
    const { server, proxy, firefox } = await env.get();
    const page = await firefox.openPage(FIXTURE_URLS[site]);
    try {
      await expectContentScriptStarts(page, FIXTURE_URLS[site], server, probeWith(firefox));
      // Firefox reached the fixture through the proxy's tunnel, not some other route.
      const host = new URL(FIXTURE_URLS[site]).hostname;
      expect(proxy.log.some((e) => e.kind === 'connect' && e.host === host && e.allowed)).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('content script does not run outside its match patterns', async () => {
    const { firefox } = await env.get();
    const page = await firefox.openPage(UNMATCHED_URL);
    try {
      await expectContentScriptAbsent(page, probeWith(firefox));
    } finally {
      await page.close();
    }
  });

  it('background starts and answers the popup; popup renders', async () => {
    const { firefox } = await env.get();
    // The popup describes a chat tab, as when a user clicks the toolbar button on Telegram.
    const chat = await firefox.openPage(FIXTURE_URLS['telegram-k']);
    await waitForAnswer(chat, probeWith(firefox), 'the Telegram fixture');
    const popup = await firefox.openPopup({ forPage: chat });
    try {
      const answer = await firefox.sendFromExtensionPage(popup, { type: 'ui-bg/get-status' });
      expect(answer, `background answer: ${JSON.stringify(answer)}`).toEqual(expect.any(Object));
      await expectPopupRenders(popup, 'firefox');
    } finally {
      await popup.close();
      await chat.close();
    }
  });
});
