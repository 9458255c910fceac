/**
 * Step 9, per character — every kind of space becomes ' ', every kind of line break '\n'.
 * (CR LF pairs are merged by the decoder, runs of spaces by collapse-repeats.)
 *
 * Line breaks are kept because the lead's scorer reads menu structure (one item/price per line).
 */

/** Code points that start a new line in a chat bubble. CR is handled by the decoder. */
const LINE_BREAKS: ReadonlySet<number> = new Set([0x0a, 0x0b, 0x0c, 0x85, 0x2028, 0x2029]);

/**
 * Spaces that NFKD does not already turn into U+0020 (it does for NBSP, U+2000–U+200A, U+202F,
 * U+205F and U+3000). U+2800 BRAILLE PATTERN BLANK is not White_Space but is the usual "invisible
 * space" filler, so it separates words like a space.
 */
const SPACES: ReadonlySet<number> = new Set([0x09, 0x20, 0xa0, 0x1680, 0x202f, 0x205f, 0x2800, 0x3000]);

/**
 * Returns 0x0a for a line break, 0x20 for a space, -1 for anything else.
 *
 * @example foldWhitespace(0x2029) === 0x0a; foldWhitespace(0xa0) === 0x20; foldWhitespace(0x63) === -1
 */
export function foldWhitespace(cp: number): number {
  if (LINE_BREAKS.has(cp)) return 0x0a;
  if (SPACES.has(cp) || (cp >= 0x2000 && cp <= 0x200a)) return 0x20;
  return -1;
}
