/**
 * Steps 2–5 and the per-character part of 9, composed and CACHED per code point.
 *
 *   cp ──► invisible? ──► whitespace? ──► NFKD − marks + tables ──► confusable? ──► lowercase ──► confusable?
 *            (drop)          (' ' '\n')        (fold-compat)        (upper-case     (fold-case)     (lower-case
 *                                                                     look-alikes)                   look-alikes)
 *
 * The chain is applied until it reaches a fixed point (at most a few rounds: İ → i + U+0307 → i),
 * so folding a folded character changes nothing — the basis of the pipeline's idempotence.
 * Results are memoised (a typed-array slot below U+3000, a Map above): `String.prototype.normalize`
 * runs at most once per distinct code point. ASCII never gets here (the decoders have tables).
 */
import { classify } from './char-class';
import { foldCase } from './fold-case';
import { foldCompat } from './fold-compat';
import { foldWhitespace } from './fold-whitespace';
import { resolveConfusable } from './resolve-confusables';
import { isInvisible } from './strip-invisible';

/** A folded code point packed with its class: `cp * 8 + cls` (cls < 8). */
export function pack(cp: number, cls: number): number {
  return cp * 8 + cls;
}

/** Result of folding one code point: DROPPED, one packed code point, or several. */
export type Fold = number | Uint32Array;
export const DROPPED = -1;

/**
 * Beyond this many distinct code points the cache starts over, so that a hostile message made of
 * thousands of rare code points cannot grow memory without bound.
 */
const CACHE_LIMIT = 1 << 16;
const cache = new Map<number, Fold>();

function pushString(s: string, out: number[]): void {
  for (const ch of s) out.push(ch.codePointAt(0) as number);
}

/** One application of steps 2–5 to one code point. */
function foldOnce(cp: number, out: number[]): void {
  if (isInvisible(cp) || (cp >= 0xd800 && cp <= 0xdfff)) return;
  const ws = foldWhitespace(cp);
  if (ws >= 0) {
    out.push(ws);
    return;
  }
  // A listed look-alike wins over its compatibility form: Ϲ (lunate sigma) reads "C", while NFKD
  // would make it Σ, then σ, then "o".
  const direct = resolveConfusable(cp);
  if (direct !== undefined) {
    pushString(direct, out);
    return;
  }
  for (const ch of foldCompat(cp)) {
    const c = ch.codePointAt(0) as number;
    const upper = resolveConfusable(c);
    if (upper !== undefined) {
      pushString(upper, out);
      continue;
    }
    for (const lower of foldCase(c)) {
      const l = lower.codePointAt(0) as number;
      const look = resolveConfusable(l);
      if (look !== undefined) pushString(look, out);
      else out.push(l);
    }
  }
}

function sameSequence(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function compute(cp: number): Fold {
  let current = [cp];
  for (let round = 0; round < 8; round++) {
    const next: number[] = [];
    for (const c of current) foldOnce(c, next);
    const stable = sameSequence(next, current);
    current = next;
    if (stable) break;
  }
  if (current.length === 0) return DROPPED;
  const packed = current.map((c) => pack(c, classify(c)));
  return packed.length === 1 ? (packed[0] as number) : Uint32Array.from(packed);
}

/**
 * Code points below this get a typed-array slot instead of a Map entry: Latin, Greek, Cyrillic,
 * punctuation, currency, letter-like symbols, dingbats (❄ U+2744) — the non-ASCII characters of
 * nearly every French message (48 KB). Slot values: 0 = not computed yet, 1 = dropped,
 * -1 = several code points (kept in the Map), otherwise packed + 2.
 */
const TABLE_SIZE = 0x3000;
const table = new Int32Array(TABLE_SIZE);

function fromMap(cp: number): Fold {
  let f = cache.get(cp);
  if (f === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    f = compute(cp);
    cache.set(cp, f);
  }
  return f;
}

/**
 * Fold one (non-ASCII) code point: DROPPED, one packed code point (cp * 8 + class), or several.
 *
 * @example foldCodePoint(0xff23) === pack(0x63, CLS_LETTER) // Ｃ → c
 */
export function foldCodePoint(cp: number): Fold {
  if (cp >= TABLE_SIZE) return fromMap(cp);
  const slot = table[cp] as number;
  if (slot > 1) return slot - 2;
  if (slot === 1) return DROPPED;
  if (slot === -1) return fromMap(cp);
  const f = compute(cp);
  if (typeof f === 'number') table[cp] = f === DROPPED ? 1 : f + 2;
  else {
    table[cp] = -1;
    cache.set(cp, f);
  }
  return f;
}
