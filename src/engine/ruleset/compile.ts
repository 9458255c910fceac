/**
 * Compile a validated bundle into the structures a scan needs: the term trie, per-rule metadata
 * and the lexicon hash maps. Every term goes through the same normaliser and tokenizer as message
 * text, so a rule written "Cocaïne" or "5F-PB22" matches what a message normalises to.
 *
 * Compile-time checks (never at match time): a term must yield 1..MAX_TERM_TOKENS tokens, `#num`
 * may not start a term (it would fire on every number), and a `*` prefix needs ≥ 3 characters.
 */
import { RuleSetError } from '../errors';
import { type ConceptDef, DEFAULT_RULE_NONE_WINDOW, type RuleGuard } from '../match/concepts';
import type { SignalLexicon } from '../match/signals';
import { MAX_TERM_TOKENS, TermIndex } from '../match/term-index';
import { hashString, tokenize } from '../match/tokenize';
import { normalize } from '../normalize';
import { type CompiledOfferModel, compileOfferModel } from '../score/offer';
import type { RuleBundle, RuleDef } from './bundle-types';
import { ensureValid, loadBundle } from './validate';

/** Bumped whenever the compiled form changes, so cached compiled sets are rebuilt. */
export const COMPILED_FORMAT = 2;

export interface CompiledRuleSet {
  readonly format: typeof COMPILED_FORMAT;
  readonly bundle: RuleBundle;
  /** The bundle's rules, then one entry per concept rule (with no terms): rule hits index this list. */
  readonly rules: readonly RuleDef[];
  /**
   * The trie reports a term of concept class k as rule number `classBase + k`; anything at or above
   * classBase is a class occurrence for the concept matcher, not a rule hit.
   */
  readonly classBase: number;
  readonly classCount: number;
  readonly concepts: readonly ConceptDef[];
  /** Per plain rule, the classes whose terms near a hit cancel it (RuleDef.none), if any. */
  readonly guards: readonly (RuleGuard | undefined)[];
  readonly index: TermIndex;
  readonly lexicon: SignalLexicon;
  readonly termCount: number;
  /** The offer-ness model, when the bundle has one. */
  readonly offer: CompiledOfferModel | null;
}

/**
 * Fast path for the common term: lowercase Latin words with French accents, spaces, hyphens and
 * apostrophes. Folding the accents and splitting there is exactly what the normaliser and the
 * tokenizer do to such a piece (a test checks it for every bundled term), and compiling runs in
 * every tab over thousands of terms. Anything else (digits, symbols, emoji, capitals, letters
 * three times in a row, three one-letter tokens in one piece) takes the general path.
 */
const ACCENTS: Readonly<Record<string, string>> = {
  à: 'a',
  â: 'a',
  ä: 'a',
  á: 'a',
  ã: 'a',
  å: 'a',
  ç: 'c',
  é: 'e',
  è: 'e',
  ê: 'e',
  ë: 'e',
  í: 'i',
  ì: 'i',
  î: 'i',
  ï: 'i',
  ñ: 'n',
  ó: 'o',
  ò: 'o',
  ô: 'o',
  ö: 'o',
  õ: 'o',
  ú: 'u',
  ù: 'u',
  û: 'u',
  ü: 'u',
  ý: 'y',
  ÿ: 'y',
  œ: 'oe',
  æ: 'ae',
};
const SPACE = 32;
const APOSTROPHE = 39;
const HYPHEN = 45;
const CURLY_APOSTROPHE = 0x2019;

/** One pass, no regular expression: this runs for thousands of terms in every tab. */
function plainTermTokens(source: string): string[] | undefined {
  const out: string[] = [];
  let token = '';
  let singles = 0; // one-letter tokens in the current space-separated piece
  let prev = '';
  let run = 0;
  for (let i = 0; i <= source.length; i++) {
    const c = i < source.length ? source.charCodeAt(i) : SPACE;
    if (c === SPACE || c === APOSTROPHE || c === HYPHEN || c === CURLY_APOSTROPHE) {
      if (token.length === 1) singles++;
      if (token !== '') out.push(token);
      token = '';
      prev = '';
      if (c === SPACE) {
        // Three one-letter tokens in one piece ("c-o-k-e") are joined by the normaliser.
        if (singles >= 3) return undefined;
        singles = 0;
      }
      continue;
    }
    const letter = c >= 97 && c <= 122 ? source[i] : ACCENTS[source[i] as string];
    if (letter === undefined) return undefined;
    for (const ch of letter as string) {
      run = ch === prev ? run + 1 : 1;
      // A letter three times in a row is collapsed by the normaliser.
      if (run >= 3) return undefined;
      prev = ch;
    }
    token += letter;
  }
  return out.length > 0 ? out : undefined;
}

/** Normalise and tokenise a term into token texts; `#num` is kept as a wildcard token. */
export function termTokens(term: string): { tokens: string[]; isPrefix: boolean } {
  let source = term.trim();
  const isPrefix = source.endsWith('*');
  if (isPrefix) source = source.slice(0, -1);
  return { tokens: plainTermTokens(source) ?? slowTermTokens(source), isPrefix };
}

/** The general path: every piece through the message normaliser and tokenizer. */
export function slowTermTokens(source: string): string[] {
  const out: string[] = [];
  for (const piece of source.split(/\s+/u)) {
    if (piece === '#num') {
      out.push('#num');
      continue;
    }
    const n = normalize(piece);
    const t = tokenize(n.text);
    for (let i = 0; i < t.count; i++) out.push(n.text.slice(t.start[i], t.end[i]));
  }
  return out;
}

