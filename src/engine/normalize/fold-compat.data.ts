/**
 * Letters that Unicode compatibility decomposition (NFKD) leaves alone but that readers take for
 * plain Latin letters. Keys and values are lowercase: this table is consulted after lowercasing
 * (uppercase forms lowercase to these keys: Œ → œ, Æ → æ, Ø → ø, Ł → ł, Đ → đ, ẞ → ß).
 *
 * Sources: Unicode UnicodeData.txt (names, no decomposition for these), CLDR Latin-ASCII
 * transliteration (cldr/common/transforms/Latin-ASCII.xml, Unicode licence) for the multi-letter
 * folds œ→oe, æ→ae, ß→ss, þ→th. Hand-picked: only letters seen in French/English text or fancy-text
 * generators.
 */
export const LATIN_FOLDS: ReadonlyMap<number, string> = new Map([
  [0x00df, 'ss'], // ß
  [0x00e6, 'ae'], // æ
  [0x0153, 'oe'], // œ
  [0x00f8, 'o'], // ø
  [0x0142, 'l'], // ł
  [0x0111, 'd'], // đ
  [0x00f0, 'd'], // ð
  [0x00fe, 'th'], // þ
  [0x0127, 'h'], // ħ
  [0x0167, 't'], // ŧ
  [0x0131, 'i'], // ı dotless i
  [0x0237, 'j'], // ȷ dotless j
  [0x0180, 'b'], // ƀ
  [0x0188, 'c'], // ƈ
  [0x018c, 'd'], // ƌ
  [0x0192, 'f'], // ƒ
  [0x01e5, 'g'], // ǥ
  [0x0268, 'i'], // ɨ
  [0x0289, 'u'], // ʉ
  [0x014b, 'n'], // ŋ
  [0x0138, 'k'], // ĸ
  [0x01b6, 'z'], // ƶ
  [0x0225, 'z'], // ȥ
  [0x024f, 'y'], // ɏ
  [0x0247, 'e'], // ɇ
  [0x0251, 'a'], // ɑ latin alpha
  [0x0261, 'g'], // ɡ script g
  [0x0269, 'i'], // ɩ latin iota
  [0x026a, 'i'], // ɪ small capital I
  [0x0280, 'r'], // ʀ small capital R
  [0x028f, 'y'], // ʏ small capital Y
  [0x0299, 'b'], // ʙ small capital B
  [0x029c, 'h'], // ʜ small capital H
  [0x029f, 'l'], // ʟ small capital L
  [0x0262, 'g'], // ɢ small capital G
  [0x0274, 'n'], // ɴ small capital N
  // Small capitals from the Phonetic Extensions block: the "ꜱᴍᴀʟʟ ᴄᴀᴘꜱ" fancy-text alphabet.
  [0x1d00, 'a'],
  [0x1d04, 'c'],
  [0x1d05, 'd'],
  [0x1d07, 'e'],
  [0x1d0a, 'j'],
  [0x1d0b, 'k'],
  [0x1d0d, 'm'],
  [0x1d0f, 'o'],
  [0x1d18, 'p'],
  [0x1d1b, 't'],
  [0x1d1c, 'u'],
  [0x1d20, 'v'],
  [0x1d21, 'w'],
  [0x1d22, 'z'],
  [0xa730, 'f'], // ꜰ
  [0xa731, 's'], // ꜱ
  [0xa7af, 'q'], // ꞯ
]);

/**
 * Apostrophe look-alikes → ASCII "'". Phone keyboards type ’ (U+2019) in "carte d’identité" and
 * "j’ai"; rule terms are written with "'", and NFKD leaves these alone.
 */
export const APOSTROPHES: ReadonlySet<number> = new Set([
  0x2019, // ’ right single quotation mark
  0x2018, // ‘ left single quotation mark
  0x02bc, // ʼ modifier letter apostrophe
  0x2032, // ′ prime
  0x201b, // ‛ single high-reversed-9 quotation mark
]);

/**
 * Enclosed Latin letters that NFKD does not decompose (it does decompose Ⓐ–ⓩ U+24B6–U+24E9 and
 * the squared 🄰–🅉 U+1F130–U+1F149). Each entry: [first code point, last code point, letter of
 * the first]. Parenthesised letters ARE decomposed by NFKD, but to "(a)": the parentheses would
 * break the word, so they are folded here to the bare letter.
 */
export const ENCLOSED_LETTER_RANGES: readonly (readonly [number, number, string])[] = [
  [0x249c, 0x24b5, 'a'], // ⒜–⒵ parenthesized small letters
  [0x1f110, 0x1f129, 'a'], // 🄐–🄩 parenthesized capital letters
  [0x1f150, 0x1f169, 'a'], // 🅐–🅩 negative circled capital letters
  [0x1f170, 0x1f189, 'a'], // 🅰–🆉 negative squared capital letters
];

/** Regional indicator symbols 🇦–🇿: letters when not paired into a flag (see regional-indicators.ts). */
export const REGIONAL_INDICATOR_FIRST = 0x1f1e6;
export const REGIONAL_INDICATOR_LAST = 0x1f1ff;
