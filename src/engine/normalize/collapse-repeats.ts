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
 * The last kept entry's end is stretched over the dropped ones, so a highlight of the kept text
 * still covers everything the user typed. Compacts the work buffer in place and counts the UTF-16
 * units of the result, so that emit.ts can allocate the caller's maps at their exact size.
 */
import { CLS_DIGIT, CLS_LETTER, CLS_NEWLINE, CLS_OTHER, CLS_SPACE } from './char-class';
import { isRegionalIndicator } from './regional-indicators';
import type { WorkBuffer } from './work-buffer';

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
  if (c === SLASH || c === UNDERSCORE || isRegionalIndicator(c)) return 0;
  return KEEP[cls] as number;
}

/** Collapse runs in place; returns the number of UTF-16 units the result will take. */
export function collapseRepeats(w: WorkBuffer): number {
  const { cp, cls, st, en, len } = w;
  let out = 0;
  let units = 0;
  let prev = -1;
  let run = 0;
  let limit = 0;
  for (let r = 0; r < len; r++) {
    const c = cp[r] as number;
    if (c === prev) {
      run++;
      if (limit !== 0 && run > limit) {
        en[out - 1] = en[r] as number; // the last kept entry now also covers this one
        continue;
      }
    } else {
      prev = c;
      run = 1;
      limit = runLimit(c, cls[r] as number);
    }
    if (out !== r) {
      cp[out] = c;
      cls[out] = cls[r] as number;
      st[out] = st[r] as number;
      en[out] = en[r] as number;
    }
    out++;
    units += c < 0x10000 ? 1 : 2;
  }
  w.len = out;
  return units;
}
