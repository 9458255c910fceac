/**
 * Cost rules for the CSS selectors a rule bundle may ship (issue 17, point 8). Selectors are
 * signed data, but a mistaken or hostile signer could still ship one that freezes every chat tab:
 * the content script runs them against pages of thousands of messages, after every change.
 *
 * Measured in real Chromium 156 (`npm run bench:selectors`: querySelectorAll over a Telegram
 * K-shaped chat, 2 000 then 8 000 messages, on a machine shared with other work; figures in
 * docs/feed.md, "Site selectors and what they may cost"): plain compounds and short chains cost
 * about a millisecond or less at 2 000 messages; these forms cost tens to hundreds:
 *   - a universal subject with `:has()` (`*:has(* .time)` 42–123 ms, `*:has(~ * .time)`
 *     64–234 ms at 2 000 messages, 300–530 ms at 8 000);
 *   - `:has()` looking at siblings or holding `:is()` (`*:has(:is(…) ~ *)` 22–158 ms);
 *   - `:is()` with 32 alternatives before a descendant (38–138 ms; 4 alternatives: ~10 ms);
 *   - `:nth-child(An+B of S)` and `:nth-last-child(… of *)` (2–11 ms, 22–47 ms at 8 000);
 *   - `:is()`/`:not()` nested 6 deep (3–17 ms, 24–61 ms at 8 000).
 * Whether an allowed form is slow also depends on the page (`.bubble:has(.message)`: 13–22 ms;
 * `li:not(:has(li))` on Snapchat's few li: 0.3 ms): the content script times every selector on
 * the page and falls back to the built-in ones past one frame (src/content/selectors.ts).
 * So a selector is refused when it has:
 *   - more than 8 comma-separated alternatives at top level, or 4 inside :is/:where/:not/:has;
 *   - more than 6 combinators in one complex selector;
 *   - functional pseudo-classes nested more than 2 deep (`:not(:has(li))` is 2);
 *   - a compound that names nothing (only `*`, `:not()`, `:has()` or plain pseudo-classes): each
 *     compound must have a type, class, id, attribute or an :is()/:where() that does;
 *   - more than one `:has()`, or one whose argument uses `~`, `+`, `*` or a functional
 *     pseudo-class (`li:not(:has(li))` and `:has(> .x)` stay allowed);
 *   - `:nth-*( … of S)`, or a pseudo-element.
 * Pure and linear in the selector's length (one pass, no regular expression over the whole).
 */

export const MAX_ALTERNATIVES = 8;
/** Inside :is/:where/:not: each alternative is tried on every candidate and its ancestors. */
export const MAX_INNER_ALTERNATIVES = 4;
export const MAX_COMBINATORS = 6;
export const MAX_FUNCTION_DEPTH = 2;

interface Cursor {
  s: string;
  i: number;
}

class CostError extends Error {}

/** Why `selector` is refused, or null when its form is cheap enough. */
export function selectorCostProblem(selector: string): string | null {
  const c: Cursor = { s: selector, i: 0 };
  try {
    parseList(c, 0, false, true);
    skipWs(c);
    if (c.i < c.s.length) throw new CostError(`unexpected "${c.s[c.i]}" at ${c.i}`);
    return null;
  } catch (error) {
    if (error instanceof CostError) return error.message;
    throw error;
  }
}

/**
 * `named`: the compounds here pick the elements matched (top level, :is(), :where()), so each
 * must name something; inside :not() and :has() they only filter, and need not.
 * Returns the number of :has() in the list.
 */
function parseList(c: Cursor, depth: number, inHas: boolean, named: boolean): number {
  let alternatives = 0;
  let has = 0;
  for (;;) {
    has += parseComplex(c, depth, inHas, named);
    alternatives += 1;
    const max = depth === 0 ? MAX_ALTERNATIVES : MAX_INNER_ALTERNATIVES;
    if (alternatives > max)
      throw new CostError(`more than ${max} alternatives${depth === 0 ? '' : ' in a pseudo-class'}`);
    skipWs(c);
    if (c.s[c.i] !== ',') return has;
    c.i += 1;
  }
}

function parseComplex(c: Cursor, depth: number, inHas: boolean, named: boolean): number {
  let combinators = 0;
  let has = 0;
  skipWs(c);
  if (inHas && isCombinator(c.s[c.i])) {
    readCombinator(c, inHas); // a relative selector: `:has(> x)`
    skipWs(c);
  }
  for (;;) {
    has += parseCompound(c, depth, inHas, named);
    if (has > 1) throw new CostError('more than one :has()');
    const spaced = skipWs(c);
    const next = c.s[c.i];
    if (isCombinator(next)) readCombinator(c, inHas);
    else if (!spaced || next === undefined || next === ',' || next === ')') return has;
    combinators += 1;
    if (combinators > MAX_COMBINATORS) throw new CostError(`more than ${MAX_COMBINATORS} combinators`);
    skipWs(c);
  }
}

