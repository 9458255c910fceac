/**
 * Built-in commerce detectors that a word list cannot express: prices, quantities with units,
 * phone numbers, @handles and menu-like structure (several item/price lines). Their vocabularies
 * (currencies, units) come from the bundle's lexicon, so they stay data.
 *
 * All detectors make one pass over the tokens: linear in the text.
 */
import {
  TOKEN_NL as NL,
  TOKEN_NUM as NUM_,
  TOKEN_SYM as SYM_,
  type Tokens,
  TOKEN_WORD as WORD_,
} from './tokenize';

// Module-local copies: imported bindings can cost a getter call per use in some loaders.
const TOKEN_NL = NL;
const TOKEN_NUM = NUM_;
const TOKEN_SYM = SYM_;
const TOKEN_WORD = WORD_;

export type BuiltinSignal =
  | 'price'
  | 'quantity'
  | 'phone'
  | 'handle'
  | 'menu'
  | 'title'
  | 'chemcode'
  | 'dose';

export interface SignalHit {
  signal: BuiltinSignal;
  first: number;
  last: number;
}

export interface SignalLexicon {
  /** Hashes → texts of currency tokens ("€", "eur", "euros", "$"). */
  currencies: Map<number, string>;
  /** Hashes → texts of unit tokens ("g", "gr", "mg", "oz", "pills"). */
  units: Map<number, string>;
  /** Hashes → texts of units that also point to drugs ("mg", "oz", "tabs"). */
  doseUnits: Map<number, string>;
  /** Hashes → texts of first/second-person words, whose absence makes a short text title-like. */
  personal: Map<number, string>;
  /** Hashes → texts of the words of a unit price after a bare number ("le" in "50 le g"). */
  perUnit: Map<number, string>;
}

const AT = 64;
const HYPHEN = 45;
const QUESTION = 63;
/** A listing title has 2..MAX_TITLE_TOKENS words and numbers. */
const MAX_TITLE_TOKENS = 14;
const PLUS = 43;
const MIN_MENU_LINES = 3;

function tokenIs(map: Map<number, string>, text: string, tokens: Tokens, i: number): boolean {
  const label = map.get(tokens.hash[i] as number);
  if (label === undefined) return false;
  const s = tokens.start[i] as number;
  return label.length === (tokens.end[i] as number) - s && text.startsWith(label, s);
}

