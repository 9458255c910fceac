/**
 * The toolbar badge in real Chromium and Firefox ESR: the content script reports its tab's state
 * and flagged count (never text), the background sets that tab's badge; a chat switch inside the
 * page (hash or history change: Chrome calls it "loading") keeps it; another page clears it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  FIXTURE_URLS,
  launchChromium,
  launchFirefox,
  lazy,
  startConnectProxy,
  startFixtureServer,
  waitInPage,
} from './support';

/** The K fixture's listings (test/e2e/content.e2e.ts). */
const K_LISTINGS = 5;

interface AnyPage {
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  goto(url: string): Promise<unknown>;
  close(): Promise<void>;
}

interface Session {
  open(url: string): Promise<AnyPage>;
  tabIdOf(page: AnyPage): Promise<number>;
  inExtension<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

interface Shown {
  text: string;
  title: string;
}

type ActionGlobal = {
  browser?: { action: ActionLike };
  chrome: { action: ActionLike };
};
type ActionLike = {
  getBadgeText(d: { tabId: number }): Promise<string>;
  getTitle(d: { tabId: number }): Promise<string>;
};

function shown(s: Session, tabId: number): Promise<Shown> {
  return s.inExtension(async (id: number) => {
    const g = globalThis as unknown as ActionGlobal;
    const action = g.browser?.action ?? g.chrome.action;
    return { text: await action.getBadgeText({ tabId: id }), title: await action.getTitle({ tabId: id }) };
  }, tabId);
}

async function until(read: () => Promise<Shown>, ok: (v: Shown) => boolean, what: string): Promise<Shown> {
  const end = Date.now() + 15_000;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

function scenario(name: string, session: () => Promise<Session>) {
  it(`${name}: the chat tab's badge counts its flagged messages, survives a chat switch, clears on another page`, async () => {
    const s = await session();
    const page = await s.open(FIXTURE_URLS['telegram-k']);
    try {
      const tabId = await s.tabIdOf(page);
      const badge = await until(
        () => shown(s, tabId),
        (b) => b.text === String(K_LISTINGS),
        `a badge of ${K_LISTINGS}`,
      );
      expect(badge.title).toBe(`Vigie: ${K_LISTINGS} messages flagged in this chat`);

      // A chat switch inside the page: same document, the content script still answers.
      await page.evaluate(() => {
        location.hash = '#@alice_example';
      }, null);
      await new Promise((r) => setTimeout(r, 1000));
      await page.evaluate(() => history.pushState({}, '', '/k/#-1987654321'), null);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await shown(s, tabId)).text).toBe(String(K_LISTINGS));

      // Another page in the same tab (no chat, and WhatsApp's content script reports idle).
      await page.goto('https://web.whatsapp.com/no-chat-here');
      await waitInPage(page, () => document.readyState === 'complete');
      const after = await until(
        () => shown(s, tabId),
        (b) => b.text === '',
        'the badge cleared',
      );
      expect(after.title).not.toMatch(/flagged/);
    } finally {
      await page.close();
    }
  });
}

describe('Chromium: toolbar badge', () => {
  const env = lazy<Session>(async () => {
    const server = await startFixtureServer();
    try {
      const chromium = await launchChromium({ serverPort: server.port });
      return {
        open: (url) => chromium.openPage(url) as Promise<unknown> as Promise<AnyPage>,
        tabIdOf: (page) => chromium.tabIdOf(page as never),
        inExtension: (fn, arg) => chromium.evaluateInExtension(fn, arg),
        close: async () => {
          await chromium.close();
          await server.close();
        },
      };
    } catch (error) {
      await server.close();
      throw error;
    }
  });
  afterAll(() => env.dispose((s) => s.close()));
  scenario('chromium', () => env.get());
});

describe('Firefox ESR: toolbar badge', () => {
  const env = lazy<Session>(async () => {
    const server = await startFixtureServer();
    const proxy = await startConnectProxy({ targetPort: server.port });
    try {
      const firefox = await launchFirefox({ proxyPort: proxy.port });
      return {
        open: (url) => firefox.openPage(url) as Promise<unknown> as Promise<AnyPage>,
        tabIdOf: (page) => firefox.tabIdOf(page as never),
        inExtension: (fn, arg) => firefox.evaluateInExtension(fn, arg),
        close: async () => {
          await firefox.close();
          await proxy.close();
          await server.close();
        },
      };
    } catch (error) {
      await proxy.close();
      await server.close();
      throw error;
    }
  });
  afterAll(() => env.dispose((s) => s.close()));
  scenario('firefox', () => env.get());
});
