/**
 * Character classes of NORMALISED code points, computed once per code point and carried in the
 * work buffer so that the context steps (leetspeak, separators, repeats) never re-classify.
 */

export const CLS_OTHER = 0;
export const CLS_LETTER = 1;
export const CLS_DIGIT = 2;
export const CLS_SPACE = 3;
export const CLS_NEWLINE = 4;

const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) ASCII_CLASS[c] = CLS_LETTER;
  else if (c >= 48 && c <= 57) ASCII_CLASS[c] = CLS_DIGIT;
  else if (c === 32) ASCII_CLASS[c] = CLS_SPACE;
  else if (c === 10) ASCII_CLASS[c] = CLS_NEWLINE;
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/**
 * Class of one normalised code point. Only called when a code point enters the fold cache, so the
 * regular expressions run once per distinct code point.
 *
 * @example classify(0x63) === CLS_LETTER; classify(0x1f343) === CLS_OTHER // 🍃
 */
export function classify(cp: number): number {
  if (cp < 128) return ASCII_CLASS[cp] as number;
  const ch = String.fromCodePoint(cp);
  if (LETTER.test(ch)) return CLS_LETTER;
  if (DIGIT.test(ch)) return CLS_DIGIT;
  return CLS_OTHER;
}

/** Class of an ASCII code unit (table lookup, for the fast path). */
export function asciiClass(c: number): number {
  return ASCII_CLASS[c] as number;
}