function digitCount(tokens: Tokens, i: number, text: string): number {
  let n = 0;
  for (let k = tokens.start[i] as number; k < (tokens.end[i] as number); k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * Scan for built-in signals. `hits` is appended to (the caller reuses one array).
 */
export function findSignals(text: string, tokens: Tokens, lex: SignalLexicon, hits: SignalHit[]): void {
  const { count, kind } = tokens;
  let lineHasItem = false;
  let menuLines = 0;
  let menuFirst = -1;
  let menuLast = -1;
  const endLine = () => {
    if (lineHasItem) {
      menuLines++;
    }
    lineHasItem = false;
  };
  // The run of number tokens around i, found once per run: [i, runEnd) holds runDigits digits.
  // Rescanning it from every start made "1 1 1 …" quadratic (16 000 characters: 200 ms).
  let runEnd = -1;
  let runDigits = 0;
  for (let i = 0; i < count; i++) {
    const k = kind[i];
    if (k === TOKEN_NL) {
      endLine();
      continue;
    }
    if (k === TOKEN_NUM) {
      // Phone number: a run of number tokens (spaces, dots or dashes between) with 9 to 13 digits,
      // counted from i to the end of the run.
      if (i >= runEnd) {
        runEnd = i;
        runDigits = 0;
        while (runEnd < count && kind[runEnd] === TOKEN_NUM) {
          runDigits += digitCount(tokens, runEnd, text);
          runEnd++;
        }
      }
      const j = runEnd;
      const digits = runDigits;
      runDigits -= digitCount(tokens, i, text);
      const startsWithPlus =
        (tokens.start[i] as number) > 0 && text.charCodeAt((tokens.start[i] as number) - 1) === PLUS;
      if (j - i >= 1 && digits >= 9 && digits <= 13 && (j - i > 1 || startsWithPlus || digits === 10)) {
        hits.push({ signal: 'phone', first: i, last: j - 1 });
        i = j - 1;
        continue;
      }
      const next = i + 1;
      if (next < count) {
        const nk = kind[next];
        if ((nk === TOKEN_SYM || nk === TOKEN_WORD) && tokenIs(lex.currencies, text, tokens, next)) {
          // "50e" counts only glued: "5 e" is more often a letter than a price.
          const isShortWord =
            nk === TOKEN_WORD && (tokens.end[next] as number) - (tokens.start[next] as number) === 1;
          if (!isShortWord || tokens.glued[next] === 1) {
            hits.push({ signal: 'price', first: i, last: next });
            lineHasItem = true;
            menuFirst = menuFirst < 0 ? i : menuFirst;
            menuLast = next;
            continue;
          }
        }
        if (nk === TOKEN_WORD && tokenIs(lex.units, text, tokens, next)) {
          hits.push({ signal: 'quantity', first: i, last: next });
          if (tokenIs(lex.doseUnits, text, tokens, next)) hits.push({ signal: 'dose', first: i, last: next });
          lineHasItem = true;
          menuFirst = menuFirst < 0 ? i : menuFirst;
          menuLast = next;
          continue;
        }
        // "50 le g", "40 a gram": a price per unit written without a currency, as dealers do.
        if (
          nk === TOKEN_WORD &&
          next + 1 < count &&
          kind[next + 1] === TOKEN_WORD &&
          tokenIs(lex.perUnit, text, tokens, next) &&
          tokenIs(lex.units, text, tokens, next + 1)
        ) {
          hits.push({ signal: 'price', first: i, last: next + 1 });
          lineHasItem = true;
          menuFirst = menuFirst < 0 ? i : menuFirst;
          menuLast = next + 1;
          i = next + 1;
          continue;
        }
      }
      continue;
    }
    if (k === TOKEN_SYM) {
      const s = tokens.start[i] as number;
      // "@name" after a space is a handle; "x@gmail" is an e-mail address, not ordering instructions.
      if (
        text.charCodeAt(s) === AT &&
        tokens.glued[i] === 0 &&
        i + 1 < count &&
        tokens.glued[i + 1] === 1 &&
        kind[i + 1] !== TOKEN_SYM
      ) {
        hits.push({ signal: 'handle', first: i, last: i + 1 });
        continue;
      }
      // "$20", "€ 50"
      if (tokenIs(lex.currencies, text, tokens, i) && i + 1 < count && kind[i + 1] === TOKEN_NUM) {
        hits.push({ signal: 'price', first: i, last: i + 1 });
        lineHasItem = true;
        menuFirst = menuFirst < 0 ? i : menuFirst;
        menuLast = i + 1;
        i++;
      }
    }
  }
  endLine();
  if (menuLines >= MIN_MENU_LINES) hits.push({ signal: 'menu', first: menuFirst, last: menuLast });
  findTitle(text, tokens, lex, hits);
  findChemicalCodes(text, tokens, hits);
}

/**
 * A short single-line text with no first/second-person word and no question reads like a
 * listing title ("Glock 26 gen 3 9mm & 2 mags", "MDMA 84% 10g"). Chat talk has people in it.
 */
function findTitle(text: string, tokens: Tokens, lex: SignalLexicon, hits: SignalHit[]): void {
  const { count, kind } = tokens;
  let words = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < count; i++) {
    const k = kind[i];
    if (k === TOKEN_NL) return;
    if (k === TOKEN_WORD || k === TOKEN_NUM) {
      words++;
      if (words > MAX_TITLE_TOKENS) return;
      if (k === TOKEN_WORD && tokenIs(lex.personal, text, tokens, i)) return;
      if (first < 0) first = i;
      last = i;
    }
  }
  if (words < 2 || text.indexOf(String.fromCharCode(QUESTION)) >= 0) return;
  hits.push({ signal: 'title', first, last });
}

/**
 * Research-chemical style codes: letters and digits joined by hyphens ("5F-SDB-006", "4-MEC",
 * "25I-NBOMe", "AH-7921"). New substances appear faster than any word list.
 */
function findChemicalCodes(text: string, tokens: Tokens, hits: SignalHit[]): void {
  const { count, kind, start, end, glued } = tokens;
  for (let i = 0; i < count; i++) {
    if (kind[i] !== TOKEN_WORD && kind[i] !== TOKEN_NUM) continue;
    let j = i;
    let hyphens = 0;
    while (j + 1 < count && (kind[j + 1] === TOKEN_WORD || kind[j + 1] === TOKEN_NUM)) {
      const linkedByHyphen =
        (start[j + 1] as number) === (end[j] as number) + 1 && text.charCodeAt(end[j] as number) === HYPHEN;
      if (glued[j + 1] !== 1 && !linkedByHyphen) break;
      if (linkedByHyphen) hyphens++;
      j++;
    }
    if (hyphens > 0) {
      const s = start[i] as number;
      const e = end[j] as number;
      let letters = 0;
      let digits = 0;
      for (let k = s; k < e; k++) {
        const c = text.charCodeAt(k);
        if (c >= 48 && c <= 57) digits++;
        else if (c >= 97 && c <= 122) letters++;
      }
      if (digits >= 1 && letters >= 3 && e - s >= 4 && e - s <= 14 && shortLetterGroups(text, s, e)) {
        hits.push({ signal: 'chemcode', first: i, last: j });
      }
    }
    i = j;
  }
}

/**
 * Chemical codes use short letter groups ("5F-SDB-006", "4-MEC", "3-MeO-PCP"); a longer word
 * joined to a number ("Ender-3", "covid-19") is a product name, and "10am-7pm" is a time.
 */
function shortLetterGroups(text: string, s: number, e: number): boolean {
  let run = 0;
  let first = 0;
  for (let k = s; k <= e; k++) {
    const c = k < e ? text.charCodeAt(k) : 0;
    if (c >= 97 && c <= 122) {
      if (run === 0) first = k;
      run++;
      if (run > 4) return false;
    } else {
      if (run === 2) {
        const group = text.slice(first, first + 2);
        if (group === 'am' || group === 'pm') return false;
      }
      run = 0;
    }
  }
  return true;
}
