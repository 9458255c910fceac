/**
 * Concept matching: a concept fires when one term of each of its classes starts within a window
 * of tokens of the others, and no term of its `none` classes starts near the match.
 *
 *   "Je propose aussi permis + code sans examen, 900€"
 *                     ^licence-noun        ^no-exam      (4 tokens apart, window 6) → fires
 *
 * The trie reports class terms like rule terms, in order of their first token; they are kept as
 * occurrences and matched after the trie pass, in two sweeps over the occurrences:
 *
 *   forward:  keep, per class, its latest occurrence. When an occurrence of class k arrives, each
 *             concept using k fires if every other class of the concept has a latest occurrence
 *             within the window (the latest is the nearest one before, so this finds every match
 *             at the moment its last part arrives). A `none` class seen since the window's start
 *             cancels it.
 *   backward: a `none` class that starts after the completing part, within the window, cancels it.
 *
 * Work per occurrence is bounded by the concepts using its class (MAX_CONCEPTS_PER_CLASS) times
 * the parts and `none` classes of each (bounded by validation): linear in the text, no rescans,
 * no backtracking. State lives in typed arrays reused between scans: no allocation per message.
 */

/** Most classes a concept may require (validation enforces it). */
export const MAX_CONCEPT_PARTS = 4;
/** Largest window, in tokens (validation enforces it). */
export const MAX_CONCEPT_WINDOW = 16;
/** Most `none` classes per concept. */
export const MAX_CONCEPT_NONE = 12;
/** Most concepts that may use one class in `all`: bounds the work per class occurrence. */
export const MAX_CONCEPTS_PER_CLASS = 64;

/** How far a plain rule's `none` classes reach when the rule does not say (tokens). */
export const DEFAULT_RULE_NONE_WINDOW = 8;

/** A plain rule's guard: hits with a term of a `none` class starting within `window` tokens are dropped. */
export interface RuleGuard {
  none: readonly number[];
  window: number;
}

/** One compiled concept: class ids, the window, and the index of its rule in the compiled rules. */
export interface ConceptDef {
  rule: number;
  all: readonly number[];
  none: readonly number[];
  window: number;
  /** How far, in tokens, a `none` class may start from the match and still cancel it. */
  noneWindow: number;
}

