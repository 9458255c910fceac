/**
 * Two scoring guards against ordinary ads: weak category words do not pick up commerce signals
 * (scoring.commerceFloor), and guide/method words are never evidence on their own
 * (scoring.guides + scoring.modifiers), yet still strengthen and label a real illicit topic.
 */
import { describe, expect, it } from 'vitest';
import type { RuleBundle } from '../../../src/engine/ruleset/bundle-types';
import { type Evidence, scoreEvidence } from '../../../src/engine/score/score';
import { realRules } from './helpers';

const scoring: RuleBundle['scoring'] = {
  threshold: { low: 5.5, normal: 4, high: 3 },
  productOnly: 5.5,
  levels: { medium: 6, high: 8.5 },
  guides: { explain: 'illicit-guide', category: 'other-illicit' },
  commerceFloor: 1.5,
  modifiers: ['illicit-method'],
};

const ev = (
  kind: Evidence['kind'],
  category: Evidence['category'],
  weight: number,
  explain: string,
  term = explain,
) => ({ kind, category, weight, explain, terms: new Set([term]) }) satisfies Evidence;
const price = ev('price', null, 2, 'price');
const delivery = ev('delivery', null, 1.5, 'delivery');

describe('scoring.commerceFloor', () => {
  it('a weak word next to a price and delivery stays quiet; a real product does not', () => {
    const weak = [ev('product', 'other-illicit', 0.5, 'illicit-service', 'alarme'), price, delivery];
    expect(scoreEvidence(weak, scoring, 'normal', undefined).flagged).toBe(false);
    expect(scoreEvidence(weak, { ...scoring, commerceFloor: undefined }, 'normal', undefined).flagged).toBe(
      true,
    );
    const real = [ev('product', 'drugs', 3, 'drug-name', 'cocaine'), price, delivery];
    expect(scoreEvidence(real, scoring, 'normal', undefined)).toMatchObject({
      flagged: true,
      category: 'drugs',
    });
  });

  it('a further weak term adds its own weight, not a whole bonus', () => {
    const one = [ev('product', 'drugs', 3, 'drug-name', 'cocaine')];
    const withWeak = [...one, ev('product', 'drugs', 0.5, 'drug-emoji', '🍃')];
    const withStrong = [...one, ev('product', 'drugs', 3, 'drug-name', 'heroine')];
    const s = (e: Evidence[]) => scoreEvidence(e, scoring, 'normal', undefined).score;
    expect(s(withWeak) - s(one)).toBe(0.5);
    expect(s(withStrong) - s(one)).toBe(1);
  });
});

describe('guide and method words', () => {
  const guideWord = ev('product', 'other-illicit', 2.5, 'illicit-guide', 'ebook');
  const methodWord = ev('product', 'other-illicit', 2, 'illicit-method', 'méthode');

  it('are not evidence on their own', () => {
    for (const word of [guideWord, methodWord]) {
      const verdict = scoreEvidence([word, price, delivery], scoring, 'normal', undefined);
      expect(verdict).toMatchObject({ flagged: false, category: null });
    }
  });

  it('strengthen a topic; a guide word makes it a guide, a method word keeps the category', () => {
    const card = ev('product', 'financial', 3, 'bank-data', 'cc');
    const guide = scoreEvidence([card, guideWord, price], scoring, 'normal', undefined);
    expect(guide).toMatchObject({ flagged: true, category: 'other-illicit' });
    const method = scoreEvidence([card, methodWord, price], scoring, 'normal', undefined);
    expect(method).toMatchObject({ flagged: true, category: 'financial' });
    expect(method.score).toBe(3 + 1 + 2);
  });

  it('do not relabel categories whose goods are files (guides.keep)', () => {
    const slips = ev('product', 'fraud-documents', 3, 'fraud-doc', 'fiches de paie');
    const guides = {
      explain: 'illicit-guide',
      category: 'other-illicit' as const,
      keep: ['fraud-documents' as const],
    };
    const withKeep = { ...scoring, guides };
    expect(scoreEvidence([slips, guideWord, price], withKeep, 'normal', undefined).category).toBe(
      'fraud-documents',
    );
    expect(scoreEvidence([slips, guideWord, price], scoring, 'normal', undefined).category).toBe(
      'other-illicit',
    );
  });

  it('on the real rules: tutorials and ebooks for sale are ordinary ads, illicit ones are not', () => {
    const { detector } = realRules();
    for (const text of [
      'Méthode pour apprendre l’anglais, 15€ le pdf',
      'Vends ebook de recettes 5€, envoi pdf',
      'Tuto maquillage en DM, 10€',
      'Guide complet du potager bio, ebook 7€',
    ]) {
      expect(detector.scan(text).flagged, text).toBe(false);
    }
    expect(detector.scan('How to cashout CC, pdf guide 15$')).toMatchObject({
      flagged: true,
      category: 'other-illicit',
    });
    expect(detector.scan('Les fiches de paie c’est 30 balles, je t’envoie le pdf').category).toBe(
      'fraud-documents',
    );
    expect(detector.scan('Coke 80€/g, weed 10€/g. How to order: DM me on telegram')).toMatchObject({
      flagged: true,
      category: 'drugs',
    });
  });
});
