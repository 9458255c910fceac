/**
 * Code points that render as nothing (or only steer layout) and are dropped before anything else.
 * Sellers put them inside words ("co\u200Bke") so that a plain substring search fails while the
 * reader sees "coke".
 *
 * Source: Unicode DerivedCoreProperties.txt, property Default_Ignorable_Code_Point (Unicode 16),
 * which covers soft hyphen, combining grapheme joiner, Hangul fillers, zero-width space/joiners,
 * bidi marks, embeddings and isolates, word joiner and invisible operators, variation selectors,
 * BOM and tag characters; plus emoji skin-tone modifiers (Emoji_Modifier), which only tint the
 * previous emoji, so that "👍🏽" and "👍" give the same rule key.
 * A unit test checks this table against the engine's own `\p{Default_Ignorable_Code_Point}`.
 *
 * Inclusive [first, last] ranges, sorted.
 */
export const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // Arabic letter mark (bidi)
  [0x115f, 0x1160], // Hangul choseong/jungseong fillers
  [0x17b4, 0x17b5], // Khmer inherent vowels
  [0x180b, 0x180f], // Mongolian variation selectors, vowel separator
  [0x200b, 0x200f], // zero-width space, ZWNJ, ZWJ, LRM, RLM
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x206f], // word joiner, invisible operators, bidi isolates, deprecated format chars
  [0x3164, 0x3164], // Hangul filler
  [0xfe00, 0xfe0f], // variation selectors (❄️ → ❄)
  [0xfeff, 0xfeff], // BOM / zero-width no-break space
  [0xffa0, 0xffa0], // halfwidth Hangul filler
  [0xfff0, 0xfff8], // unassigned, reserved default-ignorable
  [0x1bca0, 0x1bca3], // shorthand format controls
  [0x1d173, 0x1d17a], // musical symbol format controls
  [0x1f3fb, 0x1f3ff], // emoji skin-tone modifiers
  [0xe0000, 0xe0fff], // tag characters, variation selectors supplement, reserved
];

/**
 * Control characters (C0 and C1) that are not line breaks or tabs: invisible in a chat bubble,
 * hence dropped like the ranges above. Tab, LF, VT, FF, CR and NEL are whitespace, handled by the
 * whitespace step.
 */
export const CONTROL_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x08],
  [0x0e, 0x1f],
  [0x7f, 0x84],
  [0x86, 0x9f],
];
