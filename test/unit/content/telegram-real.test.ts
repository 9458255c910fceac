// @vitest-environment happy-dom
/**
 * Telegram Web K and Web A on their real markup (telegram-k-2026.html, telegram-a-2026.html, built
 * from the clients' own code; see the evidence tags in each file) and on the older variants kept
 * next to them (telegram-k.html, telegram-a.html): exactly which messages are read, with which
 * text and sender, which are skipped and why, and which the real engine marks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { detectorFromSources } from '../../../scripts/lib/detector';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import { extractText } from '../../../src/content/text';
import { badges, type fakeDetector, loadFixture, loadFixtureFile, setup, waitFor } from './helpers';
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
    for (const mid of ['2011', '2019']) {
      const everything = extractText(document.querySelector(`[data-mid="${mid}"]`) as Element, '');
      expect(d.scan(everything).flagged, mid).toBe(true);
    }
    // 2010 (a parent's warning around a shop's link preview) and 2013 (a member telling a dealer to
    // post elsewhere, quoting his menu): the engine reads the words around the decoy as talk about
    // the trade (issue 14: "is it offered?" apart from "what is it?"), so here the decoy alone is what
    // is shown to be a listing.
    for (const [mid, part] of [
      ['2010', '.webpage'],
      ['2013', '.reply'],
    ] as const) {
      const decoy = document.querySelector(`[data-mid="${mid}"] ${part}`) as Element;
      expect(d.scan(extractText(decoy, '')).flagged, `${mid} ${part}`).toBe(true);
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

const A_CHAT = '-1001987654321';

describe('Telegram Web A, 2026 markup (telegram-a-2026.html)', () => {
  it('reads every text part that is the sender’s, and none that is not', () => {
    loadFixtureFile('telegram-a-2026.html');
    const { read, skipped, root } = readPage('telegram-a', A_CHAT);
    expect(root?.parentElement?.parentElement?.classList.contains('Transition_slide-active')).toBe(true);
    expect(read.map((m) => [m.id, m.text, m.sender, m.forwarded])).toEqual([
      [
        '3002',
        'Fresh coke and weed in stock today, prices in DM. Delivery all districts example.invalid/shop',
        'Dealer Mike',
        false,
      ],
      // forwarded: the name alone, not the forward avatar's initials ("JDJohn Doe")
      [
        '3010',
        'Permis B sans examen, enregistré en préfecture, livraison sous 48h. Contact @permis_rapide',
        'John Doe',
        true,
      ],
      // the shop's WebPage preview is not read
      ['3011', "Don't click this, it's a scam. shop-luxe.example/watches", 'Sarah', false],
      // nor the fact check inside .text-content (hashed class names only)
      ['3012', 'Bonjour à tous, voici le planning de la semaine.', 'Nina', false],
      // polls: question and options, not "Anonymous Poll", "No votes", percentages or buttons
      ['3013', 'Commande de la semaine ?\nWeed 10€/g\nCoke 60€/g\nMDMA 15€ la pill', null, false],
      ['3014', 'Quelle pizza samedi ?\nMargherita\n4 fromages\nRegina', 'Karim', false],
      // a code block is read, its language label and copy button are not
      ['3015', "Le script du bot :\nconsole.log('bonjour');", null, false],
      ['3016', 'Please take this somewhere else, this group is for the neighbourhood market.', 'Nina', false],
      [
        '3017',
        'Faux billets de 50€, qualité indétectable, 20% du prix. Contact Snap: billets_fr',
        null,
        false,
      ],
      // a blockquote in the sender's own text is the sender's
      ['3018', 'Ma liste de courses :\npain, lait, œufs', null, false],
      ['3019', 'Admins: please stop posting offers here.', null, false],
    ]);
    expect(read.every((m) => m.key === `${A_CHAT}:${m.id}`)).toBe(true);
    expect(skipped).toEqual([{ id: '3001', why: 'service' }]);
    // the sponsored message is a .Message without an id: never read as one
    expect(document.querySelector('.SponsoredMessage')?.matches('[data-message-id]')).toBe(false);
    // what the old sender selector read on a forward
    expect(document.querySelector('#message-3010 .message-title-name')?.textContent).toBe('JDJohn Doe');
  });

  it('the real engine marks the four listings and nothing else', () => {
    loadFixtureFile('telegram-a-2026.html');
    const s = start('telegram-a');
    s.scanner.flush();
    const summary = s.scanner.summary();
    expect(summary.chat.id).toBe(A_CHAT);
    expect(summary.chat.title).toBe('Market Deals 24/7');
    expect(summary.scanned).toBe(11);
    expect(flaggedIds(s)).toEqual(['3002', '3010', '3013', '3017']);
    expect(badgedIds('data-message-id')).toEqual(['3002', '3010', '3013', '3017']);
    expect(summary.flagged.find((f) => f.key.endsWith(':3010'))?.sender).toBe('John Doe');
  });

  it('reading the preview, the fact check or the quote would have flagged the ordinary messages', () => {
    const d = engine();
    loadFixtureFile('telegram-a-2026.html');
    for (const id of ['3011', '3012', '3016']) {
      const everything = extractText(document.getElementById(`message-${id}`) as Element, '');
      expect(d.scan(everything).flagged, id).toBe(true);
    }
  });
});

/**
 * Opening the replies of 3002 as Web A does: a new Transition slide (-to) slides in over the old
 * one (-from), with no -active slide until the animation ends; the thread's messages mount during
 * the animation; at the end only classes change. Each step is followed by the mutations' delivery
 * and a scanner pass.
 */