/** One Latin letter, or an integer ("38", "308"): far too common in ordinary text to stand for a product. */
function isTooShort(token: string): boolean {
  return (token.length === 1 && token >= 'a' && token <= 'z') || /^[0-9]+$/u.test(token);
}

function lexiconMap(entries: readonly string[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const entry of entries) {
    const { tokens } = termTokens(entry);
    if (tokens.length === 1 && tokens[0] !== '#num') {
      const token = tokens[0] as string;
      map.set(hashString(token), token);
    }
  }
  return map;
}

/** Why a tokenised term cannot be compiled, or null when it can. */
function termProblem(tokens: readonly string[], isPrefix: boolean, evidence: boolean): string | null {
  if (tokens.length === 0) return 'normalises to nothing (only punctuation or spaces?)';
  if (tokens.length > MAX_TERM_TOKENS) return `more than ${MAX_TERM_TOKENS} tokens`;
  if (tokens[0] === '#num') return '#num cannot start a term';
  if (evidence && tokens.length === 1 && isTooShort(tokens[0] as string)) {
    return 'a single letter or a bare integer is too ambiguous to be product evidence';
  }
  if (isPrefix && (tokens.length !== 1 || (tokens[0] as string).length < 3)) {
    return 'a * prefix must be one word of at least 3 characters';
  }
  return null;
}

/**
 * Validate (if needed) and compile a bundle. Accepts the bundle object, or its JSON text.
 * @throws RuleSetError naming the rule and the reason.
 * @example const compiled = compileRuleSet(JSON.parse(text));
 */
export function compileRuleSet(input: unknown): CompiledRuleSet {
  const bundle = typeof input === 'string' ? loadBundle(input) : ensureValid(input);
  const index = new TermIndex();
  let termCount = 0;

  // Rule hits index `all`: the bundle's rules, then one entry per concept rule. The trie reports a
  // class term as classBase + class.
  const section = bundle.concepts;
  const conceptRules = section?.rules ?? [];
  const all: readonly RuleDef[] =
    conceptRules.length === 0
      ? bundle.rules
      : [
          ...bundle.rules,
          ...conceptRules.map((c) => ({
            id: c.id,
            kind: c.kind,
            category: c.category,
            weight: c.weight,
            explain: c.explain,
            terms: [],
            lang: c.lang,
          })),
        ];
  const classBase = all.length;
  const names = Object.keys(section?.classes ?? {});
  const classIndex = new Map(names.map((name, k) => [name, k]));
  const defs: ConceptDef[] = [];
  const classCount = names.length;
  const guards: (RuleGuard | undefined)[] = Array.from({ length: bundle.rules.length }, () => undefined);

  const rules = bundle.rules;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r] as RuleDef;
    const evidence = rule.kind === 'product' || rule.kind === 'sales-term';
    // A guarded rule ("none": a reporting frame near its word cancels it) matches as usual; its
    // hits are dropped afterwards when a term of a none class starts near them (rare).
    if (rule.none !== undefined && rule.none.length > 0) {
      guards[r] = {
        none: rule.none.map((name) => classIndex.get(name) as number),
        window: rule.noneWindow ?? DEFAULT_RULE_NONE_WINDOW,
      };
    }
    for (let t = 0; t < rule.terms.length; t++) {
      const term = rule.terms[t] as string;
      const { tokens, isPrefix } = termTokens(term);
      const problem = termProblem(tokens, isPrefix, evidence);
      if (problem !== null) {
        throw new RuleSetError(problem, `rules[${r}] (${rule.id}).terms[${t}] ${JSON.stringify(term)}`);
      }
      index.add(tokens, r, isPrefix, evidence);
      termCount++;
    }
  }

  names.forEach((name, k) => {
    const terms = section?.classes[name] as string[];
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t] as string;
      const { tokens, isPrefix } = termTokens(term);
      // A class term is not evidence alone, but a one-letter or bare-number class would record an
      // occurrence for most messages: refused like an evidence term.
      const problem = termProblem(tokens, isPrefix, true);
      if (problem !== null) {
        throw new RuleSetError(problem, `concepts.classes.${name}[${t}] ${JSON.stringify(term)}`);
      }
      // Class terms do not match stretched spellings: they hold everyday words ("bal" must not
      // find "ball").
      index.add(tokens, classBase + k, isPrefix, false);
      termCount++;
    }
  });
  conceptRules.forEach((c, i) => {
    defs.push({
      rule: rules.length + i,
      all: c.all.map((name) => classIndex.get(name) as number),
      none: (c.none ?? []).map((name) => classIndex.get(name) as number),
      window: c.window,
      noneWindow: c.noneWindow ?? c.window,
    });
  });

  return {
    format: COMPILED_FORMAT,
    bundle,
    rules: all,
    classBase,
    classCount,
    concepts: defs,
    guards,
    index,
    lexicon: {
      currencies: lexiconMap(bundle.lexicon.currencies),
      units: lexiconMap(bundle.lexicon.units),
      doseUnits: lexiconMap(bundle.lexicon.doseUnits),
      personal: lexiconMap(bundle.lexicon.personal),
      perUnit: lexiconMap(bundle.lexicon.perUnit ?? []),
    },
    termCount,
    offer: bundle.offer ? compileOfferModel(bundle.offer) : null,
  };
}
