/**
 * Regional indicator symbols 🇦–🇿 are letters in a box; two in a row render as a flag (🇫🇷).
 * Sellers spell words with them (🇨 🇴 🇰 🇪, or glued 🇨🇴🇰🇪 which renders as letters on most
 * systems when the pair is not a known flag — and as flags when it is).
 *
 * There is no reliable way to tell a flag from two letters, so the rule is by run length: a run
 * of exactly two stays as-is (an emoji rule can list 🇨🇴); a single one, or a run of three or
 * more, is read as letters. Known cost: "🇫🇷🇧🇪" (two flags glued) reads as "frbe".
 *
 * Runs are measured on the FOLDED buffer (after invisibles are gone), not on the original:
 * "🇫🇷\u200B🇫🇷" is one run of four, as it will be when the output is normalised again.
 */
import { CLS_LETTER } from './char-class';
import { REGIONAL_INDICATOR_FIRST, REGIONAL_INDICATOR_LAST } from './fold-compat.data';
import type { WorkBuffer } from './work-buffer';

export function isRegionalIndicator(cp: number): boolean {
  return cp >= REGIONAL_INDICATOR_FIRST && cp <= REGIONAL_INDICATOR_LAST;
}

/** Turn every run of regional indicators whose length is not 2 into lowercase letters. */
export function resolveRegionalIndicators(w: WorkBuffer): void {
  const { cp, cls, len } = w;
  let i = 0;
  while (i < len) {
    if (!isRegionalIndicator(cp[i] as number)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < len && isRegionalIndicator(cp[j] as number)) j++;
    if (j - i !== 2) {
      for (let k = i; k < j; k++) {
        cp[k] = 0x61 + (cp[k] as number) - REGIONAL_INDICATOR_FIRST;
        cls[k] = CLS_LETTER;
      }
    }
    i = j;
  }
}
