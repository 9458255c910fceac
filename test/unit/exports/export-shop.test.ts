/**
 * "This chat looks like a shop" on a whole exported chat (issue 15): the export checker's scan core
 * gives, in 'done', the same chat-level verdict as the content script's tally gives for the same
 * messages read in a page; whatever the export format; a family group with one flagged message is
 * not a shop; the time range is the listings' (re-dated when WhatsApp settles its day order at
 * the end); nothing is computed when it is not asked for.
 */
import { describe, expect, it } from 'vitest';
import { bundleAndDetector } from '../../../scripts/lib/detector';
import { ChatTally, messageFacts } from '../../../src/engine';
import { bytesSource } from '../../../src/exports/byte-source';
import type { ScanEvent } from '../../../src/exports/scan-events';
import { type ScanCoreOptions, scanChatExport } from '../../../src/exports/scan-stream';
import type { ShopSummary } from '../../../src/shared/messages';
import { shopSummaryOf } from '../../../src/shared/shop-summary';

const { bundle, detector } = bundleAndDetector();
const section = bundle.chat;
if (!section) throw new Error('the bundle has no chat section');
const chat = { section, explain: (key: string) => detector.explanation(key) };

/** The shop channel of the e2e fixture (test/fixtures/sites/chat-builder.js), one post a day. */
const SHOP = [
  'Bienvenue sur la vitrine 🔥 nouveautés chaque jour',
  '🍫 Jaune mousseux 10€ le g, livraison 7j/7, commande en DM',
  '🥦 Amnesia dispo, 12€ le g, min 5g',
  'Horaires : 14h-2h, livraison Paris et petite couronne',
  '❄️ Coke 70 le gramme, qualité top, discret',
  'Cali US 🇺🇸 15€/g, envoi rapide, snap en bio',
  'Promo du week-end : 3 pochons achetés = 1 offert',
  'Résine marocaine 6€ le g, quantités dispo, passez en pv',
  'Ecsta 10 l’unité, MD 40 le g',
  'Merci pour vos retours 🙏',
  'Kush 10€ le g, dispo ce soir, commande en DM',
  'Plaquettes de 100 dispo pour les revendeurs, contact snap',
];

const FAMILY: [string, string][] = [
  ['Mamie', 'Qui vient au repas de dimanche ?'],
  ['Paul', 'Moi ! je ramène le dessert'],
  ['Julie', 'On sera là vers midi'],
  ['Mamie', 'Parfait, je fais un gigot'],
  ['Paul', 'Quelqu’un a le numéro du plombier ?'],
  ['Tonton Marc', 'Vends beuh 10€ le g, livraison, commande en DM'],
  ['Julie', 'Marc ?? c’est quoi ce message'],
  ['Tonton Marc', 'Désolé, mauvais groupe, mon téléphone a été piraté'],
  ['Mamie', 'Bon, dimanche midi alors'],
  ['Paul', 'À dimanche'],
];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A WhatsApp Android export (French), day `start + i` of `month` for message i, at 10:00. Days
 * from 13 on tell the day/month order (with days up to 12 only, the dates stay unknown).
 */
function whatsApp(messages: [string, string][], month = 11, start = 13): Uint8Array {
  const lines = messages.map(
    ([from, text], i) => `${pad(start + i)}/${pad(month)}/2026 10:00 - ${from}: ${text}`,
  );
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

function telegramJson(name: string, messages: [string, string][]): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      name,
      type: 'public_channel',
      id: 1555000111,
      messages: messages.map(([from, text], i) => ({
        id: i + 1,
        type: 'message',
        date: `2026-11-${pad(i + 1)}T10:00:00`,
        date_unixtime: String(Date.UTC(2026, 10, i + 1, 10) / 1000),
        from,
        from_id: 'channel1555000111',
        text,
        text_entities: [{ type: 'plain', text }],
      })),
    }),
  );
}

async function done(
  name: string,
  bytes: Uint8Array,
  options: Partial<ScanCoreOptions> = { chat },
): Promise<Extract<ScanEvent, { type: 'done' }>> {
  const events: ScanEvent[] = [];
  let clock = 0;
  await scanChatExport([bytesSource(name, bytes)], { detector, now: () => clock++, ...options }, (e) =>
    events.push(e),
  );
  const last = events.at(-1);
  if (last?.type !== 'done') throw new Error(`no done event: ${JSON.stringify(last)}`);
  return last;
}

/**
 * What the content script's tally says for the same messages read one by one in a page, message i
 * shown at `timeOf(i)`.
 */
function inPage(texts: string[], timeOf: (i: number) => number | null = () => null): ShopSummary | null {
  const tally = new ChatTally(section as NonNullable<typeof section>);
  texts.forEach((text, i) => {
    tally.observe(`m${i}`, messageFacts(detector.scan(text, { evidence: true })), timeOf(i));
  });
  if (!tally.decision().shop) return null;
  return shopSummaryOf(tally.verdict(), section as NonNullable<typeof section>, chat.explain);
}

