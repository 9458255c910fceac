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
import { buildVariant, type FixtureServer, fixtureFile, lazy, startFixtureServer } from './support';
import { BROWSERS, type BrowserSession, inExtensionPage, launchSession } from './support/browser-session';
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

interface Session {
  feed: SignedFeed;
  embedded: Bundle;
  browser: BrowserSession;
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
    const b = s.browser;
    const v = s.embedded.version;
    const toBackground = (message: unknown) => b.inExtension(inExtensionPage.toBackground, message);

    // 1. A rule set whose K roots find only the decoy.
    await s.feed.serve(
      nextBundle(s.embedded, 1, (b) => {
        const sites = b.sites as Record<string, { root: string[] }>;
        (sites['telegram-k'] as { root: string[] }).root = DECOY_ONLY_ROOT;
      }),
    );
    expect(await toBackground({ type: 'ui-bg/check-now' })).toMatchObject({
      version: v + 1,
      lastError: null,
    });

    // 2. The chat page: not a quiet idle, but "layout not recognised" everywhere.
    const chat = await b.open(CHAT_URL);
    try {
      await chat.evaluate(() => {
        (window as unknown as { vigieTestSamePage: number }).vigieTestSamePage = 1;
      }, null);
      const tabId = await b.tabIdOf(chat);
      const summary = async () =>
        (await b.inExtension(inExtensionPage.toTab, {
          tabId,
          message: { type: 'popup-cs/get-summary' },
        })) as TabSummary;
      const badge = () => b.inExtension(inExtensionPage.badge, tabId);
      const broken = await poll('state fallback', summary, (x) => x?.state === 'fallback');
      expect(broken.rulesVersion).toBe(v + 1);
      // The conservative fallback marks what it can (mark only; nothing blurred).
      await poll('fallback marks', summary, (x) => x.flagged.length > 0);
      const marked = (await summary()).flagged;
      expect(marked.every((f) => f.key.startsWith('fallback:'))).toBe(true);
      // Conservative: blocks that hold a listing, with what the rule set still says is not the
      // sender's left out — not the row pinning a listing, not a message beside a sponsored ad.
      expect(marked.length).toBeLessThanOrEqual(K_LISTINGS.length);
      expect(marked.filter((f) => /a épinglé|Qui vient samedi|Montres Premium/.test(f.excerpt))).toEqual([]);

      const layout = await poll('the layout badge', badge, (x) => x.text === '?');
      expect(layout.title).toMatch(/layout not recognised, the rules may be outdated/);
      expect(layout.color.slice(0, 3)).toEqual([0x8a, 0x5a, 0x00]);

      const status = (await toBackground({ type: 'ui-bg/get-status' })) as RulesStatus;
      expect(status.layoutProblems).toEqual(['telegram-k']);
      const options = await b.openOptions();
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
      const popup = await b.openPopupFor(chat);
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
      expect(await toBackground({ type: 'ui-bg/check-now' })).toMatchObject({
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
      // The chat reads as a shop as a whole (issue 15): the badge says so rather than the count.
      await poll('the badge back to what the chat shows', badge, (x) => x.text === 'SHOP');
      await poll(
        'no layout problem left',
        async () => ((await toBackground({ type: 'ui-bg/get-status' })) as RulesStatus).layoutProblems,
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

for (const name of BROWSERS) {
  describe(`${name}: layout not recognised, then fixed by a signed rule update`, () => {
    const env = lazy(async () => {
      const server = await startFixtureServer();
      const feed = addSignedFeed(server);
      chatRoute(server);
      const target = name === 'chromium' ? 'chrome' : 'firefox';
      try {
        const dir = await buildVariant(VARIANT, target, await feedBuildEnv());
        return {
          server,
          dir,
          session: { feed, embedded: readEmbedded(dir), browser: await launchSession(name, server, dir) },
        };
      } catch (error) {
        await server.close();
        throw error;
      }
    });
    afterAll(() =>
      env.dispose(async ({ server, dir, session }) => {
        await session.browser.close();
        await server.close();
        removeVariant(dir);
      }),
    );
    scenario(name, async () => (await env.get()).session);
  });
}
