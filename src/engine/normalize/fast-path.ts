/**
 * One-pass normaliser for the common message, with the same output as the full pipeline.
 *
 *   original ──► fold per character (ascii-fold tables, fold-char cache) ──► collapse runs ──►
 *                write units + maps straight into the output scratch
 *
 * Most chat messages need none of the context steps: no leet symbol right after a letter, no
 * chain of three single-letter tokens, no regional indicator, no multi-code-point fold (œ, …),
 * no CR, no broken surrogate. For those, leetspeak and the separator join provably change
 * nothing, so one pass can fold, collapse and write the result. The moment a message needs a
 * context step, the fast path gives up (returns undefined) and the full pipeline (pipeline.ts)
 * starts over; the triggers below are deliberately broader than the rules they stand for:
 *
 *   trigger                                 stands for
 *   run of leet symbols after a letter,     map-leetspeak (a run between letters, or one
 *   followed by a letter, or one trailing    trailing 3/4/0 after ≥ 3 letters)
 *   3/4/0 after ≥ 3 word characters
 *   3rd single-letter/digit token in a      join-separated-letters (needs ≥ 3 single tokens
 *   chain whose gaps are separators only     with separator-only gaps)
 *   regional indicator                      regional-indicators (needs the whole run)
 *   multi-code-point fold, CR, lone half    kept simple here
 *
 * A property test checks that whenever this path answers, the full pipeline gives the same
 * text and maps. On the French dev corpus it answers for about 85 % of messages.
 */
import * as ascii from './ascii-fold';
import { classify } from './char-class';
import { runLimit } from './collapse-repeats';
import { BAIL, categoryOf, END_BAILS, NEXT, START } from './fast-path-triggers';
import { DROPPED, foldCodePoint } from './fold-char';
import { type Emitted, ensureOutput, finishMaps, identityMap, outputText, scratch } from './output';
import { isRegionalIndicator } from './regional-indicators';

// Local copies of imported bindings: some loaders (tsx) compile imports to getters, which cost
// a call per access in the hot loop below.
const ASCII_OUT: Int32Array = ascii.ASCII_OUT;
const NEXT_STATE: Uint16Array = NEXT;
const END_BAIL: Uint8Array = END_BAILS;
const BAIL_STATE: number = BAIL;
const START_STATE: number = START;
const NO_FOLD: number = DROPPED;
const fold = foldCodePoint;
const isRegional = isRegionalIndicator;

/** Everything the loop needs to know about an output code point: its trigger category
 * (fast-path-triggers.ts) in bits 0–2 and its run limit (collapse-repeats.ts) in bits 3–4. */
function infoOf(v: number, cls: number): number {
  return categoryOf(v, cls) | (runLimit(v, cls) << 3);
}

/** infoOf() for every ASCII output code point. */
const ASCII_INFO = new Uint8Array(128);
for (let v = 0; v < 128; v++) ASCII_INFO[v] = infoOf(v, classify(v));
const infoOfNonAscii = infoOf;

/** 1 when the ASCII fold of c is what String.prototype.toLowerCase gives (not for tab, VT, FF). */
const ASCII_LOWER_SAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_LOWER_SAME[c] = ascii.ASCII_OUT[c] === String.fromCharCode(c).toLowerCase().charCodeAt(0) ? 1 : 0;
}
const LOWER_SAME: Uint8Array = ASCII_LOWER_SAME;

/** Set by scanFast: the maps of the last scan are the identity / its text is s.toLowerCase(). */
let lastIdentity = false;
let lastLowerSame = false;

/**
 * One pass over `s` writing units and maps into the output scratch. Returns the number of units,
 * or -1 when the message needs the full pipeline.
 */
