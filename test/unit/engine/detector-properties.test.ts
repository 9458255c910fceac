/**
 * Robustness of the whole detector on hostile input (property-based, fast-check): never throws,
 * spans always lie inside the original text, results are deterministic, and big inputs work.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realRules } from './helpers';

const { detector } = realRules();

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc
    .array(
      fc.constantFrom('coke', ' ', '.', '€', '10', 'g', '\u200B', '🍃', 'с', '\n', '@', 'dispo', '\uD800'),
      {
        maxLength: 120,
      },
    )
    .map((parts) => parts.join('')),
);

describe('detector properties', () => {
  it('never throws, and spans lie inside the original text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const verdict = detector.scan(text);
        for (const reason of verdict.reasons) {
          for (const [s, e] of reason.spans) {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(e).toBeGreaterThanOrEqual(s);
            expect(e).toBeLessThanOrEqual(text.length);
          }
          // Highlights of one reason never overlap (overlapping matches are merged).
          const sorted = [...reason.spans].sort((a, b) => a[0] - b[0]);
          for (let i = 1; i < sorted.length; i++) {
            expect((sorted[i] as readonly number[])[0]).toBeGreaterThanOrEqual(
              (sorted[i - 1] as readonly number[])[1] as number,
            );
          }
        }
        expect(verdict.flagged).toBe(verdict.level !== 'none');
      }),
      { numRuns: 400 },
    );
  });

  it('merges overlapping highlights even when a merge reaches a neighbour', () => {
    // "7j/7" overlaps both "livraison 7j/7" and "7j/7 24h/24" style matches of the delivery rule.
    const text = 'beuh 10€ le g livraison 7j/7 livraison 24h/24 livraison 7j/7';
    for (const reason of detector.scan(text).reasons) {
      for (let i = 1; i < reason.spans.length; i++) {
        expect((reason.spans[i] as readonly number[])[0]).toBeGreaterThanOrEqual(
          (reason.spans[i - 1] as readonly number[])[1] as number,
        );
      }
    }
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(detector.scan(text)).toEqual(detector.scan(text));
      }),
      { numRuns: 200 },
    );
  });

  it('handles 1 MB of text, 10 000 emoji and lone surrogates', () => {
    const big = 'Beuh 10€ le g, livraison 7j/7. '.repeat(34_000);
    expect(big.length).toBeGreaterThan(1_000_000);
    const verdict = detector.scan(big);
    expect(verdict.flagged).toBe(true);
    for (const r of verdict.reasons) expect(r.spans.length).toBeLessThanOrEqual(16);
    expect(detector.scan('🍃'.repeat(10_000)).flagged).toBe(false);
    expect(() => detector.scan('\uD800\uDC00\uDC00\uD800 coke'.repeat(1000))).not.toThrow();
  });
});
