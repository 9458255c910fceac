/**
 * Step 2 — drop invisible and bidi characters.
 *
 * Runs before compatibility folding, because some folds would otherwise produce them
 * (NFKD maps U+3164 HANGUL FILLER to U+1160, itself invisible); the fold step re-checks its output.
 */
import { CONTROL_RANGES, INVISIBLE_RANGES } from './strip-invisible.data';

function inRanges(cp: number, ranges: readonly (readonly [number, number])[]): boolean {
  for (const [lo, hi] of ranges) {
    if (cp < lo) return false;
    if (cp <= hi) return true;
  }
  return false;
}

/**
 * True when `cp` must vanish from the normalised text.
 *
 * @example isInvisible(0x200b) === true  // zero-width space
 * @example isInvisible(0x63) === false   // "c"
 */
export function isInvisible(cp: number): boolean {
  return inRanges(cp, CONTROL_RANGES) || inRanges(cp, INVISIBLE_RANGES);
}
