/**
 * Compiling takes a shortcut for plain terms (letters, French accents, spaces, hyphens,
 * apostrophes) instead of running the message normaliser on each. It must give exactly the tokens
 * the normaliser and tokenizer give, for every term we ship and for generated ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../../scripts/lib/rule-sources';
import { slowTermTokens, termTokens } from '../../../src/engine/ruleset/compile';

const general = (term: string) => slowTermTokens(term.trim().replace(/\*$/, ''));

describe('term tokens', () => {
  it('the shortcut agrees with the normaliser on every bundled term', () => {
    const { bundle } = buildBundle();
    const terms = bundle.rules.flatMap((r) => r.terms);
    expect(terms.length).toBeGreaterThan(1000);
    for (const term of terms) expect(termTokens(term).tokens, term).toEqual(general(term));
  });

  it('agrees on generated terms made of the characters the shortcut accepts, and a few it does not', () => {
    const piece = fc
      .array(
        fc.constantFrom('a', 'b', 'o', 'é', 'à', 'œ', 'ç', 'i', "'", '’', '-', 'e', 'oo', 'x', '1', 'É'),
        {
          minLength: 1,
          maxLength: 8,
        },
      )
      .map((p) => p.join(''));
    const term = fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(' '));
    fc.assert(
      fc.property(term, (t) => {
        const expected = general(t);
        fc.pre(expected.length > 0);
        expect(termTokens(t).tokens).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
