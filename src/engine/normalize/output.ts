/**
 * Output scratch shared by the two writers (fast-path.ts, emit.ts — never both at once): UTF-16
 * units and their start/end maps, plus the hand-over to the caller.
 *
 * The text is decoded from the Uint16Array with TextDecoder('utf-16le') where the runtime has it
 * (every browser and Node; faster than building the string in JS), else with String.fromCharCode
 * over slices of at most 8192 units, because spreading a bigger array into one call can overflow
 * the engine's argument limit. The units never hold a lone surrogate or a BOM (both are dropped
 * earlier), so both ways give the same string. The maps are copied out at their exact size.
 */

export interface Emitted {
  text: string;
  start: Uint32Array;
  end: Uint32Array;
}

export interface OutputScratch {
  units: Uint16Array;
  start: Uint32Array;
  end: Uint32Array;
}

const CHUNK = 8192;
const INITIAL = 1024;
/**
 * Above this many units the scratch is released (a paste, not a chat line) — by the first use
 * that needs less than an eighth of it, not right away: consecutive long texts (a file in
 * `npm run scan`) then reuse it, instead of allocating and zeroing the whole size each time.
 */
const KEEP_UNITS = 1 << 17;

function releaseIfOversized(used: number): void {
  if (scratch.units.length > KEEP_UNITS && used * 8 < scratch.units.length) {
    scratch.units = new Uint16Array(INITIAL);
    scratch.start = new Uint32Array(INITIAL);
    scratch.end = new Uint32Array(INITIAL);
  }
}

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

export const scratch: OutputScratch = {
  units: new Uint16Array(INITIAL),
  start: new Uint32Array(INITIAL),
  end: new Uint32Array(INITIAL),
};

/** Make room for `size` units, keeping the first `keep`. */
export function ensureOutput(size: number, keep: number): void {
  if (scratch.units.length >= size) return;
  const n = Math.max(size, scratch.units.length * 2);
  const units = new Uint16Array(n);
  const start = new Uint32Array(n);
  const end = new Uint32Array(n);
  units.set(scratch.units.subarray(0, keep));
  start.set(scratch.start.subarray(0, keep));
  end.set(scratch.end.subarray(0, keep));
  scratch.units = units;
  scratch.start = start;
  scratch.end = end;
}

function unitsToString(u: Uint16Array, n: number): string {
  if (decoder !== undefined) return decoder.decode(u.subarray(0, n));
  let text = '';
  for (let k = 0; k < n; k += CHUNK) {
    text += String.fromCharCode.apply(null, u.subarray(k, Math.min(n, k + CHUNK)) as unknown as number[]);
  }
  return text;
}

/** The first `n` units of the scratch, handed to the caller (text + exact-size maps). */
export function finishOutput(n: number): Emitted {
  const result = {
    text: unitsToString(scratch.units, n),
    start: scratch.start.slice(0, n),
    end: scratch.end.slice(0, n),
  };
  releaseIfOversized(n);
  return result;
}

/** A map whose unit i came from original unit i: map[i] = i + delta. */
export function identityMap(n: number, delta: number): Uint32Array {
  const map = new Uint32Array(n);
  for (let i = 0; i < n; i++) map[i] = i + delta;
  return map;
}

/** Exact-size copies of the first `n` entries of the scratch maps. */
export function finishMaps(n: number): { start: Uint32Array; end: Uint32Array } {
  const maps = { start: scratch.start.slice(0, n), end: scratch.end.slice(0, n) };
  releaseIfOversized(n);
  return maps;
}

/** The first `n` units of the scratch as a string (for results whose maps are not copied). */
export function outputText(n: number): string {
  const text = unitsToString(scratch.units, n);
  releaseIfOversized(n);
  return text;
}
