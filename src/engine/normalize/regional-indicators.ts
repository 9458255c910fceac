/**
 * Regional indicator symbols 🇦–🇿 are letters in a box; two in a row render as a flag (🇫🇷).
 * Sellers spell words with them (🇨 🇴 🇰 🇪, or glued 🇨🇴🇰🇪 which renders as letters on most
 * systems when the pair is not a known flag — and as flags when it is).
 *
 * There is no reliable way to tell a flag from two letters, so the rule is by run length: a run
 * of exactly two stays as-is (an emoji rule can list 🇨🇴); a single one, or a run of three or
 * more, is read as letters. Known cost: "🇫🇷🇧🇪" (two flags glued) reads as "frbe".
 */
import { REGIONAL_INDICATOR_FIRST, REGIONAL_INDICATOR_LAST } from './fold-compat.data';

export function isRegionalIndicator(cp: number): boolean {
  return cp >= REGIONAL_INDICATOR_FIRST && cp <= REGIONAL_INDICATOR_LAST;
}

/** Number of consecutive regional indicators starting at UTF-16 index `i` of `s`. */
export function regionalRunLength(s: string, i: number): number {
  let count = 0;
  while (i + 1 < s.length) {
    const cp = s.codePointAt(i) as number;
    if (!isRegionalIndicator(cp)) break;
    count++;
    i += 2;
  }
  return count;
}

/** True when a run of `count` regional indicators should be read as letters, not flags. */
export function isLetterRun(count: number): boolean {
  return count !== 2;
}

/** The lowercase ASCII letter of a regional indicator (🇨 → 'c'). */
export function regionalLetter(cp: number): number {
  return 0x61 + cp - REGIONAL_INDICATOR_FIRST;
}
