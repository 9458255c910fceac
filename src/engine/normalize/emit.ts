/**
 * Last step — code points → UTF-16 text and the per-unit start/end maps of the public API.
 * An astral code point (emoji, 𝐜) becomes two units that both map to the same original range.
 *
 * The text is decoded from a Uint16Array with TextDecoder('utf-16le') where the runtime has it
 * (every browser and Node; several times faster than building the string in JS), else with
 * String.fromCharCode over slices of at most 8192 units, because spreading a bigger array into
 * one call can overflow the engine's argument limit. The buffer never holds a lone surrogate or
 * a BOM (both are dropped earlier), so both ways give the same string.
 */
import type { WorkBuffer } from './work-buffer';

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

/** Write `units` UTF-16 units (counted by collapseRepeats) of text and maps for the buffer. */
export function emit(w: WorkBuffer, unitCount: number): Emitted {
  const { cp, st, en, len } = w;
  if (units.length < unitCount) units = new Uint16Array(Math.max(unitCount, units.length * 2));
  const u = units;
  const start = new Uint32Array(unitCount);
  const end = new Uint32Array(unitCount);
  let o = 0;
  for (let r = 0; r < len; r++) {
    const c = cp[r] as number;
    const s = st[r] as number;
    const e = en[r] as number;
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
  if (units.length > KEEP_UNITS) units = new Uint16Array(1024);
  return { text, start, end };
}
