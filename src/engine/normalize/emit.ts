/**
 * Last step of the full pipeline — code points → UTF-16 text and the per-unit start/end maps of
 * the public API, with the repeat/space collapse of collapse-repeats.ts applied on the way (one
 * pass, not two). An astral code point (emoji, 𝐜) becomes two units that both map to the same
 * original range.
 */
import { runLimit } from './collapse-repeats';
import { type Emitted, ensureOutput, finishOutput, scratch } from './output';
import type { WorkBuffer } from './work-buffer';

// Local copy: some loaders (tsx) compile imports to getters, a call per access in the loop below.
const limitOf = runLimit;

/**
 * Collapse runs (collapse-repeats.ts) and write the text and maps in one pass over the buffer,
 * into scratch arrays; the caller's maps are then copied out at their exact size (a memcpy).
 */
export function emit(w: WorkBuffer): Emitted {
  const { cp, cls, st, en, len } = w;
  // One unit per entry, two for an astral one: counted, not assumed (len * 2 doubled the
  // scratch, a fresh allocation of the whole size on every long text).
  let units = len;
  for (let r = 0; r < len; r++) if ((cp[r] as number) >= 0x10000) units++;
  ensureOutput(units, 0);
  const { units: u, start, end } = scratch;
  let o = 0;
  let prev = -1;
  let run = 0;
  let limit = 0;
  /** First unit of the last written entry (an entry is 1 or 2 units). */
  let last = 0;
  for (let r = 0; r < len; r++) {
    const c = cp[r] as number;
    const e = en[r] as number;
    if (c === prev) {
      run++;
      if (limit !== 0 && run > limit) {
        // Collapsed away: the last kept entry now also covers this one.
        end[last] = e;
        if (last + 1 < o) end[last + 1] = e;
        continue;
      }
    } else {
      prev = c;
      run = 1;
      limit = limitOf(c, cls[r] as number);
    }
    const s = st[r] as number;
    last = o;
    if (c < 0x10000) {
      u[o] = c;
      start[o] = s;
      end[o] = e;
      o++;
    } else {
      const v = c - 0x10000;
      u[o] = 0xd800 + (v >> 10);
      u[o + 1] = 0xdc00 + (v & 0x3ff);
      start[o] = s;
      start[o + 1] = s;
      end[o] = e;
      end[o + 1] = e;
      o += 2;
    }
  }
  return finishOutput(o);
}
