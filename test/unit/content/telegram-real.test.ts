// @vitest-environment happy-dom
/**
 * Telegram Web K and Web A on their real markup (telegram-k-2026.html, telegram-a-2026.html, built
 * from the clients' own code; see the evidence tags in each file) and on the older variants kept
 * next to them (telegram-k.html, telegram-a.html): exactly which messages are read, with which
 * text and sender, which are skipped and why, and which the real engine marks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { detectorFromSources } from '../../../scripts/lib/detector';
import { extractText } from '../../../src/content/text';
import { badges, type fakeDetector, loadFixture, loadFixtureFile, setup } from './helpers';
import { readPage } from './read-page';

const K_PEER = '-1987654321';

const cleanups: AbortController[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.abort();
});

/** The real engine, built from rules/ as `rules:build` builds the bundle. */
const engine = (() => {
  const d = detectorFromSources();
  return (): ReturnType<typeof fakeDetector> => Object.assign(Object.create(d), { calls: [] as string[] });
})();

function start(client: Parameters<typeof setup>[0], opts: Parameters<typeof setup>[1] = {}) {
  const s = setup(client, { detector: engine(), ...opts });
  cleanups.push(s.controller);
  return s;
}

/** The id attribute of every message element that carries a badge, outermost message only. */
function badgedIds(attr: string): string[] {
  return badges()
    .map((host) => {
      let msg = host.closest(`[${attr}]`);
      while (msg?.parentElement?.closest(`[${attr}]`)) msg = msg.parentElement.closest(`[${attr}]`);
      return msg?.getAttribute(attr) ?? '?';
    })
    .sort();
}

function flaggedIds(s: ReturnType<typeof start>): string[] {
  return s.scanner
    .summary()
    .flagged.map((f) => f.key.split(':')[1] as string)
    .sort();
}

