// @vitest-environment happy-dom
/**
 * WhatsApp Web on its real structure (test/fixtures/sites/whatsapp-2026.html, sources in its
 * header and in docs/selectors.md) and on the older 2024-25 variant (whatsapp.html), through the
 * adapter and through the real scanner with the real rule set: which messages are read, their
 * full text (every block of a formatted message), sender and time, which rows are skipped and
 * why, and which are marked. WhatsApp rolls layouts out gradually: both variants must hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compileSelectors } from '../../../src/content/selectors';
import { ADAPTERS } from '../../../src/content/sites';
import type { Extracted } from '../../../src/content/sites/adapter';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import { hashText } from '../../../src/content/text';
import { realRules } from '../engine/helpers';
import { badges, loadFixtureFile as load, type Setup, settle, setup } from './helpers';

const sel = () => compileSelectors(BUILTIN_SITES.whatsapp, document);

interface Read {
  id: string;
  text: string;
  sender: string | null;
  skipped: 'service' | 'no text' | null;
}

/** Every message element of the open chat as the scanner finds them, through the adapter. */
function readAll(): Read[] {
  const s = sel();
  const root = s.root.map((c) => document.querySelector(c)).find(Boolean) as Element;
  const selector = s.message.find((c) => root.querySelector(c)) as string;
  return Array.from(root.querySelectorAll(selector))
    .filter((el) => !el.parentElement?.closest(selector))
    .map((el) => ADAPTERS.whatsapp.extract(el, s, null))
    .filter((x): x is Extracted => x !== null)
    .map((m) => ({
      id: m.key,
      text: m.text,
      sender: m.isService ? null : m.sender,
      skipped: m.isService ? 'service' : m.text === '' ? 'no text' : null,
    }));
}

const ID = (n: string) => `3EB0C0FFEE00000000A0${n}`;
const MENU =
  'Salut, voilà ce qui est dispo cette semaine :\n• beuh 10€ le g\n• coke 60€ le g\n• MDMA 15€ la pill 💊\nLivraison 7j/7, DM @plug_paris';
const PAPERS =
  'Papiers dispo, sérieux uniquement :\n1. permis B sans examen 900€\n2. carte grise\n3. fiche de paie\npaiement à la livraison';
const GLOCK = 'Glock 19 + munitions dispo, sans papiers, RDV en main propre';
const FULLZ = 'Fullz avec CVV, logs bancaires frais, liste des prix en MP';

let current: Setup | null = null;
function scan(file: string, transform?: (html: string) => string): Setup {
  load(file, transform);
  current = setup('whatsapp', { detector: realRules().detector as never });
  current.scanner.flush();
  return current;
}
afterEach(() => {
  current?.controller.abort();
  current = null;
});

/** The own text of each marked message (the badge sits in its [data-pre-plain-text] block). */
function markedIds(): string[] {
  return badges()
    .map((b) => b.closest('[data-id]')?.getAttribute('data-id') ?? '?')
    .sort();
}

function row(id: string): Element {
  return document.querySelector(`[data-id="${id}"]`) as Element;
}

