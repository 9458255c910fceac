/**
 * Step 8 — repeats, and step 9 — runs of spaces:
 *
 *   class     run of identical code points kept as
 *   letter    3+ → 2          "coooke" → "cooke", "weeeeed" → "weed" (the matcher squeezes "ee")
 *   other     2+ → 1          "!!!!!" → "!", "🍃🍃🍃" → "🍃", "..." → "."
 *                             except '/' and '_' ("https://", "@plug__75") and regional
 *                             indicators (🇷🇷 is one flag, 🇷 alone would be the letter r)
 *   space     2+ → 1          "a    b" → "a b"
 *   digit     unchanged       "1000", "06 00 00 00 00"
 *   newline   unchanged       blank lines delimit menu items
 *
 * The collapse is applied by emit.ts and fast-path.ts while they write the text (one pass
 * instead of two); this module owns the rule. The last kept entry's end is stretched over the dropped ones, so a
 * highlight of the kept text still covers everything the user typed.
 */
import { CLS_DIGIT, CLS_LETTER, CLS_NEWLINE, CLS_OTHER, CLS_SPACE } from './char-class';
import { REGIONAL_INDICATOR_FIRST, REGIONAL_INDICATOR_LAST } from './fold-compat.data';

// Local copies of imported bindings: some loaders (tsx) compile imports to getters, which cost
// a call per access in the hot loop below.
const RI_FIRST: number = REGIONAL_INDICATOR_FIRST;
const RI_LAST: number = REGIONAL_INDICATOR_LAST;

/** Kept length of a run, per class; 0 = keep the whole run. */
const KEEP = new Uint8Array(8);
KEEP[CLS_LETTER] = 2;
KEEP[CLS_OTHER] = 1;
KEEP[CLS_SPACE] = 1;
KEEP[CLS_DIGIT] = 0;
KEEP[CLS_NEWLINE] = 0;

/** Punctuation whose doubling carries meaning: "https://", "plug__75" (handles, URLs). */
const SLASH = 0x2f;
const UNDERSCORE = 0x5f;

/**
 * How many identical code points `c` (of class `cls`) in a row are kept; 0 = all of them.
 *
 * @example runLimit(0x6f, CLS_LETTER) === 2; runLimit(0x21, CLS_OTHER) === 1; runLimit(0x31, CLS_DIGIT) === 0
 */
export function runLimit(c: number, cls: number): number {
  if (c < 128) return c === SLASH || c === UNDERSCORE ? 0 : (KEEP[cls] as number);
  return c >= RI_FIRST && c <= RI_LAST ? 0 : (KEEP[cls] as number);
}
