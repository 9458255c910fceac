// @vitest-environment happy-dom
/**
 * The Snapchat for Web adapter on the synthetic fixture (test/fixtures/sites/snapchat.html), through
 * the real scanner and marker: scoping to the open conversation, senders carried forward, status
 * lines, quotes, content keys that survive re-renders and prepends, and the text-leaf fallback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compileSelectors } from '../../../src/content/selectors';
import { detectClient } from '../../../src/content/sites';
import type { Extracted } from '../../../src/content/sites/adapter';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import { isDateLine, isStatusLine, readMessage, snapchat } from '../../../src/content/sites/snapchat';
import { hashText } from '../../../src/content/text';
import type { Category, Verdict } from '../../../src/engine/types';
import { renameHashedClasses, restructure } from '../../fixtures/sites/snapchat-variants';
import { badges, loadFixture, type Setup, settle, setup } from './helpers';

const OPEN = '3f2a9c1e-7b4d-5e60-8a91-0c2d4e6f8a10';

/** Listing words of the fixture's texts (the real engine is exercised end to end). */
const LISTING: [RegExp, Category][] = [
  [/fullz|cvv/i, 'financial'],
  [/fake id|permis de conduire/i, 'documents'],
  [/glock/i, 'weapons'],
  [/weed|coke/i, 'drugs'],
  [/replica/i, 'counterfeit'],
];

function listingDetector() {
  const calls: string[] = [];
  return {
    version: 1,
    calls,
    explanation: (k: string) => ({ en: k, fr: k }),
    scan(text: string): Verdict {
      calls.push(text);
      for (const [re, category] of LISTING) {
        const m = re.exec(text);
        if (m)
          return {
            flagged: true,
            category,
            score: 9,
            level: 'high',
            reasons: [
              {
                ruleId: `t.${category}`,
                kind: 'product',
                category,
                weight: 9,
                explain: 'x',
                spans: [[m.index, m.index + m[0].length]],
              },
            ],
          };
      }
      return { flagged: false, category: null, score: 0, level: 'none', reasons: [] };
    },
  };
}

const sel = () => compileSelectors(BUILTIN_SITES.snapchat, document);

function openRoot(): Element {
  return document.getElementById(`cv-${OPEN}`) as Element;
}

function extractOpen(): Extracted[] {
  const s = sel();
  const selector = s.message[0] as string;
  // Nested matches (a reaction list's items) fold into their message, as in the scanner.
  return Array.from(openRoot().querySelectorAll(selector))
    .filter((el) => !el.parentElement?.closest(selector))
    .map((el) => snapchat.extract(el, s, OPEN))
    .filter((x): x is Extracted => x !== null);
}

/** Texts of the messages that carry a badge. */
function markedTexts(): string[] {
  return badges().map((b) => {
    const msg = b.closest('li') ?? b.parentElement;
    return readMessage(msg as Element, sel()).text;
  });
}

function prependOlderRows(): void {
  const tpl = document.getElementById('older-rows') as HTMLTemplateElement;
  const list = openRoot();
  // happy-dom's template content: parse its markup into the list instead of cloning.
  const holder = document.createElement('ul');
  holder.innerHTML = tpl.innerHTML;
  list.prepend(...Array.from(holder.children));
}

let current: Setup | null = null;
function start(transform?: (html: string) => string): Setup {
  loadFixture('snapchat', transform);
  current = setup('snapchat', { detector: listingDetector() as never });
  return current;
}
afterEach(() => {
  current?.controller.abort();
  current = null;
});

describe('Snapchat: client detection', () => {
  it('only the web client paths of www.snapchat.com, and web.snapchat.com', () => {
    expect(detectClient({ hostname: 'www.snapchat.com', pathname: '/web', hash: '' })).toBe('snapchat');
    expect(detectClient({ hostname: 'www.snapchat.com', pathname: `/web/${OPEN}`, hash: '' })).toBe(
      'snapchat',
    );
    expect(detectClient({ hostname: 'web.snapchat.com', pathname: '/', hash: '' })).toBe('snapchat');
    expect(detectClient({ hostname: 'www.snapchat.com', pathname: '/add/someone', hash: '' })).toBeNull();
    expect(detectClient({ hostname: 'www.snapchat.com', pathname: '/webinar', hash: '' })).toBeNull();
  });
});

