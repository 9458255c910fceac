/**
 * Smoke test in both real browsers: the built extension loads, its content script starts on every
 * chat fixture served at its real origin (and only there), the background answers, and the popup
 * renders (screenshot saved to test-results/screenshots/<browser>-popup.png).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defaultExtensionDir,
  FIXTURE_URLS,
  type FixtureServer,
  fixtureFile,
  launchChromium,
  launchFirefox,
  lazy,
  REPO_ROOT,
  startConnectProxy,
  startFixtureServer,
  waitInPage,
} from './support';

const CHAT_SITES = ['telegram-k', 'telegram-a', 'whatsapp'] as const;
const SCREENSHOTS = resolve(REPO_ROOT, 'test-results/screenshots');
// Same page as a matched fixture, on a host the manifest does not match.
const UNMATCHED_URL = 'https://feed.vigie.test/not-a-chat/';

/** The content script's start signal: a non-empty data-vigie attribute on <html>. Runs in the page. */
const startSignal = () => document.documentElement.getAttribute('data-vigie') ?? '';
const started = () => (document.documentElement.getAttribute('data-vigie') ?? '') !== '';

/** Shape both harnesses share, so each check below is written once for both browsers. */
interface AnyPage {
  evaluate<T>(fn: () => T): Promise<T>;
  screenshot(options: { path: string }): Promise<unknown>;
  close(): Promise<void>;
}

function contentScriptMatches(browser: 'chrome' | 'firefox'): string[] {
  const manifest = JSON.parse(
    readFileSync(resolve(defaultExtensionDir(browser), 'manifest.json'), 'utf8'),
  ) as {
    content_scripts?: { matches: string[] }[];
  };
  return (manifest.content_scripts ?? []).flatMap((c) => c.matches);
}

async function expectContentScriptStarts(page: AnyPage, url: string, server: FixtureServer) {
  const expected = new URL(url);
  // The page really is the fixture, served by our server at the real origin.
  expect(await page.evaluate(() => location.origin)).toBe(expected.origin);
  expect(
    server.requestsTo(expected.hostname).some((r) => r.path === expected.pathname && r.status === 200),
  ).toBe(true);
  await waitInPage(page, started, { message: `No data-vigie start signal on <html> at ${url}` });
  expect(await page.evaluate(startSignal)).not.toBe('');
}

async function expectContentScriptAbsent(page: AnyPage) {
  expect(await page.evaluate(() => location.origin)).toBe(new URL(UNMATCHED_URL).origin);
  // document_idle has long passed by 'load' + 1 s; a wrongly broad match would have run by then.
  await new Promise((done) => setTimeout(done, 1000));
  expect(await page.evaluate(startSignal)).toBe('');
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
      return { server, chromium: await launchChromium({ serverPort: server.port }) };
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
      await expectContentScriptStarts(page, FIXTURE_URLS[site], server);
    } finally {
      await page.close();
    }
  });

  it('content script does not run outside its match patterns', async () => {
    const { chromium } = await env.get();
    const page = await chromium.openPage(UNMATCHED_URL);
    try {
      await expectContentScriptAbsent(page);
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
    await waitInPage(chat, started, { message: 'No start signal on the Telegram fixture' });
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
      return { server, proxy, firefox: await launchFirefox({ proxyPort: proxy.port }) };
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
      await expectContentScriptStarts(page, FIXTURE_URLS[site], server);
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
      await expectContentScriptAbsent(page);
    } finally {
      await page.close();
    }
  });

  it('background starts and answers the popup; popup renders', async () => {
    const { firefox } = await env.get();
    // The popup describes a chat tab, as when a user clicks the toolbar button on Telegram.
    const chat = await firefox.openPage(FIXTURE_URLS['telegram-k']);
    await waitInPage(chat, started, { message: 'No start signal on the Telegram fixture' });
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
