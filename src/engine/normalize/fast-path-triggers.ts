/**
 * The fast path's "does this message need a context step?" test, as a small deterministic
 * automaton over character categories, generated at load time from a plain step function.
 *
 *   state ──(category of the next output character)──► state | BAIL
 *
 * The step function mirrors the conditions under which the context steps can act:
 *  - map-leetspeak.ts: a run of leet symbols right after a letter that is followed by a letter,
 *    or a single trailing 3/4/0 after ≥ 3 word characters (not followed by a digit);
 *  - join-separated-letters.ts: a third single-character token in a chain whose gaps hold only
 *    separators.
 * Both are broader than the steps' own rules (the '@'-domain and '!'/'|'-after-one-letter guards
 * are ignored): a false alarm only costs a run of the full pipeline. Compiling the logic into a
 * table turns six branches per character into one load; a property test checks the fast path
 * against the full pipeline.
 */
import { CLS_DIGIT, CLS_LETTER } from './char-class';
import { isSeparator } from './join-separated-letters';
import { isTrailingLeet, LEET } from './map-leetspeak';

export const CAT_LETTER = 0;
/** 3, 4, 0: leet digits that may also end a word ("herb3"). */
export const CAT_DIGIT_TRAILING = 1;
export const CAT_DIGIT_LEET = 2;
export const CAT_DIGIT = 3;
/** '!' and '|': leet symbols that are also separators. */
export const CAT_LEET_SEPARATOR = 4;
/** '@' and '$'. */
export const CAT_LEET = 5;
export const CAT_SEPARATOR = 6;
export const CAT_OTHER = 7;
export const CATEGORIES = 8;

/** Category of an output code point of class `cls`. */
export function categoryOf(v: number, cls: number): number {
  const leet = v < 128 && LEET[v] !== 0;
  if (cls === CLS_LETTER) return CAT_LETTER;
  if (cls === CLS_DIGIT) {
    if (!leet) return CAT_DIGIT;
    return isTrailingLeet(v) ? CAT_DIGIT_TRAILING : CAT_DIGIT_LEET;
  }
  if (leet) return isSeparator(v) ? CAT_LEET_SEPARATOR : CAT_LEET;
  return isSeparator(v) ? CAT_SEPARATOR : CAT_OTHER;
}

interface State {
  prevLetter: boolean;
  /** Length of the current token (letters and digits), capped at 3. */
  token: number;
  /** Single-character tokens in the current separator-only chain (0–2). */
  singles: number;
  /** Only separators since the last token ended. */
  gapIsClean: boolean;
  /** Leet symbols since the letter that started the run, capped at 2. */
  leetRun: number;
  /** The run's (single) symbol is a trailing one and the token before it had ≥ 3 characters. */
  leetMayTrail: boolean;
}

function key(s: State): string {
  return `${+s.prevLetter}${s.token}${s.singles}${+s.gapIsClean}${s.leetRun}${+s.leetMayTrail}`;
}

/** One character of category `cat`; null = a context step may act (bail). */
function step(from: State, cat: number): State | null {
  const s = { ...from };
  const isLetter = cat === CAT_LETTER;
  const isDigit = cat === CAT_DIGIT_TRAILING || cat === CAT_DIGIT_LEET || cat === CAT_DIGIT;
  const isLeet =
    cat === CAT_DIGIT_TRAILING || cat === CAT_DIGIT_LEET || cat === CAT_LEET_SEPARATOR || cat === CAT_LEET;
  const isSep = cat === CAT_LEET_SEPARATOR || cat === CAT_SEPARATOR;
  if (s.leetRun !== 0) {
    if (isLeet) s.leetRun = 2;
    else {
      if (isLetter) return null; // leet run between letters
      if (s.leetRun === 1 && s.leetMayTrail && !isDigit) return null; // trailing leet vowel
      s.leetRun = 0;
    }
  } else if (s.prevLetter && isLeet) {
    s.leetRun = 1;
    s.leetMayTrail = cat === CAT_DIGIT_TRAILING && s.token >= 3;
  }
  if (s.leetRun !== 1) s.leetMayTrail = false;
  s.prevLetter = isLetter;
  if (isLetter || isDigit) s.token = Math.min(s.token + 1, 3);
  else {
    if (s.token !== 0) {
      if (s.token === 1) {
        s.singles = s.gapIsClean ? s.singles + 1 : 1;
        if (s.singles >= 3) return null; // third single token of a chain
      } else s.singles = 0;
      s.token = 0;
      s.gapIsClean = true;
    }
    if (!isSep) {
      s.gapIsClean = false;
      s.singles = 0;
    }
  }
  return s;
}

/** Would the end of the text, in state `s`, let a context step act? */
function bailsAtEnd(s: State): boolean {
  return (s.token === 1 && s.gapIsClean && s.singles + 1 >= 3) || (s.leetRun === 1 && s.leetMayTrail);
}

export const BAIL = 0xffff;
export const START = 0;

/** NEXT[state * CATEGORIES + category] → next state or BAIL; END_BAILS[state] → 1 to bail at the end. */
function build(): { next: Uint16Array; endBails: Uint8Array } {
  const initial: State = {
    prevLetter: false,
    token: 0,
    singles: 0,
    gapIsClean: false,
    leetRun: 0,
    leetMayTrail: false,
  };
  const states: State[] = [initial];
  const ids = new Map([[key(initial), START]]);
  const edges: number[] = [];
  for (let id = 0; id < states.length; id++) {
    for (let cat = 0; cat < CATEGORIES; cat++) {
      const to = step(states[id] as State, cat);
      if (to === null) {
        edges.push(BAIL);
        continue;
      }
      let toId = ids.get(key(to));
      if (toId === undefined) {
        toId = states.length;
        ids.set(key(to), toId);
        states.push(to);
      }
      edges.push(toId);
    }
  }
  return { next: Uint16Array.from(edges), endBails: Uint8Array.from(states, (s) => (bailsAtEnd(s) ? 1 : 0)) };
}

const built = build();
export const NEXT: Uint16Array = built.next;
export const END_BAILS: Uint8Array = built.endBails;
