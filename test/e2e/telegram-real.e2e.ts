/**
 * Telegram Web K and Web A on their real 2026 markup (test/fixtures/sites/telegram-*-2026.html),
 * in real Chromium and Firefox ESR at the real origins, with the built extension and the real
 * engine: the listings are marked and nothing else (previews, fact checks, quotes, code headers
 * and poll UI strings are not read); K's empty bubbles-remover decoy does not hide the list;
 * in-place edits, the data-mid rename on send and streamed text are followed; on A, a thread that
 * slides in (no Transition_slide-active until its animation ends) is read, and so is the chat
 * again after going back.
 *
 * Scanner state is read through the content script's summary (tabs.sendMessage
 * 'popup-cs/get-summary', as the popup does), never through page attributes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { TabSummary } from '../../src/shared/messages';
import { FIXTURE_URLS, type FixtureServer, fixtureFile, lazy, startFixtureServer } from './support';
import {
  type ChatHarness,
  type ChatPage,
  chromiumChatHarness,
  firefoxChatHarness,
  poll,
} from './support/chat-harness';

/** The chat pages are real pages: they can be clicked too. */
type Page = ChatPage & { click(selector: string): Promise<void> };

const K_LISTINGS = ['2002', '2017', '2018', '2020', '2024'];
const A_LISTINGS = ['3002', '3010', '3013', '3017'];

/** Serves the 2026 fixtures at the real Telegram paths (replacing the older variants). */
async function serveRealFixtures(): Promise<FixtureServer> {
  const server = await startFixtureServer();
  server.route(FIXTURE_URLS['telegram-k'], fixtureFile('telegram-k-2026.html'), { prefix: true });
  server.route(FIXTURE_URLS['telegram-a'], fixtureFile('telegram-a-2026.html'), { prefix: true });
  return server;
}

/**
 * Ids (by `attr`) of the messages inside `scope` that carry a badge, outermost message only.
 * `scope` is a selector; the whole document when it matches nothing.
 */
function badgedIds(page: ChatPage, attr: string, scope = 'body'): Promise<string[]> {
  return page.evaluate(
    (arg: { attr: string; scope: string }) => {
      const root = document.querySelector(arg.scope) ?? document.body;
      const ids: string[] = [];
      for (const host of root.querySelectorAll('[data-vigie-badge]')) {
        let msg = host.closest(`[${arg.attr}]`);
        while (msg?.parentElement?.closest(`[${arg.attr}]`)) msg = msg.parentElement.closest(`[${arg.attr}]`);
        ids.push(msg?.getAttribute(arg.attr) ?? '?');
      }
      return ids.sort();
    },
    { attr, scope },
  );
}

function flaggedIds(summary: TabSummary): string[] {
  return summary.flagged.map((f) => f.key.split(':')[1] ?? f.key).sort();
}

/** Nothing but the chat pages themselves reaches the (fixture) network while Vigie reads them. */
const notAChatPage = (entry: string) =>
  entry !== 'GET web.telegram.org/k/' && entry !== 'GET web.telegram.org/a/';

const same = (want: string[]) => (ids: string[]) => JSON.stringify(ids) === JSON.stringify([...want].sort());

function telegramK(h: () => Promise<ChatHarness>) {
  return async () => {
    const harness = await h();
    const page = (await harness.open(FIXTURE_URLS['telegram-k'])) as Page;
    try {
      // initial scan, seen from the summary the popup gets
      let summary = await poll(
        'K: the summary lists the five listings',
        () => harness.summary(page),
        (s) => s.state === 'active' && same(K_LISTINGS)(flaggedIds(s)),
      );
      expect(summary.client).toBe('telegram-k');
      expect(summary.chat).toEqual({ id: '-1987654321', title: 'Market Deals 24/7', publicLink: null });
      expect(summary.scanned).toBe(15);
      expect(summary.flagged.find((f) => f.key.endsWith(':2018'))?.sender).toBe('Wholesale Channel');
      await poll('K: badges on the listings', () => badgedIds(page, 'data-mid'), same(K_LISTINGS));
      // the decoy layer that comes first holds no badge, and neither does the sponsored bubble
      const decoys = await page.evaluate(
        () => ({
          remover: document.querySelectorAll('.bubbles-remover [data-vigie-badge]').length,
          sponsored: document.querySelectorAll('.is-sponsored [data-vigie-badge]').length,
        }),
        null,
      );
      expect(decoys).toEqual({ remover: 0, sponsored: 0 });

      await page.click('#btn-new'); // 2027: a listing appended
      await poll('K: appended listing', () => badgedIds(page, 'data-mid'), same([...K_LISTINGS, '2027']));
      await page.click('#btn-edit'); // 2027 edited in place (updateSolidMessageBody)
      await poll('K: in-place edit', () => badgedIds(page, 'data-mid'), same(K_LISTINGS));
      await page.click('#btn-send'); // temporary mid renamed to the server mid on the same node
      await poll(
        'K: sent message renamed',
        () => page.evaluate(() => document.querySelectorAll('.bubble[data-mid="2028"]').length, null),
        (n) => n === 1,
      );
      await page.click('#btn-stream'); // 2029: a bot's message growing word by word
      await poll('K: streamed listing', () => badgedIds(page, 'data-mid'), same([...K_LISTINGS, '2029']));
      await page.click('#btn-edit-rebuild'); // 2029 rebuilt as a new node with ordinary text
      await poll('K: rebuilt node', () => badgedIds(page, 'data-mid'), same(K_LISTINGS));
      // The old node's badge goes with the node; the summary changes once the new node is read.
      summary = await poll(
        'K: the summary forgets the rebuilt listing',
        () => harness.summary(page),
        (s) => same(K_LISTINGS)(flaggedIds(s)),
      );
      expect(summary.flagged.some((f) => f.key.includes('.'))).toBe(false);
      expect(harness.networkLog().filter(notAChatPage), 'requests other than the chat pages').toEqual([]);
    } finally {
      await page.close();
    }
  };
}

