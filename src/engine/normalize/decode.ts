/**
 * Step 1 — decode UTF-16 into code points and run the per-character folds (steps 2–5, and the
 * whitespace mapping of step 9) on the way into the work buffer.
 *
 * - ASCII takes a table-driven fast path: no call, no allocation, no Map lookup.
 * - A lone surrogate (half of a broken pair) is dropped; it never throws.
 * - A dropped character extends the range of the kept one just before it (if adjacent), so that
 *   a highlight covers the whole grapheme the user sees.
 * - CR LF and lone CR become one '\n' covering the original pair.
 * - Regional indicators pass through as symbols; regional-indicators.ts decides later, on the
 *   folded text, which are letters.
 * - Everything else goes through the cached fold of fold-char.ts.
 */
import * as ascii from './ascii-fold';
import { CLS_NEWLINE } from './char-class';
import { DROPPED, foldCodePoint } from './fold-char';
import { isRegionalIndicator } from './regional-indicators';
import { ensureCapacity, type WorkBuffer } from './work-buffer';

// Local copies of imported bindings: some loaders (tsx) compile imports to getters, which cost
// a call per access in the hot loop below.
const NEWLINE: number = CLS_NEWLINE;
const ASCII_OUT: Int32Array = ascii.ASCII_OUT;
const ASCII_OUT_CLASS: Uint8Array = ascii.ASCII_OUT_CLASS;
const CR: number = ascii.CR;
const NO_FOLD: number = DROPPED;
const fold = foldCodePoint;
const isRegional = isRegionalIndicator;

/**
 * Fill `w` from `s`. Returns the number of code points written (also stored in `w.len`).
 *
 * Invariant kept for cheap capacity checks: capacity ≥ written + (units still to read), because
 * every unit yields at most one entry except the multi-code-point folds, which check for room.
 */
export function decode(s: string, w: WorkBuffer): number {
  const n = s.length;
  ensureCapacity(w, n + 1, 0);
  let { cp, cls, st, en } = w;
  let o = 0;
  let i = 0;
  w.hasRegional = false;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      const m = ASCII_OUT[c] as number;
      if (m >= 0) {
        cp[o] = m;
        cls[o] = ASCII_OUT_CLASS[c] as number;
        st[o] = i;
        en[o] = ++i;
        o++;
      } else if (c === CR) {
        st[o] = i;
        i += i + 1 < n && s.charCodeAt(i + 1) === 10 ? 2 : 1;
        cp[o] = 10;
        cls[o] = NEWLINE;
        en[o] = i;
        o++;
      } else {
        if (o > 0 && en[o - 1] === i) en[o - 1] = i + 1;
        i++;
      }
      continue;
    }
    let v = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) {
        if (o > 0 && en[o - 1] === i) en[o - 1] = i + 1;
        i++; // lone surrogate: dropped
        continue;
      }
      v = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
      width = 2;
      if (isRegional(v)) w.hasRegional = true;
    }
    const f = fold(v);
    if (typeof f === 'number') {
      if (f === NO_FOLD) {
        // A dropped mark, variation selector or skin tone belongs to the character before it:
        // stretch that character's range so highlights never split "e\u0301", "❄️" or "👍🏽".
        if (o > 0 && en[o - 1] === i) en[o - 1] = i + width;
      } else {
        cp[o] = f >>> 3;
        cls[o] = f & 7;
        st[o] = i;
        en[o] = i + width;
        o++;
      }
    } else {
      const need = o + f.length + (n - i - width) + 1;
      if (cp.length < need) {
        ensureCapacity(w, need, o);
        ({ cp, cls, st, en } = w);
      }
      for (let k = 0; k < f.length; k++) {
        const p = f[k] as number;
        cp[o] = p >>> 3;
        cls[o] = p & 7;
        st[o] = i;
        en[o] = i + width;
        o++;
      }
    }
    i += width;
  }
  w.len = o;
  return o;
}