describe('Telegram Web K, 2026 markup (telegram-k-2026.html)', () => {
  it('skips the empty bubbles-remover decoy that comes first in the page', () => {
    loadFixtureFile('telegram-k-2026.html');
    const decoy = document.querySelector('.chat.active .bubbles-inner');
    // The old root candidate resolved to this: it is the animation layer, and holds no message.
    expect(decoy?.classList.contains('bubbles-remover')).toBe(true);
    expect(decoy?.querySelector('[data-mid]')).toBeNull();
    const { root, messageSelector } = readPage('telegram-k', K_PEER);
    expect(root?.classList.contains('bubbles-remover')).toBe(false);
    expect(root?.parentElement?.classList.contains('bubbles-scrollable')).toBe(true);
    expect(messageSelector).toBe("[role='article'][data-mid]");
  });

  it('reads every text part that is the sender’s, and none that is not', () => {
    loadFixtureFile('telegram-k-2026.html');
    const { read, skipped } = readPage('telegram-k', K_PEER);
    expect(read.map((m) => [m.id, m.text, m.sender, m.forwarded])).toEqual([
      [
        '2002',
        'Fresh coke and weed in stock today, prices in DM. Delivery all districts example.invalid/shop',
        'Dealer Mike',
        false,
      ],
      // the shop's link preview (name, title, description, button) is not read
      [
        '2010',
        "Attention les parents : ne cliquez pas sur ce lien, c'est une arnaque. Je l'ai signalé. shop-luxe.example/montres",
        'Maman de Léo',
        false,
      ],
      // nor the fact check under a message
      ['2011', 'Bonjour à tous, voici le planning de la semaine.', 'Nina', false],
      // the code block is read, its header ("JavaScript", buttons) is not
      ['2012', "Le script du bot, pour ceux qui demandaient :\nconsole.log('bonjour');", null, false],
      // reply quotes, before .message and inside it, are the quoted message's words
      ['2013', 'Merci de poster ça ailleurs, ce groupe est pour le marché du quartier.', 'Karim', false],
      ['2014', "C'est pas ici pour ça.", null, false],
      // emoji-only: the text is in .attachment, .message is gone (2015) or empty (2016)
      ['2015', '💊🍁❄️', null, false],
      ['2016', '🍁🍁', null, false],
      [
        '2017',
        'Permis B sans examen, enregistré en préfecture, livraison sous 48h. Contact @permis_rapide',
        null,
        false,
      ],
      // forwarded: the origin's name, without the avatar's initials ("WC")
      [
        '2018',
        'Faux billets de 50€, qualité indétectable, 20% du prix. Contact Snap: billets_fr',
        'Wholesale Channel',
        true,
      ],
      // the sponsored bubble nested in this one is not part of its text
      ['2019', 'Qui vient samedi ?', 'Nina', false],
      ['2020', 'Glock 19 et munitions dispo, sans papiers, remise en main propre', null, false],
      // a poll: question and options, not its UI strings ("Sondage anonyme", "Aucun vote")
      ['2024', 'Commande de la semaine ?\nWeed 10€/g\nCoke 60€/g\nMDMA 15€ la pill', 'Dealer Mike', false],
      [
        '2025',
        'Le marché de samedi est annulé à cause de la pluie, on se retrouve dimanche 😊',
        'Nina',
        false,
      ],
      ['2026', 'Admins: please stop posting offers here.', null, false],
    ]);
    expect(read.every((m) => m.key === `${K_PEER}:${m.id}`)).toBe(true);
    expect(skipped).toEqual([
      { id: '2001', why: 'service' },
      { id: '-1', why: 'nested in another message' }, // the sponsored bubble inside 2019
      { id: '2023', why: 'service' },
    ]);
    // date bubbles, their fake twins, sticky sentinels and thread separators are never messages;
    // album items carry data-mid but no role: they are parts of their bubble
    const ids = new Set([...read, ...skipped].map((m) => m.id));
    expect(ids.size).toBe(read.length + skipped.length);
    expect(document.querySelectorAll('.is-date').length).toBe(4);
    expect(document.querySelectorAll('.grouped-item[data-mid]:not([role])').length).toBe(3);
  });

  it('the real engine marks the five listings and nothing else', () => {
    loadFixtureFile('telegram-k-2026.html');
    const s = start('telegram-k');
    s.scanner.flush();
    const summary = s.scanner.summary();
    expect(summary.state).toBe('active');
    expect(summary.chat).toEqual({ id: K_PEER, title: 'Market Deals 24/7', publicLink: null });
    expect(summary.scanned).toBe(15);
    expect(flaggedIds(s)).toEqual(['2002', '2017', '2018', '2020', '2024']);
    expect(badgedIds('data-mid')).toEqual(['2002', '2017', '2018', '2020', '2024']);
    const forwarded = summary.flagged.find((f) => f.key.endsWith(':2018'));
    expect(forwarded?.sender).toBe('Wholesale Channel');
    // each badge sits in its own bubble's content, never in the nested sponsored bubble
    for (const host of badges())
      expect(host.closest('.bubble')?.classList.contains('is-sponsored')).toBe(false);
  });

  it('reading the preview, the fact check or the quote would have flagged the ordinary messages', () => {
    // The decoys are real: the words around each ordinary message do make a listing for the engine.
    const d = engine();
    loadFixtureFile('telegram-k-2026.html');
    for (const mid of ['2010', '2011', '2013', '2019']) {
      const everything = extractText(document.querySelector(`[data-mid="${mid}"]`) as Element, '');
      expect(d.scan(everything).flagged, mid).toBe(true);
    }
  });

  it('follows in-place edits, the data-mid rename on send, rebuilt nodes and streamed text', async () => {
    loadFixtureFile('telegram-k-2026.html');
    const s = start('telegram-k');
    s.scanner.flush();
    const settle = () => new Promise((r) => setTimeout(r, 0));

    // updateSolidMessageBody: the listing's text changes in the same node
    const body = document.querySelector('[data-mid="2002"] .message > div > span') as Element;
    body.textContent = 'désolé, mauvais groupe, ignorez';
    await settle();
    s.scanner.flush();
    expect(flaggedIds(s)).toEqual(['2017', '2018', '2020', '2024']);
    expect(document.querySelector('[data-mid="2002"] [data-vigie-badge]')).toBeNull();

    // sending: a temporary mid, then the server mid on the same element
    const section = document.querySelectorAll('.bubbles-scrollable section.bubbles-date-group')[1] as Element;
    const sent = (document.querySelector('[data-mid="2026"]') as Element).cloneNode(true) as HTMLElement;
    sent.dataset.mid = '2026.0001';
    (sent.querySelector('.message > div > span') as Element).textContent =
      'Weed 10€/g, coke 60€/g, livraison 7j/7, DM @plug_paris';
    section.append(sent);
    await settle();
    s.scanner.flush();
    expect(flaggedIds(s)).toContain('2026.0001');
    sent.dataset.mid = '2027';
    await settle();
    s.scanner.flush();
    expect(flaggedIds(s)).toContain('2027');
    expect(flaggedIds(s)).not.toContain('2026.0001');

    // a structural edit: a new node with the same mid replaces the old one
    const old = document.querySelector('[data-mid="2017"]') as HTMLElement;
    const rebuilt = old.cloneNode(true) as HTMLElement;
    (rebuilt.querySelector('.message > div > span') as Element).textContent = 'rien à vendre ici';
    old.replaceWith(rebuilt);
    await settle();
    s.scanner.flush();
    expect(flaggedIds(s)).not.toContain('2017');

    // a bot's message streamed in place, word by word
    const bot = (document.querySelector('[data-mid="2025"]') as Element).cloneNode(true) as HTMLElement;
    bot.dataset.mid = '2028';
    const span = bot.querySelector('.message > div > span') as Element;
    span.textContent = 'Menu';
    section.append(bot);
    for (const word of 'du jour : weed 10€/g, coke 60€/g, livraison 7j/7, commande en DM'.split(' ')) {
      await settle();
      s.scanner.flush();
      span.append(` ${word}`);
    }
    await settle();
    s.scanner.flush();
    expect(flaggedIds(s)).toContain('2028');
    expect(bot.querySelector('[data-vigie-badge]')).not.toBeNull();
  });
});

