/**
 * The offer model as bundle data: validated like every other section (a bad model is refused with
 * a clear path), scored in one pass over the tokens, each feature once, and exactly equal to the
 * sum of the weights of the features the training script sees for the same text.
 */
import { describe, expect, it } from 'vitest';
import {
  compileRuleSet,
  createDetector,
  type RuleBundle,
  RuleSetError,
  validateBundle,
} from '../../../src/engine';
import type { OfferModelDef } from '../../../src/engine/score/offer';
import { realRules } from './helpers';

const { compiled } = realRules();
const base: RuleBundle = compiled.bundle;

function model(over: Partial<OfferModelDef> = {}): OfferModelDef {
  return {
    bias: -2,
    features: { 'sig.price': 1.5, 'kind.offer': 1, 'shape.question': -2 },
    words: { dispo: 1.25, 'a vendre': 2, '#num €': 0.5, hier: -1 },
    threshold: { low: 1, normal: 0, high: -1 },
    topic: { low: 3, normal: 2, high: 1.5 },
    combined: { low: 4, normal: 3, high: 2 },
    offerWeight: 1,
    salesTerm: 2,
    explain: 'price',
    counters: ['news'],
    ...over,
  };
}

function withModel(def: unknown): unknown {
  const { offer: _drop, ...rest } = base;
  return { ...rest, offer: def };
}

describe('offer model validation', () => {
  it('accepts a well-formed model and keeps it in the bundle', () => {
    const bundle = validateBundle(withModel(model()));
    expect(bundle.offer?.words.dispo).toBe(1.25);
  });

  it.each([
    ['offer.features.signal.price', { features: { 'signal.price': 1 } }],
    ['offer.words', { words: { 'a  vendre': 1 } }],
    ['offer.words', { words: { 'trois mots ici': 1 } }],
    ['offer.words', { words: { Dispo: 1 } }],
    ['offer.bias', { bias: Number.NaN }],
    ['offer.threshold', { threshold: { low: 1, normal: 0 } }],
    ['offer.veto', { veto: { low: -1, normal: -2 } }],
    ['offer.veto.high', { veto: { low: -1, normal: -2, high: Number.NaN } }],
    ['offer.explain', { explain: 'no-such-key' }],
    ['offer.counters', { counters: ['no-such-key'] }],
    ['offer.combined', { combined: { low: 1, normal: 0, high: Number.POSITIVE_INFINITY } }],
    ['offer.features.kind.offer', { features: { 'kind.offer': 99 } }],
  ])('refuses a bad model (%s)', (path, over) => {
    let error: unknown;
    try {
      validateBundle(withModel(model(over as Partial<OfferModelDef>)));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleSetError);
    expect((error as RuleSetError).path).toContain(path);
  });

  it('keeps an optional talk veto, and a model without one stays valid (older bundles)', () => {
    const veto = { low: -1, normal: -1.5, high: -2.5 };
    expect(validateBundle(withModel(model({ veto }))).offer?.veto).toEqual(veto);
    expect(validateBundle(withModel(model())).offer?.veto).toBeUndefined();
  });

  it('refuses a model with too many words', () => {
    const words: Record<string, number> = {};
    for (let i = 0; i < 20_001; i++) words[`w${i}`] = 1;
    expect(() => validateBundle(withModel(model({ words })))).toThrow(RuleSetError);
  });
});

describe('offer model scoring', () => {
  const detector = createDetector(compileRuleSet(withModel(model())));

  it('is the bias plus the weights of exactly the features the training script sees', () => {
    const def = model();
    for (const text of [
      'Vélo à vendre, dispo ce week-end, 80 €',
      'Hier la police a saisi 20 kg, ils étaient dispo ?',
      'rien à voir',
      'dispo dispo dispo a vendre a vendre 5 € 6 €',
    ]) {
      const e = detector.offer(text);
      let expected = def.bias + (e.counters.news ?? 0);
      for (const f of e.features) expected += def.features[f] ?? 0;
      for (const w of e.words) expected += def.words[w] ?? 0;
      expect(e.logit).toBeCloseTo(expected, 10);
      expect(e.probability).toBeCloseTo(1 / (1 + Math.exp(-expected)), 10);
    }
  });

  it('counts a repeated word once', () => {
    expect(detector.offer('dispo').logit).toBeCloseTo(
      detector.offer('dispo dispo dispo dispo').logit ?? 0,
      10,
    );
  });

  it('reads numbers as one token kind and pairs across them', () => {
    const e = detector.offer('le lot 45 €');
    expect(e.words).toContain('#num');
    expect(e.words).toContain('#num €');
    expect(e.features).toContain('sig.price');
  });

  it('adds the evidence to a verdict that has topic evidence, and nothing on the fast path', () => {
    const v = detector.scan('beuh dispo 10€ le g');
    expect(v.evidence?.topics[0]?.category).toBe('drugs');
    expect(v.evidence?.offer).toBeGreaterThan(0.5);
    expect(v.evidence?.offerSignals).toContain('sig.price');
    expect(detector.scan('on se voit demain ?').evidence).toBeUndefined();
  });

  it('leaves the offer reading empty without a model', () => {
    const { offer: _drop, ...rest } = base;
    const plain = createDetector(compileRuleSet(rest));
    expect(plain.offer('vélo à vendre 80 €').logit).toBeNull();
    expect(plain.scan('beuh dispo 10€ le g').evidence?.offer).toBeNull();
  });
});

