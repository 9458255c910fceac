/**
 * "This chat looks like a shop" (issue 15) in real Chromium and Firefox ESR with the built
 * extension and the real rules, at Telegram Web K's real origin, on telegram-k-2026.html with a
 * shop channel or a family group built into its real list (test/fixtures/sites/chat-builder.js):
 *   - a family group with one flagged message: the message is flagged, the chat is not a shop;
 *   - a shop channel: the content script's summary says so, one marker sits in the chat header
 *     (a closed shadow root, no attribute on it, reachable by keyboard), the toolbar badge says
 *     SHOP, the popup shows the banner above the cards;
 *   - switching chats without a page load resets the verdict (and back);
 *   - "Not a shop" in the popup removes marker and badge, and that sticks across a reload.
 * The scanner is read through its own summary (the popup's message), never page attributes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DISMISSALS_KEY } from '../../src/shared/settings/keys';
import { telegramKWithChats } from '../fixtures/sites/chat-variants';
import { type FixtureServer, lazy, startFixtureServer } from './support';
import {
  type AnyPage,
  BROWSERS,
  type BrowserSession,
  inExtensionPage,
  launchSession,
} from './support/browser-session';
import { poll } from './support/chat-harness';

const CHATS_URL = 'https://web.telegram.org/k/chats';
const HEADER = '.chat.active .topbar .chat-info .content';

type Page = AnyPage;
type Browser = BrowserSession;

interface Summary {
  state: string;
  chat: { id: string | null; title: string | null };
  scanned: number;
  flagged: unknown[];
  shop?: { categories: string[]; listings: number; read: number } | null;
}

type Api = { storage: { local: { remove(k: string): Promise<void> } } };

function route(server: FixtureServer): void {
  server.route(CHATS_URL, () => ({
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: telegramKWithChats(),
  }));
}

/** Until the content script of a new page listens, there is no receiver: ask again (a poll does). */
const NOT_YET: Summary = {
  state: 'no receiver yet',
  chat: { id: null, title: null },
  scanned: 0,
  flagged: [],
};

async function summary(b: Browser, page: Page): Promise<Summary> {
  const tabId = await b.tabIdOf(page);
  const message = { type: 'popup-cs/get-summary' };
  try {
    return (await b.inExtension(inExtensionPage.toTab, { tabId, message })) as Summary;
  } catch (error) {
    if (/Receiving end does not exist/.test(String(error))) return NOT_YET;
    throw error;
  }
}

async function badge(b: Browser, page: Page): Promise<string> {
  return (await b.inExtension(inExtensionPage.badge, await b.tabIdOf(page))).text;
}

/** What the page itself can see of our marker: a span in the header with a CLOSED shadow root. */
function marker(page: Page) {
  return page.evaluate((sel: string) => {
    const added = [...document.querySelectorAll(`${sel} > span`)].filter(
      (el) => !el.classList.length && !el.id && el.childNodes.length === 0,
    );
    const host = added[0] as HTMLElement | undefined;
    return {
      count: added.length,
      attributes: host ? host.getAttributeNames() : [],
      openShadow: host ? host.shadowRoot !== null : null,
      vigieAttributes: document.querySelectorAll('[data-vigie-shop], [data-vigie-chat]').length,
    };
  }, HEADER);
}

