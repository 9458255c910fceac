/**
 * Splits NORMALISED text into tokens, writing into reusable typed arrays (no per-token
 * allocation: this runs on every chat message).
 *
 *   "beuh 10€/g 📦\n@plug"  →  WORD beuh · NUM 10 · SYM € · WORD g · SYM 📦 · NL · SYM @ · WORD plug
 *
 * Letter/digit boundaries split a token ("500mg" → NUM 500 · WORD mg, "3mmc" → NUM 3 · WORD mmc),
 * and rule terms are tokenised the same way, so "5f-pb22" in a rule matches "5F-PB22" in a title.
 * Each token carries an FNV-1a hash of its characters, plus the hash without its last character
 * (to try a singular for a plural "s"/"x") and a flag for doubled letters (to try "cooke" → "coke").
 */

export const TOKEN_WORD = 1;
export const TOKEN_NUM = 2;
export const TOKEN_SYM = 3;
export const TOKEN_NL = 4;

/**
 * Hashes are cut to 30 bits so they stay V8 small integers: a full 32-bit value would be boxed as
 * a heap number on every Map lookup. Collisions are harmless: every hit is checked against text.
 */
export const SMI_MASK = 0x3fffffff;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Hash of a string, the same function the tokenizer uses. */
export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h & SMI_MASK;
}

/** Hash `s` with runs of identical characters squeezed to one ("cooke" → "coke"). */
export function hashSqueezed(s: string, from = 0, to = s.length): number {
  let h = FNV_OFFSET;
  let prev = -1;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === prev) continue;
    h = Math.imul(h ^ c, FNV_PRIME);
    prev = c;
  }
  return h & SMI_MASK;
}

export interface Tokens {
  count: number;
  /** How many number tokens: without any, no quantity, dose or chemical code can exist. */
  numbers: number;
  kind: Uint8Array;
  start: Uint32Array;
  end: Uint32Array;
  hash: Uint32Array;
  /** Hash without the last character; 0 when the token is not a word ending in s or x. */
  stemHash: Uint32Array;
  /** 1 when the word has a doubled letter (candidate for the squeezed lookup). */
  doubled: Uint8Array;
  /** For words with a doubled letter: hash with repeats squeezed, and the same without the last letter. */
  squeezedHash: Uint32Array;
  squeezedStemHash: Uint32Array;
  /** 1 when the token is directly preceded by the previous token (no space or punctuation between). */
  glued: Uint8Array;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** ASCII punctuation and spaces that only separate tokens. Everything else non-alphanumeric is a symbol. */
const SEPARATORS = new Uint8Array(128);
for (const ch of ' \t.,;:!?\'"()[]{}-_/\\|*=<>~`^#&+') SEPARATORS[ch.charCodeAt(0)] = 1;

function isLetter(c: number): boolean {
  if (c < 128) return isAsciiLetter(c);
  // Latin-1 letters, Latin extended, Greek, Cyrillic, Arabic… (normalised text is mostly a–z already).
  return (
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
    (c >= 0x370 && c <= 0x52f) ||
    (c >= 0x5d0 && c <= 0x6ff) ||
    (c >= 0x4e00 && c <= 0x9fff)
  );
}

let buffers: Tokens = allocate(256);

function allocate(size: number): Tokens {
  return {
    count: 0,
    numbers: 0,
    kind: new Uint8Array(size),
    start: new Uint32Array(size),
    end: new Uint32Array(size),
    hash: new Uint32Array(size),
    stemHash: new Uint32Array(size),
    doubled: new Uint8Array(size),
    squeezedHash: new Uint32Array(size),
    squeezedStemHash: new Uint32Array(size),
    glued: new Uint8Array(size),
  };
}

/**
 * Tokenise `text`. The returned object and its arrays are REUSED by the next call: read what you
 * need before tokenising again.
 */
export function tokenize(text: string): Tokens {
  const n = text.length;
  // A text of n units has at most n tokens.
  if (buffers.kind.length < n + 1) buffers = allocate(Math.max(n + 1, buffers.kind.length * 2));
  const t = buffers;
  let count = 0;
  let numbers = 0;
  let i = 0;
  let lastEnd = -1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      t.kind[count] = TOKEN_NL;
      t.start[count] = i;
      t.end[count] = i + 1;
      t.hash[count] = 10;
      t.stemHash[count] = 0;
      t.doubled[count] = 0;
      t.glued[count] = 0;
      count++;
      i++;
      lastEnd = -1;
      continue;
    }
    if (c < 128 && SEPARATORS[c] === 1) {
      i++;
      continue;
    }
    const start = i;
    let h = FNV_OFFSET;
    let prevHash = FNV_OFFSET;
    let kind: number;
    let doubled = 0;
    let sq = FNV_OFFSET;
    let prevSq = FNV_OFFSET;
    if (isDigit(c)) {
      kind = TOKEN_NUM;
      numbers++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isDigit(d)) {
          h = Math.imul(h ^ d, FNV_PRIME);
          i++;
        } else if ((d === 46 || d === 44) && i + 1 < n && isDigit(text.charCodeAt(i + 1))) {
          // "6.35", "1,5": one number. The separator hashes as "." so "6,35" and "6.35" are equal.
          h = Math.imul(h ^ 46, FNV_PRIME);
          i++;
        } else break;
      }
    } else if (isLetter(c)) {
      kind = TOKEN_WORD;
      let prev = -1;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (!isLetter(d)) break;
        prevSq = sq;
        if (d === prev) doubled = 1;
        else sq = Math.imul(sq ^ d, FNV_PRIME);
        prev = d;
        prevHash = h;
        h = Math.imul(h ^ d, FNV_PRIME);
        i++;
      }
    } else {
      kind = TOKEN_SYM;
      // One code point (a surrogate pair stays together).
      h = Math.imul(h ^ c, FNV_PRIME);
      i++;
      if (c >= 0xd800 && c <= 0xdbff && i < n) {
        const d = text.charCodeAt(i);
        if (d >= 0xdc00 && d <= 0xdfff) {
          h = Math.imul(h ^ d, FNV_PRIME);
          i++;
        }
      }
    }
    t.kind[count] = kind;
    t.start[count] = start;
    t.end[count] = i;
    t.hash[count] = h & SMI_MASK;
    const last = text.charCodeAt(i - 1);
    t.stemHash[count] =
      kind === TOKEN_WORD && i - start > 3 && (last === 115 || last === 120) ? prevHash & SMI_MASK : 0;
    t.doubled[count] = doubled;
    t.squeezedHash[count] = doubled ? sq & SMI_MASK : 0;
    t.squeezedStemHash[count] = doubled ? prevSq & SMI_MASK : 0;
    t.glued[count] = start === lastEnd ? 1 : 0;
    lastEnd = i;
    count++;
  }
  t.count = count;
  t.numbers = numbers;
  return t;
}