function scanFast(s: string): number {
  const n = s.length;
  // Every input unit gives at most one output unit here (multi-code-point folds bail out).
  ensureOutput(n + 1, 0);
  const { units: u, start, end } = scratch;
  let o = 0;
  // Collapse state (collapse-repeats.ts).
  let prev = -1;
  let run = 0;
  let limit = 0;
  let last = 0;
  // State of the trigger automaton (fast-path-triggers.ts).
  let state = START_STATE;
  // Unit i of the output came from unit i of the input, for every i so far (identity maps)…
  let identity = true;
  // …and is String.prototype.toLowerCase of it (the text is then s.toLowerCase()).
  let lowerSame = true;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    let v: number;
    let info: number;
    let width = 1;
    if (c < 128) {
      v = ASCII_OUT[c] as number;
      if (v < 0) {
        if (c === 13) return -1;
        identity = false;
        if (o > 0 && end[o - 1] === i) {
          // A dropped control sticks to the previous character (both units of a pair).
          end[o - 1] = i + 1;
          if (last + 1 < o) end[last] = i + 1;
        }
        i++;
        continue;
      }
      info = ASCII_INFO[v] as number;
      if (LOWER_SAME[c] === 0) lowerSame = false;
    } else {
      v = c;
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) return -1;
        v = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        width = 2;
        identity = false; // one output entry from two input units
        if (isRegional(v)) return -1;
      }
      const f = fold(v);
      if (typeof f !== 'number') return -1;
      if (f === NO_FOLD) {
        identity = false;
        if (o > 0 && end[o - 1] === i) {
          end[o - 1] = i + width;
          if (last + 1 < o) end[last] = i + width; // previous entry was a surrogate pair
        }
        i += width;
        continue;
      }
      v = f >>> 3;
      // A BMP character folding to an astral one (U+FA6C → U+242EE) would need two output units
      // for one input unit, more than the scratch was sized for.
      if (v >= 0x10000 && width === 1) return -1;
      if (v !== c) lowerSame = false; // also true for an astral v, whose maps are not identity anyway
      info = v < 128 ? (ASCII_INFO[v] as number) : infoOfNonAscii(v, f & 7);
    }
    // Every entry, kept or collapsed, goes through the automaton: the context steps of the full
    // pipeline run before the collapse and see them all.
    state = NEXT_STATE[state * 8 + (info & 7)] as number;
    if (state === BAIL_STATE) return -1;
    if (v === prev) {
      run++;
      if (limit !== 0 && run > limit) {
        identity = false;
        end[last] = i + width;
        if (last + 1 < o) end[last + 1] = i + width;
        i += width;
        continue;
      }
    } else {
      prev = v;
      run = 1;
      limit = info >> 3;
    }
    last = o;
    if (v < 0x10000) {
      u[o] = v;
      start[o] = i;
      end[o] = i + width;
      o++;
    } else {
      const x = v - 0x10000;
      u[o] = 0xd800 + (x >> 10);
      u[o + 1] = 0xdc00 + (x & 0x3ff);
      start[o] = i;
      start[o + 1] = i;
      end[o] = i + width;
      end[o + 1] = i + width;
      o += 2;
    }
    i += width;
  }
  if (END_BAIL[state] === 1) return -1;
  lastIdentity = identity;
  lastLowerSame = lowerSame;
  return o;
}

/** Above this length a message is a paste: a trigger is near certain, go straight to the full pipeline. */
const FAST_LIMIT = 1 << 16;

/**
 * Result of the fast path. Its maps are built only when read: the detector needs spans only for
 * the messages it flags. When nothing moved they are the identity (and toOriginalSpan needs
 * none); otherwise reading them re-runs the (deterministic) scan of the original.
 */
export class FastMapped implements Emitted {
  readonly text: string;
  readonly isIdentity: boolean;
  readonly #original: string;
  #start: Uint32Array | undefined;
  #end: Uint32Array | undefined;

  constructor(text: string, original: string, isIdentity: boolean) {
    this.text = text;
    this.#original = original;
    this.isIdentity = isIdentity;
  }

  get start(): Uint32Array {
    if (this.#start === undefined) this.#materialise();
    return this.#start as Uint32Array;
  }

  get end(): Uint32Array {
    if (this.#end === undefined) this.#materialise();
    return this.#end as Uint32Array;
  }

  #materialise(): void {
    const n = this.text.length;
    if (this.isIdentity) {
      this.#start = identityMap(n, 0);
      this.#end = identityMap(n, 1);
      return;
    }
    const units = scanFast(this.#original);
    const maps = finishMaps(Math.max(units, 0));
    this.#start = maps.start;
    this.#end = maps.end;
  }
}

/**
 * Normalise `s` in one pass, or return undefined when it needs the full pipeline. `limit` is
 * raised by the caller that already knows a long text is worth trying (one line, one block).
 */
export function normalizeFast(s: string, limit = FAST_LIMIT): FastMapped | undefined {
  if (s.length > limit) return undefined;
  const o = scanFast(s);
  if (o < 0) return undefined;
  const text = lastIdentity && lastLowerSame ? s.toLowerCase() : outputText(o);
  return new FastMapped(text, s, lastIdentity);
}

/**
 * For the chunked normaliser: run the fast path on `s` and, if it answers, return its text and
 * the output scratch's maps (`units` entries), for the caller to copy before the next scan.
 */
export function scanFastInto(
  s: string,
): { text: string; units: number; start: Uint32Array; end: Uint32Array } | undefined {
  const o = scanFast(s);
  if (o < 0) return undefined;
  // Taken before outputText, which may swap an oversized scratch for a small one.
  const { start, end } = scratch;
  return { text: lastIdentity && lastLowerSame ? s.toLowerCase() : outputText(o), units: o, start, end };
}
