/**
 * Last step — code points → UTF-16 text, and the per-unit start/end maps of the public API.
 * An astral code point (emoji, 𝐜) becomes two units that both map to the same original range.
 *
 * The string is built with String.fromCharCode over slices of at most 8192 units: spreading a
 * bigger array into one call can overflow the engine's argument limit.
 */
import type { WorkBuffer } from './work-buffer';

const CHUNK = 8192;
let units = new Uint16Array(1024);
let startMap = new Uint32Array(1024);
let endMap = new Uint32Array(1024);

export interface Emitted {
  text: string;
  start: Uint32Array;
  end: Uint32Array;
}

export function emit(w: WorkBuffer): Emitted {
  const { cp, st, en, len } = w;
  const max = len * 2;
  if (units.length < max) {
    const size = Math.max(max, units.length * 2);
    units = new Uint16Array(size);
    startMap = new Uint32Array(size);
    endMap = new Uint32Array(size);
  }
  let o = 0;
  for (let r = 0; r < len; r++) {
    const c = cp[r] as number;
    const s = st[r] as number;
    const e = en[r] as number;
    if (c < 0x10000) {
      units[o] = c;
      startMap[o] = s;
      endMap[o] = e;
      o++;
    } else {
      const v = c - 0x10000;
      units[o] = 0xd800 + (v >> 10);
      units[o + 1] = 0xdc00 + (v & 0x3ff);
      startMap[o] = s;
      startMap[o + 1] = s;
      endMap[o] = e;
      endMap[o + 1] = e;
      o += 2;
    }
  }
  let text = '';
  for (let k = 0; k < o; k += CHUNK) {
    const slice = units.subarray(k, Math.min(o, k + CHUNK));
    text += String.fromCharCode.apply(null, slice as unknown as number[]);
  }
  return { text, start: startMap.slice(0, o), end: endMap.slice(0, o) };
}

/** Drop oversized scratch buffers after a huge message so they are not kept for the page's life. */
export function trimEmitBuffers(limit: number): void {
  if (units.length > limit) {
    units = new Uint16Array(1024);
    startMap = new Uint32Array(1024);
    endMap = new Uint32Array(1024);
  }
}