const shopRows = SHOP.map((text): [string, string] => ['Vitrine Premium', text]);

describe('the chat-level verdict on a whole export', () => {
  it('a shop channel exported from WhatsApp: the same verdict as in the page, with its time range', async () => {
    const end = await done('Discussion WhatsApp avec Vitrine Premium.txt', whatsApp(shopRows));
    // The page shows message i on day 13 + i at 10:00, local time, as WhatsApp writes it.
    const page = inPage(SHOP, (i) => new Date(2026, 10, 13 + i, 10, 0).getTime());
    expect(page).not.toBeNull();
    expect(end.shop).not.toBeNull();
    const shop = end.shop as ShopSummary;
    expect(shop.categories[0]).toBe('drugs');
    expect(shop.read).toBe(SHOP.length);
    // Same categories, counts, reasons and listings' time range as the page's verdict.
    expect(shop).toEqual(page);
    expect(shop.listings).toBeGreaterThanOrEqual(6);
    expect(shop.reasons.length).toBeGreaterThanOrEqual(2);
    expect(shop.firstTime).not.toBeNull();
    expect(shop.lastTime).toBeGreaterThan(shop.firstTime as number);
  });

  it('the same channel exported from Telegram (result.json): the same verdict', async () => {
    const wa = await done('Discussion WhatsApp avec Vitrine Premium.txt', whatsApp(shopRows));
    const tg = await done('result.json', telegramJson('Vitrine Premium', shopRows));
    expect(tg.shop).not.toBeNull();
    const strip = (s: ShopSummary | null | undefined) => s && { ...s, firstTime: 0, lastTime: 0 };
    expect(strip(tg.shop)).toEqual(strip(wa.shop));
    const page = inPage(SHOP, (i) => Date.UTC(2026, 10, i + 1, 10));
    expect(tg.shop?.firstTime).toBe(page?.firstTime);
    expect(tg.shop?.lastTime).toBe(page?.lastTime);
  });

  it('a family group with one flagged message is not a shop', async () => {
    const end = await done('Discussion WhatsApp avec Famille Martin.txt', whatsApp(FAMILY));
    expect(end.flagged).toBe(1);
    expect(end.shop).toBeNull();
    expect(inPage(FAMILY.map(([, text]) => text))).toBeNull();
  });

  it('listings mixed into ordinary talk (the same group read as a page and as an export): same verdict', async () => {
    // 30 messages, one a day in January: the family's talk, a shop post after every other line.
    const rows: [string, string][] = [];
    for (let i = 0; i < 20; i++) {
      rows.push(FAMILY[i % FAMILY.length] as [string, string]);
      if (i % 2 === 0) rows.push(shopRows[(i / 2) % shopRows.length] as [string, string]);
    }
    const end = await done('Discussion WhatsApp avec Groupe.txt', whatsApp(rows, 1, 1), {
      chat,
      dayFirst: true,
    });
    expect(end.messages).toBe(rows.length);
    const page = inPage(
      rows.map(([, t]) => t),
      (i) => new Date(2026, 0, 1 + i, 10, 0).getTime(),
    );
    expect(page?.categories[0]).toBe('drugs');
    expect(end.shop).toEqual(page);
  });

  it('WhatsApp dates settled only at the end: the range is re-dated with the order finally known', async () => {
    // Days 1 to 12 of month 3 read either way until the last line (25/03) says day first.
    const rows = [...shopRows, ['Vitrine Premium', 'Merci à tous, à demain'] as [string, string]];
    const lines = rows.map(([from, text], i) => {
      const day = i === rows.length - 1 ? 25 : i + 1;
      return `${pad(day)}/03/2026 10:00 - ${from}: ${text}`;
    });
    const end = await done(
      'Discussion WhatsApp avec Vitrine Premium.txt',
      new TextEncoder().encode(lines.join('\n')),
    );
    // Day first, as the last line says: message i on i + 1 March (month first would be January to
    // December), the range as the page's tally gives it with those dates.
    const page = inPage(
      rows.map(([, text]) => text),
      (i) => new Date(2026, 2, i === rows.length - 1 ? 25 : i + 1, 10, 0).getTime(),
    );
    expect(end.shop?.firstTime).toBe(page?.firstTime);
    expect(end.shop?.lastTime).toBe(page?.lastTime);
    expect(end.shop?.firstTime).toBeGreaterThanOrEqual(new Date(2026, 2, 1).getTime());
    expect(end.shop?.lastTime).toBeLessThanOrEqual(new Date(2026, 2, 12, 10).getTime());
  });

  it('not asked for (the setting off, or rules without a chat section): no verdict at all', async () => {
    const end = await done('Discussion WhatsApp avec Vitrine Premium.txt', whatsApp(shopRows), {});
    expect('shop' in end).toBe(false);
    // And the messages are flagged exactly as with it.
    const withVerdict = await done('Discussion WhatsApp avec Vitrine Premium.txt', whatsApp(shopRows));
    expect(end.flagged).toBe(withVerdict.flagged);
  });
});
