/**
 * The compiled term dictionary: every rule term, normalised and tokenised exactly like message
 * text, stored in a token trie keyed by token hash.
 *
 *   root ─"permis"→ n1 ─"sans"→ n2 ─"examen"→ n3 [terms: documents.fr.sales#4]
 *        ─"coke"──→ n4 [terms: drugs.fr.product#0]
 *        ─ #num ──→ n5 ─"mm"→ n6 [terms: weapons.any.calibre#2]
 *
 * Matching walks at most MAX_TERM_TOKENS edges from each token, so a scan is linear in the text.
 * Lookups try, in order: the exact token, its singular (trailing s/x dropped) and its squeezed
 * form (doubled letters → one), the last two only for words. Hash hits are verified against the
 * stored text, so a hash collision can never create a match.
 */
import { hashSqueezed, hashString, SMI_MASK, TOKEN_NUM, TOKEN_WORD, type Tokens } from './tokenize';

// Module-local copies: imported bindings can cost a getter call per use in some loaders.
const NUM = TOKEN_NUM;
const WORD = TOKEN_WORD;

export const MAX_TERM_TOKENS = 8;
/** Pseudo-hash of the `#num` wildcard edge (real hashes of numbers are FNV values, never 1). */
export const NUM_WILDCARD = 1;

export interface TermEntry {
  /** Index of the owning rule in the compiled rule list. */
  rule: number;
}

/**
 * Shared by every node without children (most nodes are leaves): compiling runs in every tab,
 * and thousands of empty Maps were most of its garbage. Never written to: `mapFor` replaces it.
 */
const NO_EDGES: Map<number, number> = new Map();

export class TermIndex {
  /** children[node] maps a token hash to a child node. */
  private readonly children: Map<number, number>[] = [new Map()];
  /** squeezed[node] maps a squeezed token hash to a child node (only for words with doubled letters). */
  private readonly squeezed: Map<number, number>[] = [new Map()];
  /** The token text of the edge leading to each node, for collision checks. */
  private readonly edgeText: string[] = [''];
  /** Rule indices ending at each node. */
  private readonly terminal: (number[] | undefined)[] = [undefined];
  /** Prefix terms ("coke*"): hash of the prefix → rule indices, and the set of prefix lengths. */
  private readonly prefixes = new Map<number, { text: string; rules: number[] }[]>();
  private prefixLengths: number[] = [];

  /** Add a term already split into normalised token texts. `#num` matches any number. */
  add(tokens: readonly string[], rule: number, isPrefix: boolean, allowSqueezed = false): void {
    if (isPrefix) {
      const text = tokens[0] ?? '';
      const h = hashString(text);
      const list = this.prefixes.get(h) ?? [];
      const existing = list.find((p) => p.text === text);
      if (existing) existing.rules.push(rule);
      else list.push({ text, rules: [rule] });
      this.prefixes.set(h, list);
      if (!this.prefixLengths.includes(text.length)) {
        this.prefixLengths = [...this.prefixLengths, text.length].sort((a, b) => a - b);
      }
      return;
    }
    let node = 0;
    for (const token of tokens) {
      const key = token === '#num' ? NUM_WILDCARD : hashString(token);
      let child = this.children[node]?.get(key);
      if (child === undefined) {
        child = this.children.length;
        this.children.push(NO_EDGES);
        this.squeezed.push(NO_EDGES);
        this.edgeText.push(token);
        this.terminal.push(undefined);
        mapFor(this.children, node).set(key, child);
      }
      // A product word without doubled letters is also reachable from a stretched spelling, so
      // "cooke" (from "coooke") finds "coke". Not for everyday words: "salle" must not find "sale".
      if (allowSqueezed && token.length >= 4 && !/(.)\1/u.test(token)) {
        const squeezedKey = hashSqueezed(token);
        if (!this.squeezed[node]?.has(squeezedKey)) mapFor(this.squeezed, node).set(squeezedKey, child);
      }
      node = child;
    }
    const list = this.terminal[node] ?? [];
    if (!list.includes(rule)) list.push(rule);
    this.terminal[node] = list;
  }

  get nodeCount(): number {
    return this.children.length;
  }

