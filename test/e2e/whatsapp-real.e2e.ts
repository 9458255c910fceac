/**
 * WhatsApp Web on its 2026 structure (test/fixtures/sites/whatsapp-2026.html) and on the older
 * 2024-25 variant (whatsapp.html), in both real browsers with the built extension and the real
 * rules, at the real origin (https://web.whatsapp.com/). Scanner state is read through the
 * content script's summary (the popup's message), never through page attributes.
 *
 * 2026: a bulleted menu whose listing words are not on its first line is marked; a reply quoting
 * it, a message with a link preview of a shop, reactions and system rows are not; a row taken off
 * screen loses and regains its badge, an in-place edit and a delete for everyone remove theirs,
 * a new message is marked; nothing leaves the browser while all this happens.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_URLS, type FixtureServer, fixtureFile } from './support';
import {
  type ChatPage as AnyPage,
  activeWithFlagged,
  chatBrowsers,
  type ChatHarness as Harness,
  poll,
} from './support/chat-harness';

const URL_2026 = FIXTURE_URLS.whatsapp;
/** The older variant, at another path of the same origin (the content script runs on all of it). */
const URL_2024 = 'https://web.whatsapp.com/older-variant';

const MENU = '3EB0C0FFEE00000000A001';
const PAPERS = '3EB0C0FFEE00000000A002';
const REPLY = '3EB0C0FFEE00000000A003';
const PREVIEW = '3EB0C0FFEE00000000A004';
const GLOCK = '3EB0C0FFEE00000000A005';
const FULLZ = '3EB0C0FFEE00000000A006';
const LISTINGS_2026 = [MENU, PAPERS, GLOCK, FULLZ];
/** The older fixture's listings (short ids, the third part of data-id). */
const LISTINGS_2024 = [
  '3A0000000000000000AB',
  '3A0000000000000000AD',
  '3A0000000000000000B0',
  '3A0000000000000000B5',
  '3A0000000000000000B6',
];

/** data-id of every badged message (sorted); the older variant's ids shortened to their message id. */
function badged(page: AnyPage): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const host of document.querySelectorAll('[data-vigie-badge]')) {
      const id = host.closest('[data-id]')?.getAttribute('data-id') ?? '?';
      out.push(id.includes('_') ? (id.split('_')[2] ?? id) : id);
    }
    return out.sort();
  }, null);
}

async function waitForBadges(page: AnyPage, expected: string[], what: string): Promise<void> {
  const want = [...expected].sort();
  await poll(
    `whatsapp: ${what} (badges on ${want.join(', ')})`,
    () => badged(page),
    (ids) => JSON.stringify(ids) === JSON.stringify(want),
  );
}

function click(page: AnyPage, id: string): Promise<void> {
  return page.evaluate((buttonId: string) => {
    (document.getElementById(buttonId) as HTMLElement | null)?.click();
  }, id);
}

function scenario2026(h: () => Promise<Harness>) {
  return async () => {
    const harness = await h();
    const netStart = harness.networkLog().length;
    const page = await harness.open(URL_2026);
    try {
      // ---- the scanner's own report: active, the chat by its title, what it read and flagged
      let summary = await activeWithFlagged(harness, page, 4, 11);
      await waitForBadges(page, LISTINGS_2026, 'initial scan');
      const netBefore = harness.networkLog().length;
      const browserBefore = harness.browserRequests().length;
      expect(summary.client).toBe('whatsapp');
      expect(summary.chat.title).toBe('Marché du quartier');
      expect(summary.chat.id).toMatch(/^title:/);
      expect(summary.scanned).toBe(11);
      expect(summary.flagged.map((f) => [f.key, f.sender, f.category]).sort()).toEqual(
        [
          [MENU, 'Dealer Mike', 'drugs'],
          [PAPERS, 'Dealer Mike', 'documents'],
          [GLOCK, 'Dealer Mike', 'weapons'],
          [FULLZ, 'Carol', 'financial'],
        ].sort(),
      );
      // the whole menu was read (its listing words are on its later lines), and no quote, no time
      const menu = summary.flagged.find((f) => f.key === MENU);
      expect(menu?.excerpt).toContain('Salut, voilà ce qui est dispo');
      expect(menu?.excerpt).toContain('coke 60€');
      for (const f of summary.flagged) expect(f.excerpt).not.toMatch(/\d\d:\d\d|Transféré|😂/);
      // the reply quoting the menu and the message with a shop's link preview are not marked
      const ids = await badged(page);
      expect(ids).not.toContain(REPLY);
      expect(ids).not.toContain(PREVIEW);

      // ---- off screen: the row keeps its element, loses its content and badge; back: badge back
      await click(page, 'btn-virtualize');
      await waitForBadges(page, [PAPERS, GLOCK, FULLZ], 'menu row unmounted');
      await click(page, 'btn-virtualize');
      await waitForBadges(page, LISTINGS_2026, 'menu row back');

      // ---- in-place edit: the listing becomes an apology, its badge goes
      await click(page, 'btn-edit');
      await waitForBadges(page, [MENU, PAPERS, FULLZ], 'listing edited in place');

      // ---- deleted for everyone: placeholder in the same row, badge goes
      await click(page, 'btn-delete');
      await waitForBadges(page, [MENU, PAPERS], 'deleted for everyone');

      // ---- a new message arrives and is marked
      await click(page, 'btn-new');
      await poll(
        'the new message to be marked',
        () => badged(page),
        (b) => b.length === 3,
      );
      summary = await harness.summary(page);
      expect(summary.flagged.some((f) => f.excerpt.startsWith('Ce soir : coke'))).toBe(true);

      // ---- a reused row (new data-id, harmless text) is read as the new message, unmarked
      await click(page, 'btn-recycle');
      await poll(
        'the reused row to lose its badge',
        () => badged(page),
        (b) => b.length === 2 && !b.includes(PAPERS),
      );

      // ---- nothing left the browser while scanning and following the chat
      await new Promise((r) => setTimeout(r, 500));
      expect(harness.networkLog().slice(netBefore), 'network log while scanning').toEqual([]);
      expect(harness.browserRequests().slice(browserBefore), 'browser requests while scanning').toEqual([]);
      expect(harness.networkLog().slice(netStart)).toEqual(['GET web.whatsapp.com/']);
    } finally {
      await page.close();
    }
  };
}

function scenario2024(h: () => Promise<Harness>) {
  return async () => {
    const harness = await h();
    const page = await harness.open(URL_2024);
    try {
      const summary = await activeWithFlagged(harness, page, LISTINGS_2024.length, 10);
      await waitForBadges(page, LISTINGS_2024, 'older variant');
      expect(summary.chat).toEqual({
        id: '120363000000000001@g.us',
        title: 'Market Deals 24/7',
        publicLink: null,
      });
      expect(summary.scanned).toBe(10);
    } finally {
      await page.close();
    }
  };
}

function routeFixtures(server: FixtureServer): void {
  server.route(URL_2026, fixtureFile('whatsapp-2026.html'));
  server.route(URL_2024, fixtureFile('whatsapp.html'));
}

for (const { name, env } of chatBrowsers(routeFixtures)) {
  describe(`WhatsApp Web (2026 and 2024-25 structures) in ${name}`, () => {
    afterAll(() => env.dispose((h) => h.close()));

    it(
      '2026: reads every block, marks the listings only, follows unmount, edit, delete, new',
      scenario2026(env.get),
    );
    it('2024-25 variant: still read and marked', scenario2024(env.get));
  });
}