describe('the talk veto', () => {
  // Same model, same rules, only the decision differs: with a veto, a missing offer sign is no
  // reason to stay quiet; a sign of talk (the offer counters) is.
  const strict = createDetector(
    compileRuleSet(withModel(model({ threshold: { low: 9, normal: 9, high: 9 } }))),
  );
  const vetoed = createDetector(
    compileRuleSet(
      withModel(
        model({
          threshold: { low: 9, normal: 9, high: 9 },
          veto: { low: -1, normal: -1, high: -1 },
          combined: { low: 0, normal: 0, high: 0 },
        }),
      ),
    ),
  );

  it('replaces the offer threshold: a strong topic with no sign of talk is flagged', () => {
    const text = 'faux permis de conduire sans examen';
    expect(strict.scan(text).flagged).toBe(false);
    const v = vetoed.scan(text);
    expect(v.flagged).toBe(true);
    expect(v.evidence?.talk).toBe(0);
  });

  it('keeps the message quiet when its counters say it is talk, and reports how much', () => {
    const text = 'Le réseau de faux permis de conduire a été démantelé, selon le parquet';
    const v = vetoed.scan(text);
    expect(v.flagged).toBe(false);
    expect(v.evidence?.talk).toBeLessThan(-1);
  });
});

describe('the two-question decision on the real rules and model', () => {
  const { detector } = realRules();

  it('flags when the topic and the offer both answer yes, with a category and a level', () => {
    const v = detector.scan('Beuh et résine dispo, 10€ le g, livraison 7j/7, contacte moi sur snap');
    expect(v).toMatchObject({ flagged: true, category: 'drugs' });
    expect(v.level).not.toBe('none');
    expect(v.evidence?.offer).toBeGreaterThan(0.5);
  });

  it('stays quiet on the topic without an offer (news), and on an offer without a topic (an ad)', () => {
    const newsText = 'La police a saisi 40 kg de cocaïne et démantelé le réseau, selon le parquet';
    expect(detector.scan(newsText).flagged).toBe(false);
    // Asked apart: whatever the topic side says, the offer side reads reporting as not an offer.
    expect(detector.offer(newsText).probability).toBeLessThan(0.5);
    const ad = detector.scan('Vends vélo de course, très bon état, 250€, livraison possible');
    expect(ad.flagged).toBe(false);
    expect(
      detector.offer('Vends vélo de course, très bon état, 250€, livraison possible').probability,
    ).toBeGreaterThan(0.5);
  });

  it('flags a chat-shop offer that names no price or contact, and keeps reporting of it quiet', () => {
    expect(detector.scan('Je fais sauter tes PV et tes amendes, 50€ par dossier').flagged).toBe(true);
    expect(detector.scan('On recrute guetteurs et charbonneurs, 80 à 150 la journée').flagged).toBe(true);
    const report = detector.scan(
      'Selon le parquet, les guetteurs du point de deal touchaient 80 à 150 euros la journée',
    );
    expect(report.flagged).toBe(false);
    expect(report.evidence?.talk).toBeLessThan(0);
  });

  it('explains offer-ness with the words that weighed, highlighted in the original text', () => {
    const text = 'Fullz US dispo avec SSN et DOB, $15 chacun, paiement crypto';
    const v = detector.scan(text);
    expect(v.flagged).toBe(true);
    const words = v.reasons.find((r) => r.ruleId === 'offer.words');
    if (words) {
      expect(words.explain).toBe(realRules().compiled.bundle.offer?.explain);
      for (const [, e] of words.spans) expect(e).toBeLessThanOrEqual(text.length);
    }
    expect(v.reasons.some((r) => r.kind === 'price' || r.kind === 'offer')).toBe(true);
  });

  it('moves with the sensitivity: eager flags what strict leaves quiet, never the reverse', () => {
    const texts = [
      'Blue Cheeze 1/8 oz',
      'Job étudiant : encaisser un chèque et faire un virement, commission 10%',
      'Beuh 10€ le g',
      'cc fullz fresh',
      'Les cigarettes ont encore augmenté, 12€ le paquet',
    ];
    let differs = false;
    for (const t of texts) {
      const low = detector.scan(t, { sensitivity: 'low' }).flagged;
      const normal = detector.scan(t).flagged;
      const high = detector.scan(t, { sensitivity: 'high' }).flagged;
      if (low) expect(normal, t).toBe(true);
      if (normal) expect(high, t).toBe(true);
      if (low !== high) differs = true;
    }
    expect(differs).toBe(true);
  });

  it('keeps ScanOptions.categories: a disabled category is never flagged', () => {
    const text = 'Beuh et résine dispo, 10€ le g, livraison 7j/7, contacte moi sur snap';
    expect(detector.scan(text, { categories: ['weapons'] }).flagged).toBe(false);
    expect(detector.scan(text, { categories: ['drugs'] }).flagged).toBe(true);
  });
});

describe('offer model cost', { timeout: 30_000 }, () => {
  it('stays linear on long texts with topic evidence (1× and 4× in one run)', () => {
    const { detector } = realRules();
    const unit = 'beuh dispo a vendre livraison 10€ le g, contacte moi, vends vends selling for sale $20 ';
    const timeFor = (repeats: number) => {
      const text = unit.repeat(repeats);
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        detector.scan(text);
        detector.offer(text);
        runs.push(performance.now() - t0);
      }
      return runs.sort((a, b) => a - b)[1] as number;
    };
    timeFor(100);
    const one = timeFor(500);
    const four = timeFor(2_000);
    expect(four / one).toBeLessThan(6);
  });
});
