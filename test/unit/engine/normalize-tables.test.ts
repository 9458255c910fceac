import { describe, expect, it } from 'vitest';
import { normalize } from '../../../src/engine/normalize';
import { LATIN_FOLDS } from '../../../src/engine/normalize/fold-compat.data';
import { CONFUSABLES } from '../../../src/engine/normalize/resolve-confusables.data';
import { INVISIBLE_RANGES } from '../../../src/engine/normalize/strip-invisible.data';

const norm = (s: string) => normalize(s).text;

/** Every code point of the BMP (surrogates excluded) and of the astral blocks sellers use. */
function* codePoints(): Generator<number> {
  for (let cp = 0; cp <= 0xffff; cp++) if (cp < 0xd800 || cp > 0xdfff) yield cp;
  const astral: [number, number][] = [
    [0x1d400, 0x1d7ff], // mathematical alphanumerics
    [0x1f100, 0x1f1ff], // enclosed alphanumeric supplement
    [0x1f300, 0x1faff], // emoji
    [0xe0000, 0xe01ef], // tags, variation selectors supplement
  ];
  for (const [lo, hi] of astral) for (let cp = lo; cp <= hi; cp++) yield cp;
}

// Characters are tested inside parentheses: no letter or separator next to them, so no context
// rule (leetspeak, separated letters, repeats) applies.
describe('per-character folds', () => {
  it('are idempotent for every code point (folding a folded character changes nothing)', () => {
    const unstable: string[] = [];
    for (const cp of codePoints()) {
      const once = norm(`x${String.fromCodePoint(cp)}x`);
      if (norm(once) !== once) unstable.push(cp.toString(16));
    }
    expect(unstable).toEqual([]);
  });

  it('drop every Default_Ignorable_Code_Point', () => {
    const kept: string[] = [];
    for (const cp of codePoints()) {
      const ch = String.fromCodePoint(cp);
      if (/\p{Default_Ignorable_Code_Point}/u.test(ch) && norm(`ab${ch}cd`) !== 'abcd')
        kept.push(cp.toString(16));
    }
    expect(kept).toEqual([]);
  });

  it('have sorted, disjoint invisible ranges', () => {
    for (let k = 0; k < INVISIBLE_RANGES.length; k++) {
      const [lo, hi] = INVISIBLE_RANGES[k] as readonly [number, number];
      expect(lo).toBeLessThanOrEqual(hi);
      if (k > 0) expect(lo).toBeGreaterThan((INVISIBLE_RANGES[k - 1] as readonly [number, number])[1]);
    }
  });

  it('map every confusable to one ASCII letter, and only non-Latin keys', () => {
    for (const [cp, latin] of CONFUSABLES) {
      expect(latin).toMatch(/^[a-z]$/);
      expect(String.fromCodePoint(cp)).toMatch(/\p{Script=Cyrillic}|\p{Script=Greek}|\p{Script=Armenian}/u);
      expect(norm(`(${String.fromCodePoint(cp)})`)).toBe(`(${latin})`);
    }
  });

  it('fold every special Latin letter to ASCII letters', () => {
    for (const [cp, ascii] of LATIN_FOLDS) {
      expect(ascii).toMatch(/^[a-z]+$/);
      expect(norm(`(${String.fromCodePoint(cp)})`)).toBe(`(${ascii})`);
    }
  });

  it.each([
    ['A', 'a'],
    ['Z', 'z'],
    ['É', 'e'],
    ['Ÿ', 'y'],
    ['Ø', 'o'],
    ['Ł', 'l'],
    ['ẞ', 'ss'],
    ['Æ', 'ae'],
    ['Œ', 'oe'],
    ['Þ', 'th'],
    ['ı', 'i'],
    ['ǅ', 'dz'],
    ['㎏', 'kg'],
    ['²', '2'],
    ['①', '1'],
    ['𝟙', '1'],
    ['Ⅻ', 'xii'],
    ['µ', 'u'],
    ['ℓ', 'l'],
    ['ℂ', 'c'],
    ['ℹ', 'i'],
  ])('%j → %j', (input, expected) => {
    expect(norm(`(${input})`)).toBe(`(${expected})`);
  });

  it.each([
    ['Η', 'h'], // Greek capital eta looks like H…
    ['η', 'n'], // …its small letter like n
    ['Ν', 'n'],
    ['ν', 'v'],
    ['Μ', 'm'],
    ['μ', 'u'],
  ])('keeps the look of each case: %j → %j', (input, expected) => {
    expect(norm(`(${input})`)).toBe(`(${expected})`);
  });

  it('lets every emoji of the emoji blocks through unchanged (no folding of symbols)', () => {
    for (let cp = 0x1f300; cp <= 0x1f3fa; cp++) {
      const ch = String.fromCodePoint(cp);
      if (!/\p{Extended_Pictographic}/u.test(ch)) continue;
      expect(norm(`x ${ch} x`)).toBe(`x ${ch} x`);
    }
  });
});
