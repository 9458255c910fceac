/**
 * Characters that sellers put between the letters of a word ("c.o.k.e", "c-o-k-e", "c*o*k*e",
 * "C O K E", "c|o|k|e"): the middle dots and bullets are listed because they render like '.'.
 */
export const LETTER_SEPARATORS =
  ' .-_*/|+,!' +
  '\u00b7' + // · middle dot
  '\u2022' + // • bullet
  '\u2027' + // ‧ hyphenation point
  '\u2219' + // ∙ bullet operator
  '\u22c5' + // ⋅ dot operator
  '\u30fb'; // ・ katakana middle dot (also what NFKD makes of the half-width ･)
