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
import { hashSqueezed, TOKEN_NUM, TOKEN_WORD, type Tokens } from './tokenize';

export const MAX_TERM_TOKENS = 8;
/** Pseudo-hash of the `#num` wildcard edge (real hashes of numbers are FNV values, never 1). */
export const NUM_WILDCARD = 1;

export interface TermEntry {
  /** Index of the owning rule in the compiled rule list. */
  rule: number;
}

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
      const h = hashOf(text);
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
      const key = token === '#num' ? NUM_WILDCARD : hashOf(token);
      let child = this.children[node]?.get(key);
      if (child === undefined) {
        child = this.children.length;
        this.children.push(new Map());
        this.squeezed.push(new Map());
        this.edgeText.push(token);
        this.terminal.push(undefined);
        this.children[node]?.set(key, child);
      }
      // A product word without doubled letters is also reachable from a stretched spelling, so
      // "cooke" (from "coooke") finds "coke". Not for everyday words: "salle" must not find "sale".
      if (
        allowSqueezed &&
        token.length >= 4 &&
        !/(.)\1/u.test(token) &&
        !this.squeezed[node]?.has(hashSqueezed(token))
      ) {
        this.squeezed[node]?.set(hashSqueezed(token), child);
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
    for (let i = 0; i < count; i++) {
      let node = 0;
      const limit = Math.min(count, i + MAX_TERM_TOKENS);
      for (let j = i; j < limit; j++) {
        const next = this.step(node, text, tokens, j);
        if (next < 0) break;
        node = next;
        const rules = this.terminal[node];
        if (rules) for (const r of rules) onMatch(r, i, j);
      }
      if (hasPrefixes && kind[i] === TOKEN_WORD) {
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
            const list = this.prefixes.get(h >>> 0);
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

  /** Follow one token from `node`; -1 when no edge matches. */
  private step(node: number, text: string, tokens: Tokens, j: number): number {
    const children = this.children[node] as Map<number, number>;
    const s = tokens.start[j] as number;
    const e = tokens.end[j] as number;
    let child = children.get(tokens.hash[j] as number);
    if (child !== undefined && this.edgeIs(child, text, s, e)) return child;
    const k = tokens.kind[j];
    if (k === TOKEN_NUM) {
      child = children.get(NUM_WILDCARD);
      return child ?? -1;
    }
    if (k !== TOKEN_WORD) return -1;
    const stem = tokens.stemHash[j] as number;
    if (stem !== 0) {
      child = children.get(stem);
      if (child !== undefined && this.edgeIs(child, text, s, e - 1)) return child;
    }
    if (tokens.doubled[j] === 1) {
      child = this.squeezed[node]?.get(hashSqueezed(text, s, e));
      if (child !== undefined && squeezedEquals(this.edgeText[child] as string, text, s, e)) return child;
      // "cookes" → "coke": squeeze the singular too.
      if (stem !== 0) {
        child = this.squeezed[node]?.get(hashSqueezed(text, s, e - 1));
        if (child !== undefined && squeezedEquals(this.edgeText[child] as string, text, s, e - 1))
          return child;
      }
    }
    return -1;
  }

  private edgeIs(node: number, text: string, s: number, e: number): boolean {
    const label = this.edgeText[node] as string;
    return label.length === e - s && text.startsWith(label, s);
  }
}

function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
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