function readCombinator(c: Cursor, inHas: boolean): void {
  const combinator = c.s[c.i];
  if (inHas && (combinator === '~' || combinator === '+')) {
    throw new CostError(':has() may not look at siblings (~ or +)');
  }
  c.i += 1;
}

/** Parses one compound; returns how many :has() it holds. */
function parseCompound(c: Cursor, depth: number, inHas: boolean, mustName: boolean): number {
  const start = c.i;
  let named = false;
  let has = 0;
  for (;;) {
    const ch = c.s[c.i];
    if (ch === '*') {
      if (inHas) throw new CostError(':has() may not use *');
      c.i += 1;
    } else if (ch === '.' || ch === '#') {
      c.i += 1;
      readIdent(c);
      named = true;
    } else if (ch === '[') {
      skipAttribute(c);
      named = true;
    } else if (ch === ':') {
      if (c.s[c.i + 1] === ':') throw new CostError('pseudo-elements are not allowed');
      c.i += 1;
      const name = readIdent(c).toLowerCase();
      if (name === 'scope') named = true; // one element: where the query starts
      if (c.s[c.i] !== '(') continue;
      c.i += 1;
      if (inHas) throw new CostError(`:has() may not hold :${name}()`);
      if (depth + 1 > MAX_FUNCTION_DEPTH) {
        throw new CostError(`pseudo-classes nested more than ${MAX_FUNCTION_DEPTH} deep`);
      }
      if (name === 'is' || name === 'where') {
        has += parseList(c, depth + 1, false, mustName);
        named = true;
      } else if (name === 'not') {
        has += parseList(c, depth + 1, false, false);
      } else if (name === 'has') {
        has += 1 + parseList(c, depth + 1, true, false);
      } else if (name.startsWith('nth-')) {
        if (/\bof\b/i.test(readUntilParen(c))) throw new CostError(`:${name}(… of S) is not allowed`);
      } else {
        readUntilParen(c); // :lang(fr), :dir(rtl)…
      }
      skipWs(c);
      if (c.s[c.i] !== ')') throw new CostError(`unclosed :${name}(`);
      c.i += 1;
    } else if (isIdentStart(ch)) {
      readIdent(c);
      named = true;
    } else {
      break;
    }
  }
  if (c.i === start) throw new CostError(`expected a selector at ${start}`);
  if (mustName && !named) {
    throw new CostError(`"${c.s.slice(start, c.i).slice(0, 40)}" names no type, class, id or attribute`);
  }
  return has;
}

function skipWs(c: Cursor): boolean {
  const start = c.i;
  while (c.i < c.s.length && /\s/.test(c.s[c.i] as string)) c.i += 1;
  return c.i > start;
}

function isCombinator(ch: string | undefined): boolean {
  return ch === '>' || ch === '+' || ch === '~';
}

function isIdentStart(ch: string | undefined): boolean {
  return ch !== undefined && (/[A-Za-z_-]/.test(ch) || ch === '\\' || ch.charCodeAt(0) >= 0x80);
}

function readIdent(c: Cursor): string {
  const start = c.i;
  while (c.i < c.s.length) {
    const ch = c.s[c.i] as string;
    if (ch === '\\') c.i += 2;
    else if (/[A-Za-z0-9_-]/.test(ch) || ch.charCodeAt(0) >= 0x80) c.i += 1;
    else break;
  }
  if (c.i === start) throw new CostError(`expected a name at ${start}`);
  return c.s.slice(start, c.i);
}

/** Skips `[…]`, quoted values included. */
function skipAttribute(c: Cursor): void {
  c.i += 1;
  while (c.i < c.s.length && c.s[c.i] !== ']') {
    const ch = c.s[c.i];
    if (ch === '"' || ch === "'") skipString(c, ch);
    else c.i += ch === '\\' ? 2 : 1;
  }
  if (c.s[c.i] !== ']') throw new CostError('unclosed [');
  c.i += 1;
}

function skipString(c: Cursor, quote: string): void {
  c.i += 1;
  while (c.i < c.s.length && c.s[c.i] !== quote) c.i += c.s[c.i] === '\\' ? 2 : 1;
  if (c.i >= c.s.length) throw new CostError('unclosed string');
  c.i += 1;
}

/** The text of a simple functional argument (no nesting), up to its closing parenthesis. */
function readUntilParen(c: Cursor): string {
  const start = c.i;
  while (c.i < c.s.length && c.s[c.i] !== ')') {
    if (c.s[c.i] === '(') throw new CostError('nested parentheses');
    c.i += c.s[c.i] === '\\' ? 2 : 1;
  }
  return c.s.slice(start, c.i);
}
