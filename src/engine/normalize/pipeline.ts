/**
 * The ordered chain. Application order matters and is fixed:
 *
 *   original ─► decode (1) ─► per-code-point fold, cached (2 invisible, 3 compat+accents,
 *               4 lowercase, 5 confusables, 9 space/line-break mapping)
 *            ─► regional indicators        letters or flag? decided on the folded text
 *            ─► map-leetspeak (6)          needs letters already resolved ("сoк3" → "coke")
 *            ─► join-separated-letters (7) after 6, because "c|o|k|e" must not read as leet,
 *                                          and maps its own leet digits ("c 0 k e")
 *            ─► emit with collapse-repeats (8, 9)  last, so joined letters can collapse
 *                                          ("c o o o k e"); writes the UTF-16 text + start/end maps
 *
 * Most messages never get here: fast-path.ts does the same in one pass when no context step
 * (leetspeak, separators, flags) can apply, and hands over to this chain otherwise. Texts over
 * 64 K units are cut into line blocks first (normalize-long.ts).
 *
 *   runPipeline ─► long? ─yes─► normalize-long: per block, fast path ─or─► this chain
 *                     └─no──► fast path ─bail─► this chain
 *
 * Every step keeps, for each surviving code point, the [start, end) range of ORIGINAL UTF-16 units
 * it came from; dropped characters simply vanish from the map (or, when they directly follow a
 * kept character, stretch its range: see decode.ts).
 */
import { decode } from './decode';
import { emit } from './emit';
import { normalizeFast } from './fast-path';
import { joinSeparatedLetters } from './join-separated-letters';
import { mapLeetspeak } from './map-leetspeak';
import { normalizeLong } from './normalize-long';
import type { Emitted } from './output';
import { resolveRegionalIndicators } from './regional-indicators';
import { createWorkBuffer } from './work-buffer';

/** Scratch buffers above this many entries are released after use (a 1 MB paste, not a chat line). */
const KEEP_CAPACITY = 1 << 17;

let work = createWorkBuffer(1024);

/** The full pipeline, for every input (tests compare the fast path against it). */
export function runFullPipeline(original: string): Emitted {
  decode(original, work);
  if (work.hasRegional) resolveRegionalIndicators(work);
  mapLeetspeak(work);
  joinSeparatedLetters(work, original);
  const result = emit(work);
  if (work.cp.length > KEEP_CAPACITY) {
    work = createWorkBuffer(1024);
  }
  return result;
}

/** Above this length a text is split into line blocks (normalize-long.ts). */
const LONG = 1 << 16;

/**
 * Fast path first (fast-path.ts); the full pipeline when the message needs a context step;
 * long texts block by block.
 */
export function runPipeline(original: string): Emitted {
  if (original.length > LONG) return normalizeLong(original, runFullPipeline);
  return normalizeFast(original) ?? runFullPipeline(original);
}
