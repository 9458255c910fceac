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
 * 64 K units with several line blocks are cut into them first (normalize-long.ts).
 *
 *   runPipeline ─► long, several blocks? ─yes─► normalize-long: per block, fast path ─or─► this chain
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
import { isOneBlock, normalizeLong } from './normalize-long';
import type { Emitted } from './output';
import { resolveRegionalIndicators } from './regional-indicators';
import { createWorkBuffer } from './work-buffer';

/**
 * A work buffer above this many entries (a 1 MB paste, not a chat line) is released by the first
 * text that needs less than an eighth of it, not right after use: consecutive long texts (a file
 * in `npm run scan`) reuse it instead of allocating and zeroing the whole size each time.
 */
const KEEP_CAPACITY = 1 << 17;

let work = createWorkBuffer(1024);

/** The full pipeline, for every input (tests compare the fast path against it). */
export function runFullPipeline(original: string): Emitted {
  decode(original, work);
  if (work.hasRegional) resolveRegionalIndicators(work);
  mapLeetspeak(work);
  joinSeparatedLetters(work, original);
  return emit(work);
}

/** Above this length a text is split into line blocks (normalize-long.ts). */
const LONG = 1 << 16;

/**
 * Fast path first (fast-path.ts); the full pipeline when the message needs a context step;
 * long texts block by block.
 */
export function runPipeline(original: string): Emitted {
  if (work.cp.length > KEEP_CAPACITY && original.length * 8 < work.cp.length) work = createWorkBuffer(1024);
  if (original.length <= LONG) return normalizeFast(original) ?? runFullPipeline(original);
  // One long line is one block: normalised as a whole, without the block copies (the same
  // result, and the fast path's maps stay unbuilt until read).
  if (isOneBlock(original)) return normalizeFast(original, original.length) ?? runFullPipeline(original);
  return normalizeLong(original, runFullPipeline);
}
