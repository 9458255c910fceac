/**
 * Builds two texts of equal length with the same 32-bit FNV-1a hash (what src/content/text.ts
 * hashText computed until it became a 128-bit SHA-256 digest), the way an attacker would: a
 * birthday search over short suffixes.
 *
 *   benign + suffix₁   and   listing + suffix₂   with fnv(benign + suffix₁) = fnv(listing + suffix₂)
 *
 * The prefixes are hashed once; 2¹⁷ benign suffixes are kept in a map, then listing suffixes are
 * tried until one lands in it (expected after ~2¹⁵ tries). Suffixes are lower-case consonants
 * after a space, so they form no word a detector would read. Deterministic: same pair every run.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const ALPHABET = 'bcdfghjklmnpqrstvwxz';
const SUFFIX = 6;

function fnvFrom(state: number, s: string): number {
  let h = state;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

function suffixOf(n: number): string {
  let s = ' ';
  for (let k = 0; k < SUFFIX; k++) {
    s += ALPHABET[n % ALPHABET.length];
    n = Math.floor(n / ALPHABET.length);
  }
  return s;
}

/** FNV-1a 32-bit over UTF-16 code units, with the length: the former hashText, "length:hash". */
export function fnvId(text: string): string {
  return `${text.length}:${fnvFrom(FNV_OFFSET, text).toString(36)}`;
}

/** Two texts, `benign…` and `listing…`, of equal length and equal FNV-1a 32-bit hash. */
export function fnvCollision(benign: string, listing: string): { benign: string; listing: string } {
  if (benign.length !== listing.length) throw new Error('prefixes must have the same length');
  const a = fnvFrom(FNV_OFFSET, benign);
  const b = fnvFrom(FNV_OFFSET, listing);
  const seen = new Map<number, number>();
  for (let n = 0; n < 1 << 17; n++) seen.set(fnvFrom(a, suffixOf(n)), n);
  const limit = ALPHABET.length ** SUFFIX;
  for (let n = 0; n < limit; n++) {
    const m = seen.get(fnvFrom(b, suffixOf(n)));
    if (m !== undefined) return { benign: benign + suffixOf(m), listing: listing + suffixOf(n) };
  }
  throw new Error('no collision found');
}