describe('Snapchat adapter on the fixture', () => {
  it('finds the messages of the open conversation with their senders carried forward', () => {
    loadFixture('snapchat');
    const all = extractOpen().filter((m) => m.text !== '');
    expect(all.map((m) => [m.sender, m.text])).toEqual([
      ['Jordan K', 'hey are you around later?'],
      ['Jordan K', 'u there?'],
      ['Jordan K', 'selling fresh fullz + cvv, uk bank logs, 20 per line, dm for menu'],
      ['Me', 'no thanks'],
      ['Jordan K', 'also got fake id cards and pills, ships same day'],
      // the header-less continuation block: Jordan K carried forward
      ['Jordan K', 'u there?'],
      ['Jordan K', 'permis de conduire sans heure de conduite, livraison rapide, 300€'],
    ]);
    // Rows without a message list are candidates too (a row can be one message itself): the
    // system line and the status line are service, the date row and the snap tile have no text.
    const rows = extractOpen();
    expect(rows).toHaveLength(11);
    expect(rows.filter((m) => m.isService)).toHaveLength(2);
    expect(rows.filter((m) => !m.isService && m.text === '')).toHaveLength(2);
    // zero-width characters are gone
    expect(all.every((m) => !/[\u200B-\u200D\uFEFF]/.test(m.text))).toBe(true);
    expect(snapchat.chat(document, sel(), { hash: '', pathname: '/web' }, null)).toEqual({
      id: OPEN,
      title: 'Jordan K',
      publicLink: null,
    });
  });

  it('reads a quoted reply as a quote, not as part of the reply nor as its own message', () => {
    loadFixture('snapchat');
    const reply = Array.from(openRoot().querySelectorAll(sel().message[0] as string)).find((li) =>
      li.textContent?.includes('fake id cards'),
    ) as Element;
    const read = readMessage(reply, sel());
    expect(read.text).toBe('also got fake id cards and pills, ships same day');
    expect(read.quote).toBe('no thanks');
    // only Me said "no thanks": the quote is not counted as Jordan's message
    expect(
      extractOpen()
        .filter((m) => m.text === 'no thanks')
        .map((m) => m.sender),
    ).toEqual(['Me']);
  });

  it('skips status lines and dates, and never attributes them to a sender', () => {
    expect(isStatusLine('Jordan K saved a chat')).toBe(true);
    expect(isStatusLine('You took a screenshot')).toBe(true);
    expect(isStatusLine('Sam deleted a chat')).toBe(true);
    expect(isStatusLine('You are using Snapchat for Web')).toBe(true);
    expect(isStatusLine('i saved a chat spot for you, 20 per pill')).toBe(false);
    expect(isDateLine('Today')).toBe(true);
    expect(isDateLine('April 8')).toBe(true);
    expect(isDateLine('Yesterday at 10:42 PM')).toBe(true);
    expect(isDateLine('today i sell weed')).toBe(false);
    loadFixture('snapchat');
    const texts = extractOpen().map((m) => m.text);
    expect(texts.some((t) => /saved a chat|Snapchat for Web|Today/.test(t))).toBe(false);
  });

  it('keys: conversation + sender hash + text hash + occurrence; a repeated message gets its own key', () => {
    loadFixture('snapchat');
    const all = extractOpen();
    expect(new Set(all.map((m) => m.key)).size).toBe(all.length);
    const repeats = all.filter((m) => m.text === 'u there?').map((m) => m.key);
    expect(repeats).toHaveLength(2);
    expect(repeats[0]?.startsWith(`${OPEN}|${hashText('Jordan K')}|${hashText('u there?')}|`)).toBe(true);
    expect(repeats.map((k) => k.split('|')[3])).toEqual(['0', '1']);
    // the key never carries the text nor the sender's name (it is stored when a user dismisses)
    expect(all.some((m) => m.text !== '' && m.key.includes(m.text))).toBe(false);
    expect(all.some((m) => m.key.includes('Jordan') || m.key.includes('|Me|'))).toBe(false);
    // key() (cheap path, used to find a message again) agrees with extract()
    const s = sel();
    const selector = s.message[0] as string;
    const els = Array.from(openRoot().querySelectorAll(selector)).filter(
      (el) => !el.parentElement?.closest(selector),
    );
    expect(els.map((el) => snapchat.key(el, s, OPEN))).toEqual(all.map((m) => m.key));
  });

  it('occurrences are counted in one pass per conversation state, not once per message (linear)', () => {
    loadFixture('snapchat');
    const s = sel();
    const selector = s.message[0] as string;
    const root = openRoot();
    // Grow the conversation: 300 more copies of its last row.
    const last = root.lastElementChild as Element;
    for (let i = 0; i < 300; i++) root.append(last.cloneNode(true));
    const els = Array.from(root.querySelectorAll(selector)).filter(
      (el) => !el.parentElement?.closest(selector),
    );
    const original = Element.prototype.querySelectorAll;
    let wholeListQueries = 0;
    Element.prototype.querySelectorAll = function (this: Element, q: string) {
      if (this === root && q === selector) wholeListQueries++;
      return original.call(this, q);
    } as typeof original;
    try {
      const keys = els.map((el) => snapchat.key(el, s, OPEN));
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      Element.prototype.querySelectorAll = original;
    }
    // One pass for the new state of the conversation (a per-message count would query 300+ times).
    expect(wholeListQueries).toBeLessThanOrEqual(2);
  });
});

