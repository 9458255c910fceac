/**
 * No silent failure, and its fix by a signed rule update, in real Chromium and Firefox ESR on
 * Telegram Web K's real 2026 structure (test/fixtures/sites/telegram-k-2026.html) at its real
 * origin (issue 13, points 3 and 4):
 *   1. a signed rule set whose K root candidates resolve only to the empty decoy list that Web K
 *      places before the real one (`.chat.active .bubbles-inner`, `.bubbles-inner`: the first two
 *      candidates shipped before issue 13) is installed through the feed;
 *   2. the chat page ends in "layout not recognised" — in the content script's summary, in the
 *      toolbar badge ('?', its own colour and title), in the popup (with no "nothing suspicious"
 *      all-clear) and in the options page's rules status — and the fallback marks what it can;
 *   3. a newer signed bundle with working selectors is served, "check now" installs it, and the
 *      SAME tab, without a reload, reads its messages and marks exactly the listings.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RulesStatus, TabSummary } from '../../src/shared/messages';
import {
  buildVariant,
  type FixtureServer,
  fixtureFile,
  launchChromium,
  launchFirefox,
  lazy,
  startConnectProxy,
  startFixtureServer,
} from './support';
import {
  addSignedFeed,
  type Bundle,
  feedBuildEnv,
  nextBundle,
  readEmbedded,
  removeVariant,
  type SignedFeed,
} from './support/signed-feed';

const CHAT_URL = 'https://web.telegram.org/k/#-1987654321';
const DECOY_ONLY_ROOT = ['.chat.active .bubbles-inner', '.bubbles-inner'];
/** The 2026 fixture's listings (its header comment; test/unit/content/telegram-real.test.ts). */
const K_LISTINGS = ['2002', '2017', '2018', '2020', '2024'];
const VARIANT = `layout-test-${process.pid}`;

interface AnyPage {
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

interface Session {
  server: FixtureServer;
  feed: SignedFeed;
  embedded: Bundle;
  openChat(): Promise<AnyPage>;
  openPopupFor(page: AnyPage): Promise<AnyPage>;
  openExtensionPage(): Promise<AnyPage>;
  tabIdOf(page: AnyPage): Promise<number>;
  /** runtime.sendMessage from an extension page (as the options page does). */
  toBackground(message: unknown): Promise<unknown>;
  /** tabs.sendMessage to the page's content script (as the popup does). */
  toTab(tabId: number, message: unknown): Promise<unknown>;
  badge(tabId: number): Promise<{ text: string; title: string; color: number[] }>;
  close(): Promise<void>;
}

async function poll<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // The content script may not be listening yet.
    }
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const mids = (s: TabSummary) => s.flagged.map((f) => f.key.split(':')[1] ?? f.key).sort();

function scenario(name: string, session: () => Promise<Session>) {
  it(`${name}: old selectors end in "layout not recognised" everywhere; a signed update fixes the open tab without a reload`, async () => {
    const s = await session();
    const v = s.embedded.version;

    // 1. A rule set whose K roots find only the decoy.
    await s.feed.serve(
      nextBundle(s.embedded, 1, (b) => {
        const sites = b.sites as Record<string, { root: string[] }>;
        (sites['telegram-k'] as { root: string[] }).root = DECOY_ONLY_ROOT;
      }),
    );
    expect(await s.toBackground({ type: 'ui-bg/check-now' })).toMatchObject({
      version: v + 1,
      lastError: null,
    });

    // 2. The chat page: not a quiet idle, but "layout not recognised" everywhere.
    const chat = await s.openChat();
    try {
      await chat.evaluate(() => {
        (window as unknown as { vigieTestSamePage: number }).vigieTestSamePage = 1;
      }, null);
      const tabId = await s.tabIdOf(chat);
      const summary = async () => (await s.toTab(tabId, { type: 'popup-cs/get-summary' })) as TabSummary;
      const broken = await poll('state fallback', summary, (x) => x?.state === 'fallback');
      expect(broken.rulesVersion).toBe(v + 1);
      // The conservative fallback marks what it can (mark only; nothing blurred).
      await poll('fallback marks', summary, (x) => x.flagged.length > 0);
      expect((await summary()).flagged.every((f) => f.key.startsWith('fallback:'))).toBe(true);

      const badge = await poll(
        'the layout badge',
        () => s.badge(tabId),
        (b) => b.text === '?',
      );
      expect(badge.title).toMatch(/layout not recognised, the rules may be outdated/);
      expect(badge.color.slice(0, 3)).toEqual([0x8a, 0x5a, 0x00]);

      const status = (await s.toBackground({ type: 'ui-bg/get-status' })) as RulesStatus;
      expect(status.layoutProblems).toEqual(['telegram-k']);
      const options = await s.openExtensionPage();
      try {
        await poll(
          'the options page says so',
          () =>
            options.evaluate(
              () => document.querySelector('[data-state="layout-not-recognised"]')?.textContent ?? '',
              null,
            ),
          (t) => /Not recognised on Telegram Web \(K\): the rules may be outdated/.test(t),
        );
      } finally {
        await options.close();
      }
      const popup = await s.openPopupFor(chat);
      try {
        const text = await poll(
          'the popup says so',
          () => popup.evaluate(() => document.body.textContent ?? '', null),
          (t) => t.includes('Layout not recognised on Telegram Web (K): the rules may be outdated'),
        );
        expect(text).toContain('Check for rule updates');
        expect(text).not.toContain('Nothing suspicious in this chat so far.');
      } finally {
        await popup.close();
      }
      await chat.bringToFront();

      // 3. The fix ships as a signed rule update: working selectors (those of this build).
      await s.feed.serve(nextBundle(s.embedded, 2));
      expect(await s.toBackground({ type: 'ui-bg/check-now' })).toMatchObject({
        version: v + 2,
        lastError: null,
      });
      const fixed = await poll(
        'the same tab reading its messages',
        summary,
        (x) => x.state === 'active' && x.rulesVersion === v + 2 && mids(x).join() === K_LISTINGS.join(),
      );
      expect(fixed.scanned).toBeGreaterThanOrEqual(13);
      expect(fixed.flagged.some((f) => f.key.startsWith('fallback:'))).toBe(false);
      expect(
        await chat.evaluate(
          () => (window as unknown as { vigieTestSamePage?: number }).vigieTestSamePage,
          null,
        ),
      ).toBe(1);
      await poll(
        'the badge counting listings',
        () => s.badge(tabId),
        (b) => b.text === String(K_LISTINGS.length),
      );
      await poll(
        'no layout problem left',
        async () => ((await s.toBackground({ type: 'ui-bg/get-status' })) as RulesStatus).layoutProblems,
        (p) => Array.isArray(p) && p.length === 0,
      );
    } finally {
      await chat.close();
    }
  });
}