function grownInt32(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

export class ConceptMatcher {
  /** Concepts whose `all` contains each class. */
  private readonly byClass: Int32Array[];
  private readonly concepts: readonly ConceptDef[];
  private readonly anyNone: boolean;
  /** 1 for classes some concept requires (in `all`); the others only cancel. */
  private readonly required: Uint8Array;
  /** Whether this scan saw a required class: without one no concept can fire. */
  private sawRequired = false;

  // Occurrences of class terms in this scan, in order of first token.
  private occClass = new Int32Array(64);
  private occFirst = new Int32Array(64);
  private occLast = new Int32Array(64);
  private occCount = 0;

  // Per class: latest (forward) or nearest following (backward) occurrence, valid when stamped.
  private readonly lastFirst: Int32Array;
  private readonly lastLast: Int32Array;
  private readonly stamp: Uint32Array;
  private generation = 0;

  // Candidates of the forward sweep: concept, completing occurrence, extent, parts.
  private candConcept = new Int32Array(16);
  private candOcc = new Int32Array(16);
  private candFirst = new Int32Array(16);
  private candLast = new Int32Array(16);
  private candAlive = new Uint8Array(16);
  private candPartFirst = new Int32Array(16 * MAX_CONCEPT_PARTS);
  private candPartLast = new Int32Array(16 * MAX_CONCEPT_PARTS);
  private candCount = 0;

  /** 1 for classes some plain rule's guard names. */
  private readonly guarding: Uint8Array;
  private sawGuarding = false;

  constructor(
    classCount: number,
    concepts: readonly ConceptDef[],
    guards: readonly (RuleGuard | undefined)[] = [],
  ) {
    this.concepts = concepts;
    const lists: number[][] = Array.from({ length: classCount }, () => []);
    concepts.forEach((c, i) => {
      for (const k of c.all) lists[k]?.push(i);
    });
    this.byClass = lists.map((l) => Int32Array.from(l));
    this.anyNone = concepts.some((c) => c.none.length > 0);
    this.required = new Uint8Array(classCount);
    for (const c of concepts) for (const k of c.all) this.required[k] = 1;
    this.guarding = new Uint8Array(classCount);
    for (const g of guards) if (g) for (const k of g.none) this.guarding[k] = 1;
    this.lastFirst = new Int32Array(classCount);
    this.lastLast = new Int32Array(classCount);
    this.stamp = new Uint32Array(classCount);
  }

  /** Forget the previous scan's occurrences and matches. */
  reset(): void {
    this.occCount = 0;
    this.candCount = 0;
    this.sawRequired = false;
    this.sawGuarding = false;
  }

  get occurrences(): number {
    return this.occCount;
  }

  /** Record that a term of class `k` spans tokens first..last. Calls must come in order of `first`. */
  add(k: number, first: number, last: number): void {
    const n = this.occCount;
    if (n === this.occClass.length) {
      this.occClass = grownInt32(this.occClass, n + 1);
      this.occFirst = grownInt32(this.occFirst, n + 1);
      this.occLast = grownInt32(this.occLast, n + 1);
    }
    this.occClass[n] = k;
    this.occFirst[n] = first;
    this.occLast[n] = last;
    this.occCount = n + 1;
    if (this.required[k] === 1) this.sawRequired = true;
    if (this.guarding[k] === 1) this.sawGuarding = true;
  }

  /**
   * Drop (set to -1 in `rule`) the plain hits whose rule is guarded and that have a term of one of
   * the guard's classes starting within its window before their first token or after their last.
   * Hits come in order of first token, like the occurrences: one forward sweep keeps, per class,
   * the latest occurrence (before or at the hit), and one backward sweep the next one. Nothing to
   * do, and no work, when no guarding class occurred (most messages).
   */
  filterGuarded(
    guards: readonly (RuleGuard | undefined)[],
    rule: Int32Array,
    first: Int32Array,
    last: Int32Array,
    count: number,
  ): void {
    if (!this.sawGuarding) return;
    const { occClass, occFirst, stamp, lastFirst } = this;
    let gen = this.nextGeneration();
    let o = 0;
    for (let m = 0; m < count; m++) {
      const g = guards[rule[m] as number];
      if (g === undefined) continue;
      const f = first[m] as number;
      while (o < this.occCount && (occFirst[o] as number) <= f) {
        const k = occClass[o] as number;
        stamp[k] = gen;
        lastFirst[k] = occFirst[o] as number;
        o++;
      }
      for (let j = 0; j < g.none.length; j++) {
        const k = g.none[j] as number;
        if (stamp[k] === gen && (lastFirst[k] as number) >= f - g.window) {
          rule[m] = -1;
          break;
        }
      }
    }
    gen = this.nextGeneration();
    o = this.occCount - 1;
    for (let m = count - 1; m >= 0; m--) {
      const r = rule[m] as number;
      if (r < 0) continue;
      const g = guards[r];
      if (g === undefined) continue;
      const f = first[m] as number;
      while (o >= 0 && (occFirst[o] as number) > f) {
        const k = occClass[o] as number;
        stamp[k] = gen;
        lastFirst[k] = occFirst[o] as number;
        o--;
      }
      const limit = (last[m] as number) + g.window;
      for (let j = 0; j < g.none.length; j++) {
        const k = g.none[j] as number;
        if (stamp[k] === gen && (lastFirst[k] as number) <= limit) {
          rule[m] = -1;
          break;
        }
      }
    }
  }

  /** Match the recorded occurrences. Results: `matches`, then matchRule/matchFirst/… by index. */
  run(): void {
    this.candCount = 0;
    if (!this.sawRequired) return;
    this.forward();
    if (this.anyNone && this.candCount > 0) this.backward();
  }

  /** Number of candidates after run(); read only those with alive(i). */
  get candidates(): number {
    return this.candCount;
  }

  alive(i: number): boolean {
    return this.candAlive[i] === 1;
  }

  ruleOf(i: number): number {
    return (this.concepts[this.candConcept[i] as number] as ConceptDef).rule;
  }

  firstOf(i: number): number {
    return this.candFirst[i] as number;
  }

  lastOf(i: number): number {
    return this.candLast[i] as number;
  }

  partCount(i: number): number {
    return (this.concepts[this.candConcept[i] as number] as ConceptDef).all.length;
  }

  partFirst(i: number, j: number): number {
    return this.candPartFirst[i * MAX_CONCEPT_PARTS + j] as number;
  }

  partLast(i: number, j: number): number {
    return this.candPartLast[i * MAX_CONCEPT_PARTS + j] as number;
  }

  private nextGeneration(): number {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  private forward(): void {
    const gen = this.nextGeneration();
    const { stamp, lastFirst, lastLast, occClass, occFirst, occLast, concepts, byClass } = this;
    for (let o = 0; o < this.occCount; o++) {
      const k = occClass[o] as number;
      const p = occFirst[o] as number;
      const q = occLast[o] as number;
      const using = byClass[k] as Int32Array;
      for (let u = 0; u < using.length; u++) {
        const ci = using[u] as number;
        const c = concepts[ci] as ConceptDef;
        const w = c.window;
        let a = p;
        let b = q;
        let ok = true;
        const all = c.all;
        for (let j = 0; j < all.length && ok; j++) {
          const k2 = all[j] as number;
          if (k2 === k) continue;
          // The other part: its latest occurrence, near enough and ending before this one starts.
          if (stamp[k2] !== gen || p - (lastFirst[k2] as number) > w || (lastLast[k2] as number) >= p)
            ok = false;
          else {
            const f2 = lastFirst[k2] as number;
            const l2 = lastLast[k2] as number;
            if (f2 < a) a = f2;
            if (l2 > b) b = l2;
            // Parts other than the completing one must not overlap each other either.
            for (let j2 = 0; j2 < j && ok; j2++) {
              const k3 = all[j2] as number;
              if (k3 === k) continue;
              if (!((lastLast[k3] as number) < f2 || l2 < (lastFirst[k3] as number))) ok = false;
            }
          }
        }
        if (!ok) continue;
        const none = c.none;
        for (let j = 0; j < none.length && ok; j++) {
          const kb = none[j] as number;
          if (stamp[kb] === gen && (lastFirst[kb] as number) >= a - c.noneWindow) ok = false;
        }
        if (!ok) continue;
        this.push(ci, o, a, b, k, p, q, gen);
      }
      stamp[k] = gen;
      lastFirst[k] = p;
      lastLast[k] = q;
    }
  }

  private push(
    ci: number,
    o: number,
    a: number,
    b: number,
    k: number,
    p: number,
    q: number,
    gen: number,
  ): void {
    const n = this.candCount;
    if (n === this.candConcept.length) {
      this.candConcept = grownInt32(this.candConcept, n + 1);
      this.candOcc = grownInt32(this.candOcc, n + 1);
      this.candFirst = grownInt32(this.candFirst, n + 1);
      this.candLast = grownInt32(this.candLast, n + 1);
      const alive = new Uint8Array(this.candConcept.length);
      alive.set(this.candAlive);
      this.candAlive = alive;
      this.candPartFirst = grownInt32(this.candPartFirst, this.candConcept.length * MAX_CONCEPT_PARTS);
      this.candPartLast = grownInt32(this.candPartLast, this.candConcept.length * MAX_CONCEPT_PARTS);
    }
    this.candConcept[n] = ci;
    this.candOcc[n] = o;
    this.candFirst[n] = a;
    this.candLast[n] = b;
    this.candAlive[n] = 1;
    const all = (this.concepts[ci] as ConceptDef).all;
    for (let j = 0; j < all.length; j++) {
      const k2 = all[j] as number;
      const own = k2 === k || this.stamp[k2] !== gen;
      this.candPartFirst[n * MAX_CONCEPT_PARTS + j] = own ? p : (this.lastFirst[k2] as number);
      this.candPartLast[n * MAX_CONCEPT_PARTS + j] = own ? q : (this.lastLast[k2] as number);
    }
    this.candCount = n + 1;
  }

  /** Cancel candidates with a `none` class starting after their completing part, within the window. */
  private backward(): void {
    const gen = this.nextGeneration();
    const { stamp, lastFirst, occClass, occFirst, concepts } = this;
    let cand = this.candCount - 1;
    for (let o = this.occCount - 1; o >= 0 && cand >= 0; o--) {
      while (cand >= 0 && (this.candOcc[cand] as number) === o) {
        const c = concepts[this.candConcept[cand] as number] as ConceptDef;
        const limit = (this.candLast[cand] as number) + c.noneWindow;
        for (let j = 0; j < c.none.length; j++) {
          const kb = c.none[j] as number;
          if (stamp[kb] === gen && (lastFirst[kb] as number) <= limit) {
            this.candAlive[cand] = 0;
            break;
          }
        }
        cand--;
      }
      const k = occClass[o] as number;
      stamp[k] = gen;
      lastFirst[k] = occFirst[o] as number;
    }
  }
}