describe('Snapchat through the scanner', () => {
  it('marks the listings of the open conversation only, ordinary messages not, hidden ones never', () => {
    const { scanner, detector } = start();
    scanner.flush();
    expect(markedTexts().sort()).toEqual(
      [
        'also got fake id cards and pills, ships same day',
        'permis de conduire sans heure de conduite, livraison rapide, 300€',
        'selling fresh fullz + cvv, uk bank logs, 20 per line, dm for menu',
      ].sort(),
    );
    // the hidden conversations (one with its own cv- id) were never even read
    expect(detector.calls.some((t) => /glock|weed/.test(t))).toBe(false);
    const summary = scanner.summary();
    expect(summary.state).toBe('active');
    expect(summary.chat.id).toBe(OPEN);
    expect(summary.scanned).toBe(7);
    expect(summary.flagged.map((f) => f.sender)).toEqual(['Jordan K', 'Jordan K', 'Jordan K']);
    // each badge sits in its message's bubble, once
    for (const b of badges()) expect(b.parentElement?.matches('li > div')).toBe(true);
  });

  it('a re-render (same messages, new nodes) neither doubles nor loses marks, and scans nothing again', async () => {
    const { scanner, detector } = start();
    scanner.flush();
    const before = scanner.summary().flagged.map((f) => f.key);
    const scans = detector.calls.length;
    // React-style re-render: every row replaced by a fresh copy
    const list = openRoot();
    const html = Array.from(list.children, (c) => {
      const copy = c.cloneNode(true) as Element;
      for (const b of copy.querySelectorAll('[data-vigie-badge]')) b.remove();
      return copy.outerHTML;
    });
    list.replaceChildren();
    await settle();
    const holder = document.createElement('ul');
    holder.innerHTML = html.join('');
    list.append(...Array.from(holder.children));
    await settle();
    scanner.flush();
    expect(badges()).toHaveLength(3);
    expect(scanner.summary().flagged.map((f) => f.key)).toEqual(before);
    expect(detector.calls.length).toBe(scans);
    // and the same nodes visited again add nothing
    scanner.requestFullRescan();
    scanner.flush();
    expect(badges()).toHaveLength(3);
  });

  it('older messages prepended when scrolling up are scanned; earlier marks and keys stay', async () => {
    const { scanner } = start();
    scanner.flush();
    const before = scanner.summary().flagged.map((f) => f.key);
    prependOlderRows();
    await settle();
    scanner.flush();
    expect(markedTexts()).toContain('older stock: real looking gucci bags, replica, 80€ each, dm to order');
    expect(badges()).toHaveLength(4);
    const after = scanner.summary().flagged.map((f) => f.key);
    for (const k of before) expect(after).toContain(k);
    expect(scanner.summary().scanned).toBe(9);
  });

  it('a live message appended to the last block is scanned, its sender carried forward', async () => {
    const { scanner } = start();
    scanner.flush();
    const lastBlockList = openRoot().lastElementChild?.querySelector('ul') as Element;
    const li = document.createElement('li');
    const bubble = document.createElement('div');
    const text = document.createElement('span');
    text.setAttribute('dir', 'auto');
    text.textContent = 'glock 19 back in stock, cash only';
    bubble.append(text);
    li.append(bubble);
    lastBlockList.append(li);
    await settle();
    scanner.flush();
    expect(badges()).toHaveLength(4);
    const added = scanner.summary().flagged.find((f) => f.excerpt.startsWith('glock'));
    expect(added?.sender).toBe('Jordan K');
  });

  it('a chat switch (the cv- id changes) starts a new summary for the new conversation', async () => {
    const { scanner } = start();
    scanner.flush();
    openRoot().id = 'cv-00000000-1111-5222-8333-444444444444';
    await settle();
    scanner.flush();
    expect(scanner.summary().chat.id).toBe('00000000-1111-5222-8333-444444444444');
    expect(scanner.summary().flagged.every((f) => f.key.startsWith('00000000-'))).toBe(true);
    expect(badges()).toHaveLength(3);
  });

  it('with every hashed class renamed, the structural rules still find the same messages', () => {
    const { scanner } = start(renameHashedClasses);
    expect(document.querySelector('.T1yt2, .ujRzj, .ogn1z, .KB4Aq')).toBeNull();
    scanner.flush();
    expect(scanner.summary().state).toBe('active');
    expect(markedTexts()).toHaveLength(3);
    expect(scanner.summary().flagged.map((f) => f.sender)).toEqual(['Jordan K', 'Jordan K', 'Jordan K']);
  });

  it('when the structure changes too, the text-leaf fallback marks the listings of the open conversation', () => {
    const { scanner, detector } = start(restructure);
    expect(document.querySelector(`#cv-${OPEN} li`)).toBeNull();
    scanner.flush();
    const summary = scanner.summary();
    expect(summary.state).toBe('fallback');
    expect(summary.flagged).toHaveLength(3);
    // senders still carried from the headers; hidden conversations, headers, status lines,
    // times, buttons and the composer never read
    expect(summary.flagged.map((f) => f.sender)).toEqual(['Jordan K', 'Jordan K', 'Jordan K']);
    expect(
      detector.calls.some((t) =>
        /glock|weed|saved a chat|Snapchat for Web|^Today$|Click to view|^Jordan K$|^Me$/.test(t),
      ),
    ).toBe(false);
    expect(badges()).toHaveLength(3);
    // fallback marks only: never blur
    expect(document.querySelector('[data-vigie-blur]')).toBeNull();
  });
});
