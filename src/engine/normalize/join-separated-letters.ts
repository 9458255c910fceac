/**
 * Step 7 — join words spelled with separated letters: "c.o.k.e", "C O K E", "c-o-k-e",
 * "w e e d", "c . o . k . e" → "coke"/"weed".
 *
 *   c . o . k . e          tokens: c o k e (single letters), gaps: "." "." "." (all equal)
 *   ^ ^ ^ ^ ^ ^ ^          → joined: c o k e, each keeping its own original position;
 *                            the separators simply vanish from the map
 *
 * Rules (conservative; two single letters are never joined: "il y a" stays):
 *  - a run is ≥ 3 single-letter tokens (a token is a maximal run of letters/digits), separated by
 *    gaps made only of LETTER_SEPARATORS, and every gap equal to the first (a run that step 8
 *    squeezes counts once: "c  o k e", "c..o.k.e" are joined; "c.o-k.e" is not);
 *  - a single leet digit may stand between letter tokens ("c 0 k e" → "coke"), or end the run if
 *    it is a trailing leet vowel ("c o k 3"); other digits at either end stay outside the run
 *    ("a b c 1 2"); a digit without leet meaning (2, 6) ends the run;
 *  - a run never crosses a line break ('\n' is not a separator).
 *  - "à" never joins (isFrenchA).
 * Known cost: three single-letter words in a row are joined (English SMS "u r a" → "ura").
 *
 * Linear: a failed run holds at most two letters, so each position is rescanned at most twice.
 */
import { CLS_DIGIT, CLS_LETTER } from './char-class';
import { runLimit } from './collapse-repeats';
import { LETTER_SEPARATORS } from './join-separated-letters.data';
import { isTrailingLeet, LEET } from './map-leetspeak';
import type { WorkBuffer } from './work-buffer';

// Local copies of imported bindings: some loaders (tsx) compile imports to getters, which cost
// a call per access in the hot loop below.
const LETTER: number = CLS_LETTER;
const DIGIT: number = CLS_DIGIT;
const LEET_OF: Uint8Array = LEET;

const SEPARATORS: ReadonlySet<number> = new Set(
  [...LETTER_SEPARATORS].map((ch) => ch.codePointAt(0) as number),
);
/** 1 for the ASCII separators (exported for the fast path, which reads it per character). */
export const ASCII_SEPARATOR = new Uint8Array(128);
for (const cp of SEPARATORS) if (cp < 128) ASCII_SEPARATOR[cp] = 1;

export function isSeparator(c: number): boolean {
  return c < 128 ? ASCII_SEPARATOR[c] === 1 : SEPARATORS.has(c);
}

function isWord(cls: Uint8Array, k: number): boolean {
  const k0 = cls[k];
  return k0 === LETTER || k0 === DIGIT;
}

function isSingle(cls: Uint8Array, k: number, len: number): boolean {
  return isWord(cls, k) && (k === 0 || !isWord(cls, k - 1)) && (k + 1 === len || !isWord(cls, k + 1));
}

/**
 * Gap equality as it will read after collapse-repeats: a run of a separator that step 8 squeezes
 * counts once ("c..o.k" has equal gaps), so that normalising the output again joins nothing new.
 */
function sameGap(
  cp: Uint32Array,
  cls: Uint8Array,
  a: number,
  aEnd: number,
  b: number,
  bEnd: number,
): boolean {
  while (a < aEnd && b < bEnd) {
    const x = cp[a] as number;
    if (x !== cp[b]) return false;
    a++;
    b++;
    if (runLimit(x, cls[a - 1] as number) === 1) {
      while (a < aEnd && cp[a] === x) a++;
      while (b < bEnd && cp[b] === x) b++;
    }
  }
  return a === aEnd && b === bEnd;
}

let tokens = new Uint32Array(64);

/**
 * Collect the run of single-letter tokens starting at letter `p`. Returns how many tokens of
 * `tokens` form a joinable run (0 when it must not be joined).
 */
function collectRun(w: WorkBuffer, original: string, p: number): number {
  const { cp, cls, st, len } = w;
  let count = 0;
  tokens[count++] = p;
  let q = p + 1;
  let gapStart = -1;
  let gapEnd = -1;
  for (;;) {
    let g = q;
    while (g < len && isSeparator(cp[g] as number)) g++;
    if (g === q || g >= len || !isSingle(cls, g, len) || isFrenchA(original, st[g] as number)) break;
    if (cls[g] === DIGIT && !((cp[g] as number) < 128 && LEET_OF[cp[g] as number] !== 0)) break;
    if (gapStart < 0) {
      gapStart = q;
      gapEnd = g;
    } else if (!sameGap(cp, cls, gapStart, gapEnd, q, g)) break;
    if (count === tokens.length) {
      const grown = new Uint32Array(count * 2);
      grown.set(tokens);
      tokens = grown;
    }
    tokens[count++] = g;
    q = g + 1;
  }
  // A final digit stays outside the run unless it is a trailing leet vowel ("C O K 3").
  const last = count > 1 ? (tokens[count - 1] as number) : -1;
  const trailing =
    last >= 0 &&
    cls[last] === DIGIT &&
    cls[tokens[count - 2] as number] === LETTER &&
    isTrailingLeet(cp[last] as number);
  while (count > 0 && cls[tokens[count - 1] as number] === DIGIT) count--;
  let letters = 0;
  for (let k = 0; k < count; k++) if (cls[tokens[k] as number] === LETTER) letters++;
  if (letters < 3) return 0;
  return trailing ? count + 1 : count;
}

/**
 * The French preposition "à" is a single letter between words all the time ("il y a à manger",
 * "de A à Z", "tête à tête"), and sellers do not accent spelled-out letters: it never joins.
 */
function isFrenchA(original: string, at: number): boolean {
  const c = original.charCodeAt(at);
  return c === 0xe0 || c === 0xc0 || ((c === 0x61 || c === 0x41) && original.charCodeAt(at + 1) === 0x300);
}

/** 1 for the classes that make up a token (letters and digits). */
const WORD = new Uint8Array(8);
WORD[CLS_LETTER] = 1;
WORD[CLS_DIGIT] = 1;

export function joinSeparatedLetters(w: WorkBuffer, original: string): void {
  const { cp, cls, st, en, len } = w;
  let out = 0;
  let r = 0;
  let prevWord = 0;
  while (r < len) {
    const k = cls[r] as number;
    if (
      k === LETTER &&
      prevWord === 0 &&
      (r + 1 === len || WORD[cls[r + 1] as number] === 0) &&
      !isFrenchA(original, st[r] as number)
    ) {
      const count = collectRun(w, original, r);
      if (count > 0) {
        for (let t = 0; t < count; t++) {
          const at = tokens[t] as number;
          const c = cp[at] as number;
          cp[out] = cls[at] === DIGIT ? (LEET_OF[c] as number) : c;
          cls[out] = LETTER;
          st[out] = st[at] as number;
          en[out] = en[at] as number;
          out++;
        }
        r = (tokens[count - 1] as number) + 1;
        prevWord = 1;
        continue;
      }
    }
    prevWord = WORD[k] as number;
    if (out !== r) {
      cp[out] = cp[r] as number;
      cls[out] = k;
      st[out] = st[r] as number;
      en[out] = en[r] as number;
    }
    out++;
    r++;
  }
  w.len = out;
}
