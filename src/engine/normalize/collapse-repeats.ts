/**
 * Step 8 — repeats, and step 9 — runs of spaces, in one pass:
 *
 *   class     run of ≥ N identical code points kept as
 *   letter    3+ → 2          "coooke" → "cooke", "weeeeed" → "weed" (the matcher squeezes "ee")
 *   other     2+ → 1          "!!!!!" → "!", "🍃🍃🍃" → "🍃", "..." → "."
 *                             except '/' and '_' ("https://", "@plug__75")
 *   space     2+ → 1          "a    b" → "a b"
 *   digit     unchanged       "1000", "06 00 00 00 00"
 *   newline   unchanged       blank lines delimit menu items
 *
 * The last kept entry's end is stretched over the dropped ones, so a highlight of the kept text
 * still covers everything the user typed.
 */
import { CLS_DIGIT, CLS_LETTER, CLS_NEWLINE, CLS_OTHER, CLS_SPACE } from './char-class';
import type { WorkBuffer } from './work-buffer';

/** Kept length of a run, per class; 0 = keep the whole run. */
const KEEP = new Uint8Array(8);
KEEP[CLS_LETTER] = 2;
KEEP[CLS_OTHER] = 1;
KEEP[CLS_SPACE] = 1;
KEEP[CLS_DIGIT] = 0;
KEEP[CLS_NEWLINE] = 0;

/** Punctuation whose doubling carries meaning: "https://", "plug__75" (handles, URLs). */
const KEEP_DOUBLED: ReadonlySet<number> = new Set([0x2f, 0x5f]);

export function collapseRepeats(w: WorkBuffer): void {
  const { cp, cls, st, en, len } = w;
  let out = 0;
  let r = 0;
  while (r < len) {
    const c = cp[r] as number;
    const k = cls[r] as number;
    const keep = k === CLS_OTHER && KEEP_DOUBLED.has(c) ? 0 : (KEEP[k] as number);
    let end = r + 1;
    if (keep !== 0) while (end < len && cp[end] === c) end++;
    const kept = keep === 0 || end - r < keep ? end - r : keep;
    for (let j = 0; j < kept; j++, out++) {
      cp[out] = c;
      cls[out] = k;
      st[out] = st[r + j] as number;
      en[out] = en[r + j] as number;
    }
    en[out - 1] = en[end - 1] as number;
    r = end;
  }
  w.len = out;
}
