/**
 * Leetspeak substitutions: symbol → the letter it stands for. Only ASCII symbols; the mapping is
 * applied by map-leetspeak.ts, and only between letters.
 *
 * Digits 2 and 6 are absent on purpose: they do not stand for a letter often enough
 * ("b2b", "h264", "p2p") to be worth the false joins.
 */
export const LEET_LETTERS: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};

/**
 * Symbols that may stand for a letter at the END of a word ("herb3", "ganj4", "her0"), after at
 * least three letters. Kept to the vowels that end drug names; "iphone8", "windows7" and "mp3"
 * must stay as they are.
 */
export const LEET_TRAILING = '340';

/** Symbols that are also word separators (join-separated-letters.ts): "c|o|k|e" is not leet. */
export const LEET_SEPARATORS = '!|';