async function openThread(
  s: ReturnType<typeof start>,
): Promise<{ thread: Element; step(n: number, pass?: boolean): Promise<void> }> {
  const settle = () => new Promise((r) => setTimeout(r, 0));
  const transition = document.getElementById('messages-transition') as Element;
  const from = transition.querySelector(':scope > .Transition_slide-active') as Element;
  const slide = document.createElement('div');
  const list = document.createElement('div');
  list.className = 'MessageList custom-scroll with-default-bg is-animating';
  const loading = document.createElement('div');
  loading.className = 'Loading';
  list.append(loading);
  slide.append(list);
  const template = (id: string) =>
    (document.getElementById(id) as HTMLTemplateElement).content.cloneNode(true);
  const steps = [
    () => {
      s.location.hash = `#${A_CHAT}_3002`;
      slide.className = 'Transition_slide';
      transition.append(slide);
      from.classList.replace('Transition_slide-active', 'Transition_slide-from');
      slide.classList.add('Transition_slide-to');
    },
    () => list.replaceChildren(template('thread-template')),
    () => {
      const groups = list.querySelectorAll('.message-date-group');
      groups[groups.length - 1]?.append(template('thread-late-template'));
    },
    // the end of the animation: classes only
    () => {
      from.classList.replace('Transition_slide-from', 'Transition_slide-inactive');
      slide.classList.replace('Transition_slide-to', 'Transition_slide-active');
      list.classList.remove('is-animating');
    },
  ];
  return {
    thread: list,
    /** Applies step n; then a scanner pass, unless the scanner must find out by itself. */
    async step(n: number, pass = true) {
      steps[n]?.();
      await settle();
      if (pass) s.scanner.flush();
    },
  };
}

/** data-message-id of the badged messages inside `scope`. */
function badgedIn(scope: Element): string[] {
  return badges(scope)
    .map((h) => h.closest('[data-message-id]')?.getAttribute('data-message-id') ?? '?')
    .sort();
}

