/**
 * Last step — code points → UTF-16 text and the per-unit start/end maps of the public API, with
 * the repeat/space collapse of collapse-repeats.ts applied on the way (one pass, not two).
 * An astral code point (emoji, 𝐜) becomes two units that both map to the same original range.
 *
 * The text is decoded from a Uint16Array with TextDecoder('utf-16le') where the runtime has it
 * (every browser and Node; several times faster than building the string in JS), else with
 * String.fromCharCode over slices of at most 8192 units, because spreading a bigger array into
 * one call can overflow the engine's argument limit. The buffer never holds a lone surrogate or
 * a BOM (both are dropped earlier), so both ways give the same string.
 */
import { runLimit } from './collapse-repeats';
import type { WorkBuffer } from './work-buffer';

// Local copy: some loaders (tsx) compile imports to getters, a call per access in the loop below.
const limitOf = runLimit;

const CHUNK = 8192;
/** Above this many units the scratch buffer is released after use (a paste, not a chat line). */
const KEEP_UNITS = 1 << 17;

interface Utf16Decoder {
  decode(input: Uint16Array): string;
}
type DecoderClass = new (label: string, options: { ignoreBOM: boolean }) => Utf16Decoder;

function createDecoder(): Utf16Decoder | undefined {
  const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const TD = (globalThis as { TextDecoder?: DecoderClass }).TextDecoder;
  if (!isLittleEndian || TD === undefined) return undefined;
  try {
    return new TD('utf-16le', { ignoreBOM: true });
  } catch {
    return undefined;
  }
}

const decoder = createDecoder();
let units = new Uint16Array(1024);

function unitsToString(u: Uint16Array, n: number): string {
  if (decoder !== undefined) return decoder.decode(u.subarray(0, n));
  let text = '';
  for (let k = 0; k < n; k += CHUNK) {
    text += String.fromCharCode.apply(null, u.subarray(k, Math.min(n, k + CHUNK)) as unknown as number[]);
  }
  return text;
}

export interface Emitted {
  text: string;
  start: Uint32Array;
  end: Uint32Array;
}

let startScratch = new Uint32Array(1024);
let endScratch = new Uint32Array(1024);

/**
 * Collapse runs (collapse-repeats.ts) and write the text and maps in one pass over the buffer,
 * into scratch arrays; the caller's maps are then copied out at their exact size (a memcpy).
 */
export function emit(w: WorkBuffer): Emitted {
  const { cp, cls, st, en, len } = w;
  const bound = len * 2;
  if (units.length < bound) {
    const size = Math.max(bound, units.length * 2);
    units = new Uint16Array(size);
    startScratch = new Uint32Array(size);
    endScratch = new Uint32Array(size);
  }
  const u = units;
  const start = startScratch;
  const end = endScratch;
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
  const text = unitsToString(u, o);
  const result = { text, start: start.slice(0, o), end: end.slice(0, o) };
  if (units.length > KEEP_UNITS) {
    units = new Uint16Array(1024);
    startScratch = new Uint32Array(1024);
    endScratch = new Uint32Array(1024);
  }
  return result;
}
