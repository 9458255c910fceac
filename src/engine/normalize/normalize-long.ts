/**
 * Long texts (a pasted page, a 1 MB test) are normalised line block by line block: each block
 * takes the fast path or the full pipeline on its own, so one leetspeak word does not send the
 * whole megabyte through the multi-pass pipeline, and scratch memory stays block-sized.
 *
 *   "…512 units…|\n…512 units…|\n…"     blocks end just before a '\n' (never inside "\r\n")
 *
 * Exact, not approximate: no step looks across a line break. '\n' is not a letter, leet symbol,
 * separator or regional indicator, runs of '\n' are never collapsed, and a dropped character
 * only sticks to the entry just before it, which is in its own block. The property tests compare
 * this with the unsplit pipeline.
 */
import { scanFastInto } from './fast-path';
import type { Emitted } from './output';

/** Target block length; blocks end at the first line break after it. */
export const BLOCK = 1 << 9;

/** Index where the block starting at `from` ends: before a '\n' not preceded by '\r', or at the end. */
function blockEnd(s: string, from: number, size: number): number {
  let at = from + size;
  while (at < s.length) {
    const nl = s.indexOf('\n', at);
    if (nl < 0) return s.length;
    if (s.charCodeAt(nl - 1) !== 13) return nl;
    at = nl + 1;
  }
  return s.length;
}

/** True when `s` is a single block: no line break after the first `size` units ends one. */
export function isOneBlock(s: string, size = BLOCK): boolean {
  return blockEnd(s, 0, size) === s.length;
}

/**
 * Normalise `s` block by block, with `full` (the full pipeline) as the fallback per block.
 * `size` is the target block length (a parameter so that tests can use tiny blocks).
 */
export function normalizeLong(s: string, full: (block: string) => Emitted, size = BLOCK): Emitted {
  let start = new Uint32Array(s.length + 16);
  let end = new Uint32Array(s.length + 16);
  const texts: string[] = [];
  let o = 0;
  for (let from = 0; from < s.length; ) {
    const to = blockEnd(s, from, size);
    const block = s.slice(from, to);
    let part: Emitted;
    let units: number;
    const fast = scanFastInto(block);
    if (fast !== undefined) {
      // The maps are the output scratch's: copy them before anything reuses it.
      part = { text: fast.text, start: fast.start, end: fast.end };
      units = fast.units;
    } else {
      part = full(block);
      units = part.text.length;
    }
    if (o + units > start.length) {
      const grown = Math.max(o + units, start.length * 2);
      const grownStart = new Uint32Array(grown);
      const grownEnd = new Uint32Array(grown);
      grownStart.set(start.subarray(0, o));
      grownEnd.set(end.subarray(0, o));
      start = grownStart;
      end = grownEnd;
    }
    const partStart = part.start;
    const partEnd = part.end;
    for (let k = 0; k < units; k++) {
      start[o + k] = (partStart[k] as number) + from;
      end[o + k] = (partEnd[k] as number) + from;
    }
    texts.push(part.text);
    o += units;
    from = to;
  }
  // Views, not copies: the maps live as long as the result, and copying them cost a second
  // allocation of the whole size on every long text.
  return { text: texts.join(''), start: start.subarray(0, o), end: end.subarray(0, o) };
}
