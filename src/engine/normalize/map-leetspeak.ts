/**
 * Step 6 — leetspeak inside words: "c0ke" → "coke", "w33d" → "weed", "sh!t" → "shit",
 * "m@rijuana" → "marijuana", "coc4in3" → "cocaine".
 *
 * A run of leet symbols is mapped only when it sits BETWEEN letters. Numbers that merely touch a
 * word stay: "9mm", "3mmc", "500mg", "5g", "x10", "7j/7", "24/7", "@handle", "06 12 34 56 78".
 * Extra guards:
 *  - a trailing symbol (no letter after) is mapped only if it is one of LEET_TRAILING, alone,
 *    after ≥ 3 letters, in a word that does not start with a digit: "herb3" → "herbe",
 *    but "mp3", "ps4", "win10", "4x4" stay;
 *  - '!' and '|' are also separators: after a single letter ("c|o|k|e", "h!t") they are left for
 *    join-separated-letters.ts;
 *  - '@' followed by a domain ("jean@gmail.com") is an e-mail address, not leetspeak.
 *
 * Works in place on the work buffer; never changes its length.
 */
import { CLS_DIGIT, CLS_LETTER } from './char-class';
import { LEET_LETTERS, LEET_SEPARATORS, LEET_TRAILING } from './map-leetspeak.data';
import type { WorkBuffer } from './work-buffer';

// Local copies of imported bindings: some loaders (tsx) compile imports to getters, which cost
// a call per access in the hot loop below.
const LETTER: number = CLS_LETTER;
const DIGIT: number = CLS_DIGIT;

const AT = 0x40;
const DOT = 0x2e;

/** ASCII symbol → letter code, 0 when not a leet symbol. */
export const LEET = new Uint8Array(128);
const TRAILING = new Uint8Array(128);
const SEPARATOR = new Uint8Array(128);
for (const [symbol, letter] of Object.entries(LEET_LETTERS))
  LEET[symbol.charCodeAt(0)] = letter.charCodeAt(0);
for (const ch of LEET_TRAILING) TRAILING[ch.charCodeAt(0)] = 1;
for (const ch of LEET_SEPARATORS) SEPARATOR[ch.charCodeAt(0)] = 1;

/** True for a symbol that may end a word as a letter ("herb3"). */
export function isTrailingLeet(c: number): boolean {
  return c < 128 && TRAILING[c] === 1;
}

/** True when letters starting at `i` are followed by ".letter" (a domain after an '@'). */
function isDomainAt(cp: Uint32Array, cls: Uint8Array, i: number, len: number): boolean {
  while (i < len && cls[i] === LETTER) i++;
  return i + 1 < len && cp[i] === DOT && cls[i + 1] === LETTER;
}

function mapRun(cp: Uint32Array, cls: Uint8Array, a: number, b: number): void {
  for (let k = a; k < b; k++) {
    cp[k] = LEET[cp[k] as number] as number;
    cls[k] = LETTER;
  }
}

export function mapLeetspeak(w: WorkBuffer): void {
  const { cp, cls, len } = w;
  let i = 0;
  while (i < len) {
    const c = cp[i] as number;
    if (c >= 128 || LEET[c] === 0 || i === 0 || cls[i - 1] !== LETTER) {
      i++;
      continue;
    }
    const a = i;
    let hasSeparator = SEPARATOR[c] === 1;
    let hasAt = c === AT;
    let b = a + 1;
    for (; b < len; b++) {
      const d = cp[b] as number;
      if (d >= 128 || LEET[d] === 0) break;
      if (SEPARATOR[d] === 1) hasSeparator = true;
      if (d === AT) hasAt = true;
    }
    i = b;
    if (b < len && cls[b] === LETTER) {
      if (hasSeparator && (a < 2 || cls[a - 2] !== LETTER)) continue;
      if (hasAt && isDomainAt(cp, cls, b, len)) continue;
      mapRun(cp, cls, a, b);
    } else if (b - a === 1 && TRAILING[c] === 1 && (b === len || cls[b] !== DIGIT)) {
      let k = a - 1;
      while (k >= 0 && cls[k] === LETTER) k--;
      // Not after a digit ("4ever3") nor inside an @handle, whose letters are an identifier.
      if (a - 1 - k >= 3 && (k < 0 || (cls[k] !== DIGIT && cp[k] !== AT))) mapRun(cp, cls, a, b);
    }
  }
}