describe('Telegram Web K, older markup (telegram-k.html)', () => {
  it('reads the same way: no remover, no role, previews inside .message', () => {
    loadFixture('telegram-k');
    const { read, skipped, messageSelector } = readPage('telegram-k', K_PEER);
    expect(messageSelector).toBe('[data-mid][data-peer-id]');
    expect(read.map((m) => m.id)).toEqual([
      '1202',
      '1210',
      '1211',
      '1220',
      '1221',
      '1223',
      '1227',
      '1228',
      '1212',
    ]);
    expect(skipped.map((m) => [m.id, m.why])).toEqual([
      ['1201', 'service'],
      ['1222', 'service'],
      ['1224', 'no text'],
      ['1225', 'nested in another message'],
      ['1226', 'nested in another message'],
      ['1227', 'nested in another message'],
    ]);
    const byId = new Map(read.map((m) => [m.id, m]));
    // the older link preview (a.webpage with its name/title/text) is not the sender's either
    expect(byId.get('1211')?.text).toBe(
      'Fullz with CVV, fresh dumps+pin and bank logs in stock, price list at the link',
    );
    expect(byId.get('1211')?.sender).toBe('Wholesale Channel');
    expect(byId.get('1221')?.text).toBe(
      'Please take this somewhere else, this group is for the neighbourhood market.',
    );
  });

  it('the real engine marks its five listings', () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    expect(s.scanner.summary().scanned).toBe(9);
    expect(flaggedIds(s)).toEqual(['1202', '1211', '1220', '1223', '1227']);
    expect(badgedIds('data-mid')).toEqual(['1202', '1211', '1220', '1223', '1227']);
  });
});