function chatRoute(server: FixtureServer): void {
  server.route('https://web.telegram.org/k/', fixtureFile('telegram-k-2026.html'));
}

type ActionGlobal = {
  browser?: { action: ActionLike; tabs: TabsLike; runtime: RuntimeLike };
  chrome: { action: ActionLike; tabs: TabsLike; runtime: RuntimeLike };
};
type ActionLike = {
  getBadgeText(d: { tabId: number }): Promise<string>;
  getTitle(d: { tabId: number }): Promise<string>;
  getBadgeBackgroundColor(d: { tabId: number }): Promise<number[]>;
};
type TabsLike = { sendMessage(id: number, m: unknown): Promise<unknown> };
type RuntimeLike = { sendMessage(m: unknown): Promise<unknown> };

/** What runs in an extension page: badge reads, and messages as the popup and options page send them. */
const inExtension = {
  badge: async (tabId: number) => {
    const g = globalThis as unknown as ActionGlobal;
    const action = (g.browser ?? g.chrome).action;
    return {
      text: await action.getBadgeText({ tabId }),
      title: await action.getTitle({ tabId }),
      color: await action.getBadgeBackgroundColor({ tabId }),
    };
  },
  toTab: (arg: { tabId: number; message: unknown }) => {
    const g = globalThis as unknown as ActionGlobal;
    return (g.browser ?? g.chrome).tabs.sendMessage(arg.tabId, arg.message);
  },
  toBackground: (message: unknown) => {
    const g = globalThis as unknown as ActionGlobal;
    return (g.browser ?? g.chrome).runtime.sendMessage(message);
  },
};

describe('Chromium: layout not recognised, then fixed by a signed rule update', () => {
  const env = lazy<Session>(async () => {
    const server = await startFixtureServer();
    const feed = addSignedFeed(server);
    chatRoute(server);
    try {
      const dir = await buildVariant(VARIANT, 'chrome', await feedBuildEnv());
      const chromium = await launchChromium({ serverPort: server.port, extensionDir: dir });
      return {
        server,
        feed,
        embedded: readEmbedded(dir),
        openChat: () => chromium.openPage(CHAT_URL) as Promise<unknown> as Promise<AnyPage>,
        openPopupFor: (page) =>
          chromium.openPopup({ forPage: page as never }) as Promise<unknown> as Promise<AnyPage>,
        openExtensionPage: () => chromium.openOptions() as Promise<unknown> as Promise<AnyPage>,
        tabIdOf: (page) => chromium.tabIdOf(page as never),
        toBackground: (message) => chromium.evaluateInExtension(inExtension.toBackground, message),
        toTab: (tabId, message) => chromium.evaluateInExtension(inExtension.toTab, { tabId, message }),
        badge: (tabId) => chromium.evaluateInExtension(inExtension.badge, tabId),
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
  scenario('chromium', () => env.get());
});

describe('Firefox ESR: layout not recognised, then fixed by a signed rule update', () => {
  const env = lazy<Session>(async () => {
    const server = await startFixtureServer();
    const feed = addSignedFeed(server);
    chatRoute(server);
    const proxy = await startConnectProxy({ targetPort: server.port });
    try {
      const dir = await buildVariant(VARIANT, 'firefox', await feedBuildEnv());
      const firefox = await launchFirefox({ proxyPort: proxy.port, extensionDir: dir });
      return {
        server,
        feed,
        embedded: readEmbedded(dir),
        openChat: () => firefox.openPage(CHAT_URL) as Promise<unknown> as Promise<AnyPage>,
        openPopupFor: (page) =>
          firefox.openPopup({ forPage: page as never }) as Promise<unknown> as Promise<AnyPage>,
        openExtensionPage: () => firefox.openOptions() as Promise<unknown> as Promise<AnyPage>,
        tabIdOf: (page) => firefox.tabIdOf(page as never),
        toBackground: (message) => firefox.evaluateInExtension(inExtension.toBackground, message),
        toTab: (tabId, message) => firefox.evaluateInExtension(inExtension.toTab, { tabId, message }),
        badge: (tabId) => firefox.evaluateInExtension(inExtension.badge, tabId),
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
  scenario('firefox', () => env.get());
});
