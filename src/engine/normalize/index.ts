/**
 * Obfuscation-resistant text normaliser of the detection engine.
 *
 *   "Ｃ.0.К.Е ❄️ dispo 7j/7"  ──normalize──►  "coke ❄ dispo 7j/7"
 *                                             with, for every unit, the original range it came from
 *
 * See pipeline.ts for the steps and their order, and fast-path.ts for the one-pass shortcut most
 * messages take (same output, checked by a property test). Pure: no DOM, no clock, no I/O.
 *
 * The `start`/`end` maps of a result may be built on first read (fast-path.ts): read them, or call
 * toOriginalSpan, whenever convenient — the result stays valid after later normalize() calls.
 */
import { FastMapped } from './fast-path';
import { runPipeline } from './pipeline';

export interface Normalized {
  /** normalised text: lowercase, no accents, Latin look-alikes resolved, invisibles removed, '\n' kept, other whitespace → ' ' */
  text: string;
  /** for each UTF-16 unit i of `text`: start[i] = start index in the ORIGINAL of the char it came from, end[i] = end index (exclusive) in the original */
  start: Uint32Array;
  end: Uint32Array;
}

/**
 * Normalise one message. Never throws, linear in the input length.
 *
 * @example
 * const n = normalize('Ｃ O K Е 🅲🅾🅺🅴 c0ke');
 * n.text === 'coke coke coke';
 * n.start[0] === 0 && n.end[0] === 1; // "c" came from "Ｃ"
 */
export function normalize(original: string): Normalized {
  return runPipeline(original);
}

/**
 * Map a [s, e) range of normalised text back to the original: [start[s], end[e-1]].
 * Out-of-range bounds are clamped; an empty range maps to an empty range at the matching spot.
 *
 * @example
 * const n = normalize('co\u200Bke');
 * toOriginalSpan(n, 0, 4); // → [0, 5]: the whole original word, zero-width space included
 */
export function toOriginalSpan(n: Normalized, s: number, e: number): readonly [number, number] {
  const len = n.text.length;
  const from = Math.max(0, Math.min(Math.trunc(s), len));
  const to = Math.max(0, Math.min(Math.trunc(e), len));
  // Identity maps (most messages) are built lazily; the span needs none of them.
  if (n instanceof FastMapped && n.isIdentity) return [from, Math.max(from, to)];
  if (to > from) return [n.start[from] as number, n.end[to - 1] as number];
  if (len === 0) return [0, 0];
  const at = from < len ? (n.start[from] as number) : (n.end[len - 1] as number);
  return [at, at];
}
