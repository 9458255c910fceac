/**
 * The detector skips scoring when no category's evidence can reach scoring.commerceFloor
 * (detector.ts). That shortcut must never change a decision: same flagged, category and level as
 * the full path, on real corpus rows, our own chats and generated mixes of weak and strong words.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/engine';
import { realRules } from './helpers';

const { compiled, detector: fast } = realRules();
const full = createDetector(compiled, { weakShortcut: false });
const decision = (d: typeof fast, text: string) => {
  const v = d.scan(text);
  return { flagged: v.flagged, category: v.category, level: v.level };
};

const root = new URL('../../../', import.meta.url).pathname;
const ownRows = readFileSync(`${root}test/fixtures/eval/own-chats.jsonl`, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);

// Weak words (everyday tier, modifiers, emoji), strong ones, commerce and counters.
const words = [
  'fake',
  'guide',
  'pdf',
  'méthode',
  'how to',
  'scan',
  'novelty',
  '🔥',
  '🍃',
  '💊',
  '🔫',
  'revolut',
  'pin',
  'cc',
  'coke',
  'beuh',
  'glock',
  'passeport',
  'cni',
  'fullz',
  'réplique',
  'rolex',
  'compte netflix',
  'dispo',
  'livraison',
  'prix',
  '10€',
  '50 le g',
  '5g',
  '@plug75',
  'dm',
  'snap',
  '06 12 34 56 78',
  'attention arnaque',
  'police',
  'ma fille',
  '?',
  ',',
  '\n',
  'je',
  'hack',
  'ebook',
  '80mg',
  '2c-b',
];
const mix = fc.array(fc.constantFrom(...words), { maxLength: 14 }).map((w) => w.join(' '));

describe('weak-evidence shortcut', () => {
  it('gives the same decisions as the full path on our own chats', () => {
    for (const text of ownRows) expect(decision(fast, text), text).toEqual(decision(full, text));
  });

  it('gives the same decisions on generated mixes of weak, strong, commerce and counter words', () => {
    fc.assert(
      fc.property(mix, (text) => {
        expect(decision(fast, text)).toEqual(decision(full, text));
      }),
      { numRuns: 3000 },
    );
  });

  it('really skips: a weak word with commerce comes back without reasons', () => {
    const text = 'Fake nails set, 20 pcs, $10, free shipping';
    expect(full.scan(text).reasons.length).toBeGreaterThan(0);
    expect(fast.scan(text)).toMatchObject({ flagged: false, reasons: [] });
  });
});
