/**
 * Snapchat for Web on the structure the maintained late-2025 readers see
 * (test/fixtures/sites/snapchat-2025-12.html), in both real browsers with the built extension and
 * the real rules, at the real origin (https://www.snapchat.com/web/<conversation>). Scanner state
 * comes from the content script's summary, never from page attributes.
 *
 * Two menus whose listing words are not on their first line (one text element, one element per
 * line), a reply that is a listing, and a row that is one message itself are marked; a reply that
 * QUOTES a listing is not (the quote is not the replier's words); the hidden kept-alive
 * conversation is never read; a menu arriving live is marked; nothing leaves the browser.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { renameHashedClasses } from '../fixtures/sites/snapchat-variants';
import { type FixtureServer, fixtureFile } from './support';
import {
  activeWithFlagged,
  type ChatHarness,
  type ChatPage,
  chatBrowsers,
  poll,
} from './support/chat-harness';

const OPEN = '7c1d2e3f-4a5b-5c6d-9e0f-1a2b3c4d5e6f';
const URL_OPEN = `https://www.snapchat.com/web/${OPEN}`;
/** The same page with every hashed class renamed (a new Snapchat build). */
const URL_RENAMED = 'https://web.snapchat.com/';

/** The first 20 characters of each listing's own text. */
const LISTINGS = [
  'new stuff this week,',
  'prices for the rest:',
  'also got fake id car',
  'permis de conduire s',
];
const LIVE = 'restock: coke 60/g, ';

/** First 20 characters of each badged message's own text (the last text group of its li), sorted. */
function badged(page: ChatPage): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const host of document.querySelectorAll('[data-vigie-badge]')) {
      const li = host.closest('li');
      const texts = Array.from(li?.querySelectorAll('[dir="auto"]') ?? []).filter(
        (el) => !el.closest('blockquote') && !el.closest('[style*="border-left"]'),
      );
      out.push((texts[0]?.textContent ?? '?').trim().slice(0, 20));
    }
    return out.sort();
  }, null);
}

async function waitForBadges(page: ChatPage, expected: string[], what: string): Promise<void> {
  const want = [...expected].sort();
  await poll(
    `snapchat: ${what} (badges on ${want.join(' / ')})`,
    () => badged(page),
    (texts) => JSON.stringify(texts) === JSON.stringify(want),
  );
}

function scenario(h: () => Promise<ChatHarness>) {
  return async () => {
    const harness = await h();
    const netStart = harness.networkLog().length;
    const page = await harness.open(URL_OPEN);
    try {
      const summary = await activeWithFlagged(harness, page, 4, 8);
      await waitForBadges(page, LISTINGS, 'initial scan');
      const netBefore = harness.networkLog().length;
      const browserBefore = harness.browserRequests().length;
      expect(summary.client).toBe('snapchat');
      expect(summary.chat).toEqual({ id: OPEN, title: 'Jordan K', publicLink: null });
      expect(summary.scanned).toBe(8);
      expect(summary.flagged.map((f) => f.sender)).toEqual(['Jordan K', 'Jordan K', 'Jordan K', 'Jordan K']);
      // whole menus were read (their listing words are on later lines), no reaction emoji
      const menu = summary.flagged.find((f) => f.excerpt.startsWith('prices for the rest'));
      expect(menu?.excerpt).toContain('fake ids 80 each');
      expect(summary.flagged.some((f) => f.excerpt.includes('🔥'))).toBe(false);
      // the reply quoting a listing, and the hidden conversation, are not marked
      expect(summary.flagged.some((f) => f.sender === 'Me')).toBe(false);
      expect(summary.flagged.some((f) => /glock/i.test(f.excerpt))).toBe(false);
      const hiddenBadges = await page.evaluate(
        () => document.querySelectorAll('section[aria-hidden="true"] [data-vigie-badge]').length,
        null,
      );
      expect(hiddenBadges).toBe(0);

      // ---- a menu arriving live in the last block, its sender carried forward
      await page.evaluate((id: string) => {
        const list = document.getElementById(`cv-${id}`)?.lastElementChild?.querySelector('ul');
        if (!list) return;
        const li = document.createElement('li');
        const bubble = document.createElement('div');
        const text = document.createElement('span');
        text.setAttribute('dir', 'auto');
        text.style.whiteSpace = 'pre-wrap';
        text.textContent = 'restock: coke 60/g, weed 10/g\ndelivery tonight, dm me';
        bubble.append(text);
        li.append(bubble);
        list.append(li);
      }, OPEN);
      await waitForBadges(page, [...LISTINGS, LIVE], 'a live menu');
      expect((await harness.summary(page)).flagged.find((f) => f.excerpt.startsWith('restock'))?.sender).toBe(
        'Jordan K',
      );

      await new Promise((r) => setTimeout(r, 500));
      expect(harness.networkLog().slice(netBefore), 'network log while scanning').toEqual([]);
      expect(harness.browserRequests().slice(browserBefore), 'browser requests while scanning').toEqual([]);
      expect(harness.networkLog().slice(netStart)).toEqual([`GET www.snapchat.com/web/${OPEN}`]);
    } finally {
      await page.close();
    }
  };
}

function renamedScenario(h: () => Promise<ChatHarness>) {
  return async () => {
    const harness = await h();
    const page = await harness.open(URL_RENAMED);
    try {
      const summary = await activeWithFlagged(harness, page, 4);
      await waitForBadges(page, LISTINGS, 'renamed classes');
      expect(
        await page.evaluate(() => document.querySelectorAll('.T1yt2, .ogn1z, .nonIntl').length, null),
      ).toBe(0);
      expect(summary.chat.id).toBe(OPEN);
    } finally {
      await page.close();
    }
  };
}

function routeFixtures(server: FixtureServer): void {
  server.route(URL_OPEN, fixtureFile('snapchat-2025-12.html'));
  server.route(URL_RENAMED, async (req) => {
    const file = fixtureFile('snapchat-2025-12.html');
    const res = typeof file === 'function' ? await file(req) : file;
    return { ...res, body: renameHashedClasses(String(res.body)) };
  });
}

for (const { name, env } of chatBrowsers(routeFixtures)) {
  describe(`Snapchat for Web (late-2025 structure) in ${name}`, () => {
    afterAll(() => env.dispose((h) => h.close()));

    it(
      'reads whole menus, keeps quotes apart, marks listings only, follows a live message',
      scenario(env.get),
    );
    it('with every hashed class renamed', renamedScenario(env.get));
  });
}