function telegramA(h: () => Promise<ChatHarness>) {
  return async () => {
    const harness = await h();
    const page = (await harness.open(FIXTURE_URLS['telegram-a'])) as Page;
    const shown = '#messages-transition > .Transition_slide-active';
    try {
      let summary = await poll(
        'A: the summary lists the four listings',
        () => harness.summary(page),
        (s) => s.state === 'active' && same(A_LISTINGS)(flaggedIds(s)),
      );
      expect(summary.chat.id).toBe('-1001987654321');
      expect(summary.scanned).toBe(11);
      expect(summary.flagged.find((f) => f.key.endsWith(':3010'))?.sender).toBe('John Doe');
      await poll('A: badges on the listings', () => badgedIds(page, 'data-message-id'), same(A_LISTINGS));

      // the replies thread of 3002 slides in; its messages mount during the animation
      await page.click('#btn-open-thread');
      await poll(
        'A: the thread is shown and read',
        () =>
          page.evaluate(
            (sel: string) =>
              document.querySelector(sel)?.querySelector('#message-3101') ? location.hash : 'not shown yet',
            shown,
          ),
        (hash) => hash === '#-1001987654321_3002',
      );
      await poll(
        'A: badges in the thread',
        () => badgedIds(page, 'data-message-id', shown),
        same(['3002', '3101', '3103']),
      );
      summary = await harness.summary(page);
      expect(flaggedIds(summary)).toEqual([...A_LISTINGS, '3101', '3103'].sort());

      // back to the chat: the main list is shown again and still marked
      await page.click('#btn-close-thread');
      await poll(
        'A: back in the chat',
        () => page.evaluate(() => document.querySelectorAll('#messages-transition > div').length, null),
        (n) => n === 1,
      );
      await poll('A: badges in the chat', () => badgedIds(page, 'data-message-id', shown), same(A_LISTINGS));

      await page.click('#btn-new'); // 3020
      await poll(
        'A: appended listing',
        () => badgedIds(page, 'data-message-id', shown),
        same([...A_LISTINGS, '3020']),
      );
      await page.click('#btn-edit'); // edited in place
      await poll('A: in-place edit', () => badgedIds(page, 'data-message-id', shown), same(A_LISTINGS));
      await page.click('#btn-send'); // local id → server id on the same node
      await poll(
        'A: local id renamed',
        () => page.evaluate(() => document.querySelectorAll('#message-3021').length, null),
        (n) => n === 1,
      );
      summary = await harness.summary(page);
      expect(summary.flagged.some((f) => f.key.includes('.'))).toBe(false);
      expect(harness.networkLog().filter(notAChatPage), 'requests other than the chat pages').toEqual([]);
    } finally {
      await page.close();
    }
  };
}

const BROWSERS = [
  ['Chromium', chromiumChatHarness],
  ['Firefox', firefoxChatHarness],
] as const;

for (const [name, launch] of BROWSERS) {
  describe(`Telegram real markup in ${name}`, () => {
    const env = lazy(async () => {
      const server = await serveRealFixtures();
      try {
        return await launch(server);
      } catch (error) {
        await server.close();
        throw error;
      }
    });
    afterAll(() => env.dispose((h) => h.close()));

    it('Telegram K: reads the 2026 markup, decoys and all', telegramK(env.get));
    it('Telegram A: reads the 2026 markup and a thread sliding in', telegramA(env.get));
  });
}