function flow(name: string, env: { get(): Promise<Browser> }) {
  it(`${name}: a family group with one flagged message is not a shop`, async () => {
    const b = await env.get();
    const page = await b.open(`${CHATS_URL}?variant=family`);
    try {
      const s = await poll(
        'the family group read',
        () => summary(b, page),
        (v) => v.state === 'active' && v.chat.title === 'Famille Martin' && v.scanned === 18,
      );
      expect(s.flagged).toHaveLength(1);
      expect(s.shop ?? null).toBeNull();
      expect((await marker(page)).count).toBe(0);
      await poll(
        'the badge to count the one message',
        () => badge(b, page),
        (t) => t === '1',
      );
    } finally {
      await page.close();
    }
  });

  it(`${name}: a shop channel gets the header marker, the badge and the popup banner; a chat switch resets it`, async () => {
    const b = await env.get();
    const page = await b.open(`${CHATS_URL}?variant=shop`);
    try {
      const s = await poll(
        'the chat-level verdict',
        () => summary(b, page),
        (v) => v.state === 'active' && v.scanned === 12 && (v.shop?.categories[0] ?? '') === 'drugs',
      );
      expect(s.chat.title).toBe('Vitrine Premium');
      expect(s.shop?.listings).toBeGreaterThanOrEqual(6);
      // One marker, in the header, that the page cannot look into and that carries no attribute
      // but its style (issue 17 takes data-vigie-* out of production builds).
      const m = await poll(
        'the header marker',
        () => marker(page),
        (v) => v.count === 1,
      );
      expect(m.openShadow).toBe(false);
      expect(m.attributes).toEqual(['style']);
      expect(m.vigieAttributes).toBe(0);
      // Reachable by keyboard: focusing it focuses its button (delegatesFocus).
      const focused = await page.evaluate((sel: string) => {
        const host = document.querySelector(`${sel} > span`) as HTMLElement;
        host.focus();
        return document.activeElement === host;
      }, HEADER);
      expect(focused).toBe(true);
      await poll(
        'the SHOP badge',
        () => badge(b, page),
        (t) => t === 'SHOP',
      );

      // The popup (as a tab of its own, aimed at the chat's tab): the banner above the cards.
      const popup = await b.openPopupFor(page);
      try {
        const banner = await poll(
          'the popup banner',
          () =>
            popup.evaluate(() => {
              const el = document.querySelector('.shop-banner');
              const cards = document.querySelector('.cards');
              return {
                title: el?.querySelector('h2')?.textContent ?? '',
                reasons: el?.querySelectorAll('.shop-reasons li').length ?? 0,
                above: !!el && !!cards && !!(el.compareDocumentPosition(cards) & 4),
              };
            }, null),
          (v) => v.title !== '',
        );
        expect(banner.title).toMatch(/looks like a shop for drugs|ressemble à une boutique : drogues/);
        expect(banner.reasons).toBeGreaterThanOrEqual(2);
        expect(banner.above).toBe(true);
      } finally {
        await popup.close();
      }
      await page.bringToFront();

      // Another chat without a page load: the verdict starts again.
      await page.evaluate(() => (document.getElementById('btn-chat-family') as HTMLElement).click(), null);
      const family = await poll(
        'the family chat after the switch',
        () => summary(b, page),
        (v) => v.chat.title === 'Famille Martin' && v.scanned === 18,
      );
      expect(family.shop ?? null).toBeNull();
      expect(family.flagged).toHaveLength(1);
      await poll(
        'the marker gone',
        () => marker(page),
        (v) => v.count === 0,
      );
      await poll(
        'the badge back to a count',
        () => badge(b, page),
        (t) => t === '1',
      );
      // And back to the shop: recognised again from its messages.
      await page.evaluate(() => (document.getElementById('btn-chat-shop') as HTMLElement).click(), null);
      await poll(
        'the shop again',
        () => summary(b, page),
        (v) => v.chat.title === 'Vitrine Premium' && (v.shop?.categories[0] ?? '') === 'drugs',
      );
      await poll(
        'the marker back',
        () => marker(page),
        (v) => v.count === 1,
      );
    } finally {
      await page.close();
    }
  });

  it(`${name}: "Not a shop" removes the marker and the badge, and it sticks across a reload`, async () => {
    const b = await env.get();
    const page = await b.open(`${CHATS_URL}?variant=shop`);
    try {
      await poll(
        'the header marker',
        () => marker(page),
        (v) => v.count === 1,
      );
      const popup = await b.openPopupFor(page);
      try {
        await poll(
          'the "Not a shop" button',
          () => popup.evaluate(() => !!document.querySelector('[data-action="not-a-shop"]'), null),
          (v) => v,
        );
        await popup.evaluate(
          () => (document.querySelector('[data-action="not-a-shop"]') as HTMLElement).click(),
          null,
        );
        await poll(
          'the banner gone',
          () => popup.evaluate(() => document.querySelector('.shop-banner') === null, null),
          (v) => v,
        );
      } finally {
        await popup.close();
      }
      await page.bringToFront();
      await poll(
        'the marker gone',
        () => marker(page),
        (v) => v.count === 0,
      );
      await poll(
        'the badge without SHOP',
        () => badge(b, page),
        (t) => t !== 'SHOP' && t !== '',
      );
      // A reload: the chat is read again, the verdict comes again, and stays dismissed.
      await page.goto(`${CHATS_URL}?variant=shop`);
      const again = await poll(
        'the shop read again',
        () => summary(b, page),
        (v) => v.state === 'active' && v.scanned === 12 && v.shop != null,
      );
      expect(again.shop?.categories[0]).toBe('drugs');
      // Give the scanner a few passes: nothing may put the marker back.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await marker(page)).count).toBe(0);
      expect(await badge(b, page)).not.toBe('SHOP');
    } finally {
      await b.inExtension(async (key: string) => {
        const g = globalThis as unknown as { browser?: Api; chrome: Api };
        await (g.browser ?? g.chrome).storage.local.remove(key);
      }, DISMISSALS_KEY);
      await page.close();
    }
  });
}

for (const name of BROWSERS) {
  describe(`${name}: the chat-level verdict`, () => {
    const env = lazy(async () => {
      const server = await startFixtureServer();
      route(server);
      try {
        return { server, session: await launchSession(name, server) };
      } catch (error) {
        await server.close();
        throw error;
      }
    });
    afterAll(() =>
      env.dispose(async ({ server, session }) => {
        await session.close();
        await server.close();
      }),
    );
    flow(name, { get: async () => (await env.get()).session });
  });
}