  /**
   * Find every term occurrence in `tokens` (over normalised `text`) and report it as
   * (rule, first token, last token) through `onMatch`.
   */
  scan(text: string, tokens: Tokens, onMatch: (rule: number, first: number, last: number) => void): void {
    const count = tokens.count;
    const { kind, start, end } = tokens;
    const prefixLengths = this.prefixLengths;
    const hasPrefixes = prefixLengths.length > 0;
    const root = this.children[0] as Map<number, number>;
    const rootSqueezed = this.squeezed[0] as Map<number, number>;
    const hasWildcard = root.has(NUM_WILDCARD);
    const { hash, stemHash, doubled, squeezedHash, squeezedStemHash } = tokens;
    for (let i = 0; i < count; i++) {
      // Most tokens start no term: rule that out with plain lookups before walking.
      if (
        root.has(hash[i] as number) ||
        (kind[i] === NUM && hasWildcard) ||
        (stemHash[i] !== 0 && root.has(stemHash[i] as number)) ||
        (doubled[i] === 1 &&
          (rootSqueezed.has(squeezedHash[i] as number) || rootSqueezed.has(squeezedStemHash[i] as number)))
      ) {
        this.walk(0, text, tokens, i, i, Math.min(count, i + MAX_TERM_TOKENS), onMatch);
      }
      if (hasPrefixes && kind[i] === WORD) {
        // Incremental FNV over the word's characters: the hash of each prefix length comes for free.
        const s = start[i] as number;
        const e = end[i] as number;
        let h = 0x811c9dc5;
        let li = 0;
        for (let k = s; k < e && li < prefixLengths.length; k++) {
          h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
          const len = k - s + 1;
          if (len === prefixLengths[li]) {
            li++;
            const list = this.prefixes.get(h & SMI_MASK);
            if (list) {
              for (const p of list) {
                if (text.startsWith(p.text, s)) for (const r of p.rules) onMatch(r, i, i);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Follow token j from `node` along every edge it can take (exact, singular, squeezed, #num),
   * reporting terms that end there, and continue with the next token. "counterfeits notes" must
   * reach "counterfeit notes" even though "counterfeits" is also a term of its own. At most a few
   * edges per token and MAX_TERM_TOKENS levels: constant work per starting token.
   */
  private walk(
    node: number,
    text: string,
    tokens: Tokens,
    first: number,
    j: number,
    limit: number,
    onMatch: (rule: number, first: number, last: number) => void,
  ): void {
    if (j >= limit) return;
    const children = this.children[node] as Map<number, number>;
    const s = tokens.start[j] as number;
    const e = tokens.end[j] as number;
    const k = tokens.kind[j];
    let a = -1;
    let b = -1;
    let c = -1;
    const exact = children.get(tokens.hash[j] as number);
    if (exact !== undefined && this.edgeIs(exact, text, s, e)) a = exact;
    if (k === NUM) {
      const wild = children.get(NUM_WILDCARD);
      if (wild !== undefined) b = wild;
    } else if (k === WORD) {
      const stem = tokens.stemHash[j] as number;
      if (stem !== 0) {
        const child = children.get(stem);
        if (child !== undefined && child !== a && this.edgeIs(child, text, s, e - 1)) b = child;
      }
      if (tokens.doubled[j] === 1) {
        const squeezed = this.squeezed[node] as Map<number, number>;
        let child = squeezed.get(tokens.squeezedHash[j] as number);
        if (child !== undefined && squeezedEquals(this.edgeText[child] as string, text, s, e)) c = child;
        else if (stem !== 0) {
          // "cookes" → "coke": squeeze the singular too.
          child = squeezed.get(tokens.squeezedStemHash[j] as number);
          if (child !== undefined && squeezedEquals(this.edgeText[child] as string, text, s, e - 1))
            c = child;
        }
        if (c === a || c === b) c = -1;
      }
    }
    if (a >= 0) this.follow(a, text, tokens, first, j, limit, onMatch);
    if (b >= 0) this.follow(b, text, tokens, first, j, limit, onMatch);
    if (c >= 0) this.follow(c, text, tokens, first, j, limit, onMatch);
  }

  private follow(
    next: number,
    text: string,
    tokens: Tokens,
    first: number,
    j: number,
    limit: number,
    onMatch: (rule: number, first: number, last: number) => void,
  ): void {
    const rules = this.terminal[next];
    if (rules) for (const r of rules) onMatch(r, first, j);
    if (j + 1 < limit && (this.children[next] as Map<number, number>).size > 0) {
      this.walk(next, text, tokens, first, j + 1, limit, onMatch);
    }
  }

  private edgeIs(node: number, text: string, s: number, e: number): boolean {
    const label = this.edgeText[node] as string;
    return label.length === e - s && text.startsWith(label, s);
  }
}

function squeezedEquals(label: string, text: string, s: number, e: number): boolean {
  let a = 0;
  let b = s;
  let prevA = -1;
  let prevB = -1;
  while (true) {
    while (a < label.length && label.charCodeAt(a) === prevA) a++;
    while (b < e && text.charCodeAt(b) === prevB) b++;
    if (a >= label.length || b >= e) return a >= label.length && b >= e;
    const ca = label.charCodeAt(a);
    if (ca !== text.charCodeAt(b)) return false;
    prevA = ca;
    prevB = ca;
    a++;
    b++;
  }
}

/** The node's own edge map, created on its first edge (nodes start with the shared empty one). */
function mapFor(maps: Map<number, number>[], node: number): Map<number, number> {
  let map = maps[node] as Map<number, number>;
  if (map === NO_EDGES) {
    map = new Map();
    maps[node] = map;
  }
  return map;
}
