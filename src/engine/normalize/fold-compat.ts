/**
 * Step 3 — compatibility forms and accents.
 *
 * NFKD per code point folds full-width letters (ｃｏｋｅ), mathematical alphanumerics (𝐜𝐨𝐤𝐞),
 * superscripts, circled letters (ⓒ), ligatures (ﬁ) and units (㎏); removing the combining marks it
 * leaves behind strips accents (é → e, ç → c). Nonspacing and enclosing marks (\p{Mn}, \p{Me}) are
 * removed — this also deletes "Zalgo" stacks and the keycap ⃣ of 1️⃣; spacing marks (\p{Mc}) are
 * kept because they carry vowels in Indic scripts. Then tables cover what NFKD leaves alone
 * (fold-compat.data.ts).
 *
 * Pure and called only by fold-char.ts, which caches the result per code point.
 */
import { APOSTROPHES, ENCLOSED_LETTER_RANGES, LATIN_FOLDS } from './fold-compat.data';

const MARK = /[\p{Mn}\p{Me}]/gu;

function latinFold(ch: string): string | undefined {
  const cp = ch.codePointAt(0) as number;
  const direct = LATIN_FOLDS.get(cp);
  if (direct !== undefined) return direct;
  // The table is keyed on lowercase letters; Œ, Æ, Ø, Ł, ẞ… reach it through their lowercase.
  const lower = ch.toLowerCase();
  return lower.length === ch.length ? LATIN_FOLDS.get(lower.codePointAt(0) as number) : undefined;
}

/**
 * Compatibility fold of ONE code point: a string of zero or more code points.
 *
 * @example foldCompat(0xff43) === 'c'   // ｃ
 * @example foldCompat(0xe9) === 'e'     // é
 * @example foldCompat(0x1f172) === 'c'  // 🅲
 * @example foldCompat(0x153) === 'oe'   // œ
 * @example foldCompat(0x2019) === "'"  // ’
 */
export function foldCompat(cp: number): string {
  if (APOSTROPHES.has(cp)) return "'";
  for (const [first, last, letter] of ENCLOSED_LETTER_RANGES) {
    if (cp >= first && cp <= last) return String.fromCharCode(letter.charCodeAt(0) + cp - first);
  }
  const decomposed = String.fromCodePoint(cp).normalize('NFKD').replace(MARK, '');
  let out = '';
  for (const ch of decomposed) out += latinFold(ch) ?? ch;
  return out;
}
