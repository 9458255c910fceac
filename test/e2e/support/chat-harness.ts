/**
 * A chat page in a real browser with the built extension, and the content script's own summary
 * of it (the message the popup sends, 'popup-cs/get-summary'): tests wait on what the scanner
 * reports, not on page attributes (production builds put none on the page).
 */
import type { TabSummary } from '../../../src/shared/messages';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import { type Lazy, lazy } from './lazy';
import { type ConnectProxy, startConnectProxy } from './proxy';
import { type FixtureServer, startFixtureServer } from './server';

export interface ChatPage {
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  close(): Promise<void>;
}

export interface ChatHarness {
  open(url: string): Promise<ChatPage>;
  /** The content script's summary of this tab. */
  summary(page: ChatPage): Promise<TabSummary>;
  /** Every request the browser made (Chromium: its request log; Firefox: the proxy's). */
  browserRequests(): string[];
  /** Every request the fixture server got, "METHOD host/path". */
  networkLog(): string[];
  /** Chromium only: the extension's id (the same for every user of a store build). */
  extensionId?(): string;
  close(): Promise<void>;
}

type SendMessage = (id: number, m: unknown) => Promise<unknown>;

/** favicon.ico is the browser's own request for the tab icon, not the page's or ours. */
const notFavicon = (entry: string) => !entry.endsWith('/favicon.ico');

function serverLog(server: FixtureServer): string[] {
  return server.requests.map((r) => `${r.method} ${r.host}${r.path}`).filter(notFavicon);
}

/** Chromium with the built extension; closes the server too. */
export async function chromiumChatHarness(
  server: FixtureServer,
  extensionDir?: string,
): Promise<ChatHarness> {
  const chromium = await launchChromium({
    serverPort: server.port,
    ...(extensionDir ? { extensionDir } : {}),
  });
  const seen: string[] = [];
  chromium.context.on('request', (r) => {
    if (!r.url().startsWith('chrome-extension://') && !r.url().startsWith('data:')) seen.push(r.url());
  });
  return {
    async open(url) {
      return (await chromium.openPage(url)) as unknown as ChatPage;
    },
    async summary(page) {
      const tabId = await chromium.tabIdOf(page as never);
      return (await chromium.evaluateInExtension(
        (arg: { id: number }) =>
          (
            globalThis as unknown as { chrome: { tabs: { sendMessage: SendMessage } } }
          ).chrome.tabs.sendMessage(arg.id, { type: 'popup-cs/get-summary' }),
        { id: tabId },
      )) as TabSummary;
    },
    browserRequests: () => seen.filter(notFavicon),
    networkLog: () => serverLog(server),
    extensionId: () => chromium.extensionId,
    async close() {
      await chromium.close();
      await server.close();
    },
  };
}

/** Firefox ESR with the built extension, through a CONNECT proxy; closes proxy and server too. */
export async function firefoxChatHarness(server: FixtureServer, extensionDir?: string): Promise<ChatHarness> {
  const proxy: ConnectProxy = await startConnectProxy({ targetPort: server.port });
  try {
    const firefox = await launchFirefox({ proxyPort: proxy.port, ...(extensionDir ? { extensionDir } : {}) });
    return {
      async open(url) {
        return (await firefox.openPage(url)) as unknown as ChatPage;
      },
      async summary(page) {
        const tabId = await firefox.tabIdOf(page as never);
        return (await firefox.evaluateInExtension(
          (arg: { id: number }) =>
            (
              globalThis as unknown as { browser: { tabs: { sendMessage: SendMessage } } }
            ).browser.tabs.sendMessage(arg.id, { type: 'popup-cs/get-summary' }),
          { id: tabId },
        )) as TabSummary;
      },
      // Every Firefox request goes through the proxy: its log is the browser's network log.
      browserRequests: () => proxy.log.map((e) => `${e.kind} ${e.host}:${e.port}`),
      networkLog: () => serverLog(server),
      async close() {
        await firefox.close();
        await proxy.close();
        await server.close();
      },
    };
  } catch (error) {
    await proxy.close();
    throw error;
  }
}

/** Polls `read` until `ok` holds; fails with the last value after `ms`. */
export async function poll<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > end)
      throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

/**
 * One lazily started harness per browser (Chromium, then Firefox ESR), each with its own fixture
 * server on which `route` adds the test's pages. Launch errors fail the tests that use it.
 */
export function chatBrowsers(
  route: (server: FixtureServer) => void,
  /** A browser's build to load instead of the e2e build (e.g. productionExtensionDir). */
  extensionDir?: (browser: 'chrome' | 'firefox') => string,
): { name: string; env: Lazy<ChatHarness> }[] {
  const launchers = [
    ['Chromium', chromiumChatHarness, 'chrome'],
    ['Firefox', firefoxChatHarness, 'firefox'],
  ] as const;
  return launchers.map(([name, launch, browser]) => ({
    name,
    env: lazy(async () => {
      const server = await startFixtureServer();
      route(server);
      try {
        return await launch(server, extensionDir?.(browser));
      } catch (error) {
        await server.close();
        throw error;
      }
    }),
  }));
}

/**
 * Waits until the content script reports an active scan with `count` flagged messages and, when
 * given, at least `scanned` messages read: the badges are up once the listings are scanned, while
 * ordinary messages may still be queued (newest first, in time slices).
 */
export function activeWithFlagged(
  harness: ChatHarness,
  page: ChatPage,
  count: number,
  scanned = 0,
): Promise<TabSummary> {
  return poll(
    `the summary to list ${count} flagged of ${scanned}+ messages read`,
    () => harness.summary(page),
    (s) => s.state === 'active' && s.flagged.length === count && s.scanned >= scanned,
  );
}