describe('Telegram Web A, a thread opening during its animation', () => {
  it('reads the messages mounted while the thread slides in', async () => {
    loadFixtureFile('telegram-a-2026.html');
    const s = start('telegram-a');
    s.scanner.flush();
    const { thread, step } = await openThread(s);
    await step(0);
    await step(1); // the thread's messages mount during the animation
    expect(document.querySelector('.Transition_slide-active')?.closest('#messages-transition')).toBeNull();
    expect(badgedIn(thread)).toEqual(['3002', '3101']);
    await step(2); // a reply arrives, still during the animation
    expect(badgedIn(thread)).toEqual(['3002', '3101', '3103']);
    await step(3);
    expect(badgedIn(thread)).toEqual(['3002', '3101', '3103']);
    const summary = s.scanner.summary();
    expect(summary.chat.id).toBe(A_CHAT); // a replies thread of the same chat: one summary
    expect(flaggedIds(s)).toEqual(['3002', '3010', '3013', '3017', '3101', '3103']);
    expect(summary.flagged.find((f) => f.key.endsWith(':3102'))).toBeUndefined();
  });

  it('catches the end of the animation when the root could not see the sliding list', async () => {
    // The root candidates before this change: during the animation they resolve to the old list,
    // so the thread's messages are filtered out; the end of the animation changes only classes.
    loadFixtureFile('telegram-a-2026.html');
    const site = BUILTIN_SITES['telegram-a'];
    const older = {
      ...site,
      root: [
        '.Transition_slide-active .MessageList .messages-container',
        '.MessageList .messages-container',
        '.MessageList',
        '#MiddleColumn',
      ],
    };
    const s = start('telegram-a', { site: older });
    s.scanner.flush();
    const { thread, step } = await openThread(s);
    await step(0);
    await step(1);
    await step(2);
    expect(badgedIn(thread)).toEqual([]); // what Web A users got: the thread unread
    // Let the passes the mutations above scheduled run out: nothing is pending any more.
    await new Promise((r) => setTimeout(r, 100));
    expect(badgedIn(thread)).toEqual([]);
    // Classes only, and no forced pass: the scanner must notice by itself that its root's
    // ancestors changed, resolve the root again and scan the list that is now shown.
    await step(3, false);
    await waitFor(() => badgedIn(thread).length === 3);
    expect(badgedIn(thread)).toEqual(['3002', '3101', '3103']);
    expect(flaggedIds(s)).toContain('3101');
  });

  it('going back to the chat reads the main list again', async () => {
    loadFixtureFile('telegram-a-2026.html');
    const s = start('telegram-a');
    s.scanner.flush();
    const { thread, step } = await openThread(s);
    for (const n of [0, 1, 2, 3]) await step(n);
    const transition = document.getElementById('messages-transition') as Element;
    const main = transition.querySelector(':scope > .Transition_slide-inactive') as Element;
    const threadSlide = thread.parentElement as Element;
    s.location.hash = `#${A_CHAT}`;
    threadSlide.classList.replace('Transition_slide-active', 'Transition_slide-from');
    main.classList.replace('Transition_slide-inactive', 'Transition_slide-to');
    await new Promise((r) => setTimeout(r, 0));
    s.scanner.flush();
    main.classList.replace('Transition_slide-to', 'Transition_slide-active');
    threadSlide.remove();
    await new Promise((r) => setTimeout(r, 0));
    s.scanner.flush();
    expect(badgedIn(main)).toEqual(['3002', '3010', '3013', '3017']);
  });
});

describe('Telegram Web A, older markup (telegram-a.html)', () => {
  it('reads the same way and the real engine marks its five listings', () => {
    loadFixture('telegram-a');
    const { read, skipped } = readPage('telegram-a', A_CHAT);
    expect(read.map((m) => m.id)).toEqual([
      '1202',
      '1210',
      '1211',
      '1220',
      '1221',
      '1223',
      '1224',
      '1226',
      '1212',
    ]);
    expect(skipped.map((m) => [m.id, m.why])).toEqual([
      ['1201', 'service'],
      ['1222', 'service'],
      ['1225', 'no text'],
    ]);
    const byId = new Map(read.map((m) => [m.id, m]));
    expect(byId.get('1211')?.sender).toBe('Wholesale Channel');
    expect(byId.get('1211')?.forwarded).toBe(true);
    expect(byId.get('1224')?.text).toBe('Glock 19 and ammo available, no papers needed, meet in person');
    const s = start('telegram-a');
    s.scanner.flush();
    expect(s.scanner.summary().scanned).toBe(9);
    expect(flaggedIds(s)).toEqual(['1202', '1211', '1220', '1223', '1224']);
  });
});