describe('WhatsApp 2026 structure: reading', () => {
  it('reads every message completely, from data-pre-plain-text its sender, and skips the rest with a reason', () => {
    load('whatsapp-2026.html');
    expect(readAll()).toEqual([
      { id: '3EB0A1000000000000E2E1', text: '', sender: null, skipped: 'service' },
      { id: '3EB0A1000000000000B0B1', text: '', sender: null, skipped: 'service' },
      // every block of the bulleted menu, not only its first line
      { id: ID('01'), text: MENU, sender: 'Dealer Mike', skipped: null },
      // a numbered list and a quote block
      { id: ID('02'), text: PAPERS, sender: 'Dealer Mike', skipped: null },
      // the reply's own words, none of the quoted menu
      {
        id: ID('03'),
        text: "Merci de poster ça ailleurs, ce groupe c'est pour le marché du samedi.",
        sender: 'Nina',
        skipped: null,
      },
      // the sender's words and link, none of the preview's title or description
      {
        id: ID('04'),
        text: 'Regardez cet article sur les arnaques du moment https://example.invalid/article',
        sender: 'Alice',
        skipped: null,
      },
      // no reaction, no time
      { id: ID('05'), text: GLOCK, sender: 'Dealer Mike', skipped: null },
      // no "Transféré" label
      { id: ID('06'), text: FULLZ, sender: 'Carol', skipped: null },
      {
        id: ID('07'),
        text: "Nouvel arrivage, -10% aujourd'hui seulement. Écris-moi pour le menu",
        sender: 'Dealer Mike',
        skipped: null,
      },
      // deleted for everyone
      { id: ID('08'), text: '', sender: null, skipped: 'service' },
      // a photo without caption, then an off-screen row whose content is unmounted
      { id: ID('09'), text: '', sender: null, skipped: 'service' },
      { id: ID('0A'), text: '', sender: null, skipped: 'service' },
      {
        id: ID('0B'),
        text: 'Le marché de samedi est annulé à cause de la pluie, on se retrouve dimanche 😊',
        sender: 'Nina',
        skipped: null,
      },
      // a mention is read once, with its message
      { id: ID('0C'), text: '@Jordan on se voit samedi ?', sender: 'Alice', skipped: null },
      // edited: the text, not the "Modifié" label
      { id: ID('0D'), text: 'Je vends mon vélo 120€, très bon état', sender: 'Bob', skipped: null },
      { id: ID('0E'), text: "Admins : merci d'arrêter les annonces ici.", sender: 'Vous', skipped: null },
    ]);
  });

  it('never reads UI strings: names, hidden labels, times, the date pill, reactions, the preview', () => {
    load('whatsapp-2026.html');
    const all = readAll().map((m) => m.text);
    for (const text of all) {
      expect(text).not.toMatch(/^Dealer Mike|Dealer Mike:|Nina:|\d\d:\d\d|Modifié|Transféré|AUJOURD'HUI/);
      expect(text).not.toMatch(/Boutique en ligne|paiement en crypto|😂|🔥|supprimé|chiffrés|a rejoint/);
    }
  });

  it('gives time and forward flag; the chat is known by its title, hashed (bare data-ids)', () => {
    load('whatsapp-2026.html');
    const s = sel();
    const menu = ADAPTERS.whatsapp.extract(row(ID('01')), s, null);
    expect(menu?.time).toBe(new Date(2026, 10, 28, 9, 15).getTime());
    expect(ADAPTERS.whatsapp.extract(row(ID('06')), s, null)?.forwarded).toBe(true);
    expect(menu?.forwarded).toBe(false);
    expect(ADAPTERS.whatsapp.chat(document, s, { hash: '', pathname: '/' }, row(ID('01')))).toEqual({
      id: `title:${hashText('Marché du quartier')}`,
      title: 'Marché du quartier',
      publicLink: null,
    });
  });

  it('the rules resolve the 2026 root by its test id, not role="application" (there is none)', () => {
    load('whatsapp-2026.html');
    const s = sel();
    expect(document.querySelector("[role='application']")).toBeNull();
    const root = s.root.map((c) => document.querySelector(c)).find(Boolean);
    expect(root?.getAttribute('data-testid')).toBe('conversation-panel-messages');
    expect(s.message.find((c) => root?.querySelector(c))).toBe("[data-id][data-testid^='conv-msg-']");
  });

  it('with full data-ids ("false_<chat>_<id>", the older form) the chat is the JID', () => {
    load('whatsapp-2026.html', withFullIds);
    const s = sel();
    const sample = document.querySelector('#main [data-id]');
    expect(ADAPTERS.whatsapp.chat(document, s, { hash: '', pathname: '/' }, sample).id).toBe(
      '120363000000000042@g.us',
    );
  });
});

/** The 2026 structure with the data-ids of earlier builds (both forms are live in 2026). */
function withFullIds(html: string): string {
  return html.replace(
    /data-id="(3EB0[0-9A-F]+)" data-testid="conv-msg-\1"/g,
    (_m, id: string) =>
      `data-id="false_120363000000000042@g.us_${id}" data-testid="conv-msg-false_120363000000000042@g.us_${id}"`,
  );
}

describe('WhatsApp 2026 structure: the scanner with the real rules', () => {
  it('marks the four listings (the menu by its later lines), nothing else; skips the service rows', () => {
    const { scanner, detector } = scan('whatsapp-2026.html');
    expect(markedIds()).toEqual([ID('01'), ID('02'), ID('05'), ID('06')]);
    const summary = scanner.summary();
    expect(summary.state).toBe('active');
    expect(summary.chat.title).toBe('Marché du quartier');
    // 11 messages with text read; the two system rows, the deleted one, the photo and the
    // off-screen row not
    expect(summary.scanned).toBe(11);
    expect(summary.flagged.map((f) => [f.sender, f.category])).toEqual([
      ['Carol', 'financial'],
      ['Dealer Mike', 'weapons'],
      ['Dealer Mike', 'documents'],
      ['Dealer Mike', 'drugs'],
    ]);
    // the menu's first line alone is not a listing: it was flagged for the lines after it
    expect(detector.scan('Salut, voilà ce qui est dispo cette semaine :').flagged).toBe(false);
    // each badge sits in the message's own text block, once
    for (const b of badges()) expect(b.parentElement?.hasAttribute('data-pre-plain-text')).toBe(true);
  });

  it('an off-screen row loses its content and its badge, and gets both back without a new scan', async () => {
    const { scanner } = scan('whatsapp-2026.html');
    const scans = scanner.stats.scans;
    const el = row(ID('01'));
    const children = Array.from(el.children, (c) => {
      const copy = c.cloneNode(true) as Element;
      for (const b of copy.querySelectorAll('[data-vigie-badge]')) b.remove();
      return copy;
    });
    el.replaceChildren();
    await settle();
    scanner.flush();
    expect(markedIds()).toEqual([ID('02'), ID('05'), ID('06')]);
    el.replaceChildren(...children);
    await settle();
    scanner.flush();
    expect(markedIds()).toEqual([ID('01'), ID('02'), ID('05'), ID('06')]);
    expect(scanner.stats.scans).toBe(scans);
  });

  it('an in-place edit is read again: a listing edited into an apology loses its badge', async () => {
    const { scanner } = scan('whatsapp-2026.html');
    const text = row(ID('05')).querySelector('.selectable-text > span') as Element;
    text.textContent = 'Désolé, mauvais groupe, ignorez';
    const meta = row(ID('05')).querySelector("[data-testid='msg-meta']") as Element;
    meta.prepend('Modifié ');
    await settle();
    scanner.flush();
    expect(markedIds()).toEqual([ID('01'), ID('02'), ID('06')]);
    expect(scanner.summary().flagged.map((f) => f.category)).not.toContain('weapons');
  });

  it('deleted for everyone: the placeholder replaces the bubble, the badge goes, the row is skipped', async () => {
    const { scanner } = scan('whatsapp-2026.html');
    const bubble = row(ID('06')).querySelector('._amk6') as Element;
    const placeholder = document.createElement('div');
    placeholder.setAttribute('data-testid', 'recalled');
    placeholder.textContent = 'Ce message a été supprimé';
    bubble.replaceChildren(placeholder);
    await settle();
    scanner.flush();
    expect(markedIds()).toEqual([ID('01'), ID('02'), ID('05')]);
    expect(ADAPTERS.whatsapp.extract(row(ID('06')), sel(), null)?.isService).toBe(true);
    // The popup keeps what was seen in this chat (as for a row scrolled out of the DOM).
    expect(scanner.summary().flagged.map((f) => f.sender)).toContain('Carol');
  });

  it('a new row is read when it arrives; a reused row (new data-id, new text) is read as the new message', async () => {
    const { scanner } = scan('whatsapp-2026.html');
    const template = row(ID('05')).parentElement?.cloneNode(true) as Element;
    for (const b of template.querySelectorAll('[data-vigie-badge]')) b.remove();
    const el = template.querySelector('[data-id]') as Element;
    el.setAttribute('data-id', 'NEWMSG0001');
    el.setAttribute('data-testid', 'conv-msg-NEWMSG0001');
    (el.querySelector('.selectable-text > span') as Element).textContent =
      'Ce soir : coke 60€ le g, MDMA 15€, livraison ou retrait, DM';
    document.getElementById('message-list')?.append(template);
    await settle();
    scanner.flush();
    expect(markedIds()).toContain('NEWMSG0001');

    const reused = row(ID('02'));
    reused.setAttribute('data-id', 'REUSED0001');
    reused.setAttribute('data-testid', 'conv-msg-REUSED0001');
    (reused.querySelector('._akbu') as Element).replaceChildren(
      Object.assign(document.createElement('span'), { className: 'selectable-text copyable-text' }),
    );
    (reused.querySelector('._akbu > span') as Element).textContent = 'Coucou tout le monde';
    const scanned = scanner.summary().scanned;
    await settle();
    scanner.flush();
    expect(markedIds()).not.toContain('REUSED0001');
    expect(markedIds()).not.toContain(ID('02'));
    expect(scanner.summary().scanned).toBe(scanned + 1);
  });

  it('switching chats (the title changes, ids are bare) starts a new summary', async () => {
    const { scanner } = scan('whatsapp-2026.html');
    const before = scanner.summary().chat.id;
    const title = document.querySelector("[data-testid='conversation-info-header-chat-title']") as Element;
    title.textContent = 'Famille';
    await settle();
    scanner.requestFullRescan();
    scanner.flush();
    expect(scanner.summary().chat.id).toBe(`title:${hashText('Famille')}`);
    expect(scanner.summary().chat.id).not.toBe(before);
  });
});

describe('WhatsApp 2024-25 structure (whatsapp.html, older variant still live)', () => {
  it('reads the same way and marks its listings with the real rules', () => {
    const { scanner } = scan('whatsapp.html');
    const read = readAll();
    expect(read).toHaveLength(13);
    expect(read.filter((m) => m.skipped === 'service').map((m) => m.id.split('_')[2])).toEqual([
      '3A0000000000000000AA',
      '3A0000000000000000B2',
      '3A0000000000000000B3',
    ]);
    const marked = markedIds().map((id) => id.split('_')[2]);
    expect(marked).toEqual([
      '3A0000000000000000AB',
      '3A0000000000000000AD',
      '3A0000000000000000B0',
      '3A0000000000000000B5',
      '3A0000000000000000B6',
    ]);
    const summary = scanner.summary();
    expect(summary.scanned).toBe(10);
    expect(summary.chat).toEqual({
      id: '120363000000000001@g.us',
      title: 'Market Deals 24/7',
      publicLink: null,
    });
  });
});

/**
 * Each rule selector paired with how often it matches the 2026 fixture (STYLE.md §4), so a rule
 * change that stops matching, or starts matching too much, fails here first. Whole document.
 */
describe('WhatsApp 2026 fixture: selector expectations', () => {
  const EXPECT: Record<string, number> = {
    "#main [data-testid='conversation-panel-messages']": 1,
    "#main [data-scrolltracepolicy='wa.web.conversation.messages']": 1,
    "#main [role='application']": 0,
    "[data-id][data-testid^='conv-msg-']": 16,
    // 19 text blocks read, 2 in the link preview (excluded), 4 nested in a block (a link, a
    // mention, two emoji: read with their block)
    '[data-pre-plain-text] .copyable-text': 25,
    "[data-testid='quoted-message']": 1,
    "[data-testid='link-preview-container']": 1,
    "[data-testid='msg-notification-container']": 2,
    "[data-testid='recalled']": 1,
    "#main [data-testid='conversation-info-header-chat-title']": 1,
    "[data-icon^='forward']": 1,
    '[data-pre-plain-text]': 11,
  };
  it('each listed selector is in the rules and matches as many times as recorded', () => {
    load('whatsapp-2026.html');
    const all = new Set(Object.values(BUILTIN_SITES.whatsapp).flat());
    for (const [selector, count] of Object.entries(EXPECT)) {
      expect(all.has(selector), `${selector} is no longer in rules/sites/whatsapp.json`).toBe(true);
      expect(document.querySelectorAll(selector).length, selector).toBe(count);
    }
  });
});
