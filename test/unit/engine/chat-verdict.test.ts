/**
 * The chat-level verdict (issue 15): per-message facts from real verdicts, the incremental tally,
 * its decision rule and the validation that keeps "one message never makes a shop" true whatever a
 * rule update says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChatSection,
  ChatTally,
  describeChat,
  loadBundle,
  type MessageFacts,
  messageFacts,
  RuleSetError,
  Support,
  supportOf,
  validateBundle,
} from '../../../src/engine';
import { realRules } from './helpers';

const { compiled, detector } = realRules();
const section = compiled.bundle.chat as ChatSection;

function facts(over: Partial<MessageFacts> = {}): MessageFacts {
  return {
    flagged: false,
    category: 'drugs',
    topic: 3,
    offer: 0.8,
    signals: 1,
    counter: 0,
    products: ['drug-slang'],
    template: null,
    ...over,
  };
}

const listing = (category: MessageFacts['category'] = 'drugs', template: number | null = null) =>
  facts({ flagged: true, category, template });

describe('the bundle ships a chat section', () => {
  it('is present and validated', () => {
    expect(section).toBeDefined();
    expect(section.shop.minListings).toBeGreaterThanOrEqual(2);
    expect(section.shop.minSupport).toBeGreaterThan(section.weights.flagged);
  });
});

describe('messageFacts', () => {
  it('is null for a message with no topic evidence', () => {
    expect(messageFacts(detector.scan('On se voit demain pour le match ?', { evidence: true }))).toBeNull();
  });

  it('keeps category, commerce signals and product keys of a flagged listing, never text', () => {
    const v = detector.scan('Beuh 10€ le g, livraison 7j/7, commande en DM', { evidence: true });
    const f = messageFacts(v) as MessageFacts;
    expect(f.flagged).toBe(true);
    expect(f.category).toBe('drugs');
    expect(f.signals & 1).toBe(1); // price
    expect(f.products.length).toBeGreaterThan(0);
    expect(typeof f.template).toBe('number');
    expect(JSON.stringify(f)).not.toMatch(/beuh|livraison/i);
  });

  it('options.evidence gives evidence for a weak message and changes no flagged, category or score', () => {
    const texts = [
      'ok 🍃 demain',
      'la beuh',
      'Rolex Sub 180',
      'Glock dispo',
      'Le film Scarface passe ce soir, la scène de la coke est culte',
      'Beuh 10€ le g, livraison 7j/7, commande en DM',
      'Vends vélo enfant 40 €, très bon état',
      'Fullz FR frais du jour, 20€ pièce',
    ];
    let gained = 0;
    for (const text of texts) {
      const plain = detector.scan(text);
      const rich = detector.scan(text, { evidence: true });
      expect([rich.flagged, rich.category, rich.level]).toEqual([plain.flagged, plain.category, plain.level]);
      if (plain.evidence) expect(rich.score).toBe(plain.score);
      if (!plain.evidence && rich.evidence) gained++;
    }
    expect(gained).toBeGreaterThan(0);
  });

  it('gives one template to a post reposted with other numbers, another to other words', () => {
    const a = messageFacts(detector.scan('Amnesia dispo 10€ le g, livraison 7j/7', { evidence: true }));
    const b = messageFacts(detector.scan('Amnesia dispo 12€ le g, livraison 7j/7', { evidence: true }));
    const c = messageFacts(detector.scan('Gelato dispo 12€ le g, livraison 7j/7', { evidence: true }));
    expect(a?.template).toBe(b?.template);
    expect(c?.template).not.toBe(a?.template);
  });
});

describe('supportOf', () => {
  it('counts a flagged message framed as news or a warning as talk, not as a listing', () => {
    expect(supportOf(facts({ flagged: true }), section)).toBe(Support.Flagged);
    expect(supportOf(facts({ flagged: true, counter: -3 }), section)).toBe(Support.Topic);
  });
  it('counts a message under the threshold as a listing when it reads as an offer', () => {
    expect(supportOf(facts({ offer: 0.9 }), section)).toBe(Support.Listing);
    expect(supportOf(facts({ offer: 0.05 }), section)).toBe(Support.Topic);
    expect(supportOf(facts({ topic: 0 }), section)).toBe(Support.Plain);
  });
  it('without an offer model, reads commerce signals instead', () => {
    expect(supportOf(facts({ offer: null, signals: 0b1 }), section)).toBe(Support.Listing);
    expect(supportOf(facts({ offer: null, signals: 0 }), section)).toBe(Support.Topic);
  });
});

describe('ChatTally', () => {
  const family = (tally: ChatTally, n: number, from = 0) => {
    for (let i = 0; i < n; i++) tally.observe(`m${from + i}`, null);
  };

  it('one flagged message in a family chat never makes a shop, nor one forwarded five times', () => {
    const tally = new ChatTally(section);
    family(tally, 20);
    tally.observe('odd', listing());
    expect(tally.decision().shop).toBe(false);
    for (let i = 0; i < 5; i++) tally.observe(`fwd${i}`, listing('drugs', 42));
    expect(tally.decision().shop).toBe(false);
  });

  it('a chat of listings of one category is a shop for it, with its counts', () => {
    const tally = new ChatTally(section);
    family(tally, 6);
    for (let i = 0; i < 5; i++) tally.observe(`l${i}`, listing('counterfeit', i), 1_700_000_000_000 + i);
    const v = tally.verdict();
    expect(v.shop).toBe(true);
    expect(v.categories).toEqual(['counterfeit']);
    expect([v.read, v.listings, v.flagged]).toEqual([11, 5, 5]);
    expect([v.firstTime, v.lastTime]).toEqual([1_700_000_000_000, 1_700_000_000_004]);
  });

  it('names a second category with a real share, not a stray one', () => {
    const tally = new ChatTally(section);
    for (let i = 0; i < 6; i++) tally.observe(`d${i}`, listing('drugs', i));
    for (let i = 0; i < 3; i++) tally.observe(`w${i}`, listing('weapons', 10 + i));
    tally.observe('x', listing('financial', 99));
    expect(tally.decision().categories).toEqual(['drugs', 'weapons']);
  });

  it('reading a message again, or editing it, replaces what it counted; forget and reset undo it', () => {
    const tally = new ChatTally(section);
    for (let i = 0; i < 3; i++) tally.observe(`l${i}`, listing('drugs', i));
    for (let i = 0; i < 3; i++) tally.observe(`l${i}`, listing('drugs', i));
    expect(tally.decision()).toMatchObject({ shop: true, listings: 3, read: 3 });
    tally.observe('l2', null); // edited into an ordinary message
    expect(tally.decision()).toMatchObject({ shop: false, listings: 2, read: 3 });
    tally.forget('l1');
    expect(tally.decision()).toMatchObject({ listings: 1, read: 2 });
    tally.reset();
    expect(tally.decision()).toMatchObject({ shop: false, listings: 0, read: 0, categories: [] });
  });

  it('decides the same whatever the reading order (a pure function of the counts)', () => {
    const fact = fc.oneof(
      fc.constant(null),
      fc.record({
        flagged: fc.boolean(),
        category: fc.constantFrom('drugs', 'weapons', 'counterfeit' as const),
        topic: fc.integer({ min: 0, max: 8 }),
        offer: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1, noNaN: true })),
        signals: fc.integer({ min: 0, max: 63 }),
        counter: fc.constantFrom(0, -1, -3),
        products: fc.constant(['drug-slang']),
        template: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 4 })),
      }),
    );
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 40 }), fc.integer(), (list, seed) => {
        const a = new ChatTally(section);
        list.forEach((f, i) => {
          a.observe(`k${i}`, f as MessageFacts | null);
        });
        const order = list
          .map((_, i) => i)
          .sort((x, y) => ((x * 7919 + seed) % 97) - ((y * 7919 + seed) % 97));
        const b = new ChatTally(section);
        for (const i of order) b.observe(`k${i}`, list[i] as MessageFacts | null);
        expect(b.verdict()).toEqual(a.verdict());
      }),
      { numRuns: 200 },
    );
  });
});

describe('describeChat', () => {
  it('says it in plain words, in both languages, with the counts filled in', () => {
    const tally = new ChatTally(section);
    for (let i = 0; i < 4; i++) tally.observe(`x${i}`, null);
    for (let i = 0; i < 4; i++)
      tally.observe(
        `l${i}`,
        facts({ flagged: i < 2, category: 'counterfeit', products: ['luxury-brand'], signals: 1 }),
      );
    const reasons = describeChat(tally.verdict(), section, detector.explanation);
    const en = reasons.map((r) => r.text.en).join(' | ');
    const fr = reasons.map((r) => r.text.fr).join(' | ');
    expect(en).toContain('4 of the 8 messages read look like listings');
    expect(en).toContain('2 of them were flagged one by one');
    expect(en).toContain('prices');
    expect(fr).toContain('4 des 8 messages lus');
    expect(fr).toContain('des prix');
    expect(en + fr).not.toMatch(/\{(n|total|list)\}/);
  });
  it('says nothing when nothing points anywhere', () => {
    expect(describeChat(new ChatTally(section).verdict(), section, detector.explanation)).toEqual([]);
  });
});

describe('the chat section is validated', () => {
  const raw = () => JSON.parse(JSON.stringify(compiled.bundle));
  type Raw = { chat: Record<'listing' | 'weights' | 'shop' | 'explain', Record<string, unknown>> };
  const refuse = (mutate: (b: Raw) => void, message: RegExp) => {
    const b = raw();
    mutate(b);
    expect(() => validateBundle(b)).toThrow(RuleSetError);
    expect(() => validateBundle(b)).toThrow(message);
  };
  it('refuses a section that would let one message make a shop', () => {
    refuse((b) => {
      b.chat.shop.minListings = 1;
    }, /minListings/);
    refuse((b) => {
      b.chat.shop.minSupport = 1;
    }, /one message alone/);
  });
  it('refuses unknown fields, bad numbers and unknown explanation keys', () => {
    refuse((b) => {
      b.chat.shop.extra = 1;
    }, /unknown field/);
    refuse((b) => {
      b.chat.listing.offerMin = 2;
    }, /offerMin/);
    refuse((b) => {
      b.chat.explain.listings = 'no-such-key';
    }, /no-such-key/);
  });
  it('a bundle without the section still loads (no chat verdict then)', () => {
    const b = raw();
    delete b.chat;
    expect(loadBundle(JSON.stringify(b)).chat).toBeUndefined();
  });
});
