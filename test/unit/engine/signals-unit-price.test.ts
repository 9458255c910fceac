/**
 * Dealers write unit prices without a currency ("50 le g", "40 a gram"). The lexicon's perUnit
 * words turn a bare number + per-word + unit into a price signal; bundles without the list load.
 */
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../../scripts/lib/rule-sources';
import { compileRuleSet, createDetector } from '../../../src/engine';
import { realRules } from './helpers';

const { detector } = realRules();
const signals = (text: string) => detector.scan(text).reasons.map((r) => r.ruleId);

describe('unit price without a currency', () => {
  it('reads "50 le g" and "40 a gram" as prices, with the whole phrase highlighted', () => {
    const text = 'bonne frappe ce soir, 50 le g, passez en pv';
    const verdict = detector.scan(text);
    expect(verdict.flagged).toBe(true);
    expect(verdict.category).toBe('drugs');
    const price = verdict.reasons.find((r) => r.ruleId === 'signal.price');
    expect(price?.spans.map(([s, e]) => text.slice(s, e))).toEqual(['50 le g']);
    expect(detector.scan('weed 40 a gram, hmu').reasons.some((r) => r.ruleId === 'signal.price')).toBe(true);
  });

  it('needs the number, the per-word and a unit in that order', () => {
    expect(signals('le 50 est parti, la g de gramme')).not.toContain('signal.price');
    expect(signals('on était 50 le groupe entier')).not.toContain('signal.price');
    expect(signals('bonne frappe ce soir, passez en pv')).not.toContain('signal.price');
  });

  it('a bundle without lexicon.perUnit still compiles (feeds built before the list existed)', () => {
    const { bundle } = buildBundle();
    const { perUnit: _dropped, ...lexicon } = bundle.lexicon;
    const old = createDetector(compileRuleSet({ ...bundle, lexicon }));
    expect(
      old.scan('bonne frappe ce soir, 50 le g, passez en pv').reasons.map((r) => r.ruleId),
    ).not.toContain('signal.price');
  });
});
