/**
 * The detector: normalise → tokenise → match terms and built-in signals → score → explain.
 *
 *   text ──normalize──▶ norm (+ position map) ──tokenize──▶ tokens
 *        tokens ──TermIndex.scan──▶ rule hits ┐   (class terms → ConceptMatcher → concept hits)
 *        tokens ──findSignals─────▶ signals  ─┴─▶ evidence ──score──▶ Verdict (+ reasons with
 *                                                                     spans in the ORIGINAL text)
 *
 * Deterministic and linear in the length of the text. Never throws on any string.
 */

import { templateOf } from './chat/template';
import { ConceptMatcher } from './match/concepts';
import type { BuiltinSignal, SignalHit } from './match/signals';
import { findSignals } from './match/signals';
import { MAX_TERM_TOKENS } from './match/term-index';
import { type Tokens, tokenize } from './match/tokenize';
import { type Normalized, normalize, toOriginalSpan } from './normalize';
import type { CompiledRuleSet } from './ruleset/compile';
import {
  type NamedFeatures,
  namedFeatureList,
  OFFER_KINDS,
  type OfferScore,
  scoreOffer,
  sigmoid,
  wordFeatureList,
} from './score/offer';
import { type Evidence, modifierKeysOf, scoreEvidence } from './score/score';
import {
  CATEGORIES,
  type Explanation,
  type OfferEvaluation,
  type Reason,
  type ScanOptions,
  type Span,
  type Verdict,
} from './types';

/** At most this many highlighted spans per reason (a 1 MB message may repeat a word 10 000 times). */
const MAX_SPANS_PER_REASON = 16;

export interface Detector {
  readonly version: number;
  scan(text: string, options?: ScanOptions): Verdict;
  /** The offer model's reading of any text, without the topic gate (tools, training, tests). */
  offer(text: string): OfferEvaluation;
  /** Plain-language text of an explanation key ({en, fr}); a neutral fallback for unknown keys. */
  explanation(key: string): Explanation;
}

interface Hit {
  ruleId: string;
  evidence: Evidence;
  explain: string;
  spans: Span[];
  terms: Set<string>;
}

/**
 * Add a highlight, merging overlaps: "livraison", "livraison 7j/7" and "7j/7" show as one span.
 * At most MAX_SPANS_PER_REASON are kept.
 */
function addSpan(spans: Span[], span: Span): void {
  for (let i = 0; i < spans.length; i++) {
    const [s, e] = spans[i] as Span;
    if (span[0] < e && s < span[1]) {
      spans[i] = [Math.min(s, span[0]), Math.max(e, span[1])];
      return;
    }
  }
  if (spans.length < MAX_SPANS_PER_REASON) spans.push(span);
}

/** Sorted, with spans that overlap after earlier merges joined (a merge can reach a neighbour). */
function mergedSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span[0] < last[1]) out[out.length - 1] = [last[0], Math.max(last[1], span[1])];
    else out.push(span);
  }
  return out;
}

function quiet(): Verdict {
  return { flagged: false, category: null, score: 0, level: 'none', reasons: [] };
}

function spanOf(n: Normalized, tokens: Tokens, first: number, last: number): Span {
  return toOriginalSpan(n, tokens.start[first] as number, tokens.end[last] as number);
}

/**
 * @example
 *   const detector = createDetector(compileRuleSet(bundle));
 *   detector.scan('Vends iPhone 12, 200 €').flagged === false
 */
export function createDetector(
  compiled: CompiledRuleSet,
  /** `weakShortcut: false` turns off the early exit on weak evidence (tests prove it changes no verdict). */
  { weakShortcut = true }: { weakShortcut?: boolean } = {},
): Detector {
  const { rules, index, lexicon, bundle, offer: offerModel, classBase } = compiled;
  const guards = compiled.guards;
  const anyGuard = guards.some((g) => g !== undefined);
  const concepts =
    compiled.concepts.length > 0 || anyGuard
      ? new ConceptMatcher(compiled.classCount, compiled.concepts, guards)
      : null;
  // Matches at or after this index are concept hits; conceptCandidate maps them to the matcher's
  // candidates, whose parts are the words to highlight.
  let conceptStart = 0;
  let conceptCandidate = new Int32Array(16);
  // Rules before this index are the bundle's own (plain, possibly guarded); after it, concepts.
  const plainRuleCount = bundle.rules.length;
  // Category index of each product or sales-term rule, -1 for the other kinds.
  const ruleEvidenceCategory = new Int8Array(rules.length).fill(-1);
  rules.forEach((rule, r) => {
    if ((rule.kind === 'product' || rule.kind === 'sales-term') && rule.category !== null)
      ruleEvidenceCategory[r] = CATEGORIES.indexOf(rule.category);
  });
  const signalHits: SignalHit[] = [];
  const fallback: Explanation = { en: 'listing signal', fr: 'indice d’annonce' };

  // Reused between scans: most messages match nothing, and those must cost no allocation.
  let matchRule = new Int32Array(64);
  let matchFirst = new Int32Array(64);
  let matchLast = new Int32Array(64);
  let matchCount = 0;
  let hasCategoryEvidence = false;
  // An upper bound of each category's evidence (every product hit at full weight, every modifier
  // hit added to all categories). Below scoring.commerceFloor everywhere, with no sales term, no
  // category can pick up commerce or reach productOnly (score.ts): the message cannot be flagged,
  // and the costly part (spans, scoring) is skipped. Exact for `flagged`, not an approximation.
  // With an offer model the bar is the lowest topic threshold: below it, no sensitivity can flag.
  const floor = bundle.scoring.commerceFloor ?? 0;
  const bar = bundle.offer
    ? Math.min(bundle.offer.topic.low, bundle.offer.topic.normal, bundle.offer.topic.high)
    : Math.min(floor, bundle.scoring.productOnly);
  const evidenceCap = weakShortcut ? bar : Number.NEGATIVE_INFINITY;
  const modifierKeys = modifierKeysOf(bundle.scoring);
  const ruleCategory = new Int8Array(rules.length).fill(-1);
  const ruleIsModifier = new Uint8Array(rules.length);
  rules.forEach((rule, r) => {
    if (rule.category !== null) ruleCategory[r] = CATEGORIES.indexOf(rule.category);
    if (rule.kind === 'product' && modifierKeys.has(rule.explain)) ruleIsModifier[r] = 1;
  });
  const bound = new Float64Array(CATEGORIES.length);
  let modifierBound = 0;
  let hasSalesTerm = false;
  const mayFlag = (): boolean => {
    if (hasSalesTerm) return true;
    for (let c = 0; c < bound.length; c++)
      if ((bound[c] as number) + modifierBound >= evidenceCap) return true;
    return false;
  };
  const record = (r: number, first: number, last: number) => {
    if (r >= classBase) {
      concepts?.add(r - classBase, first, last);
      return;
    }
    if (matchCount === matchRule.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      matchRule = grow(matchRule);
      matchFirst = grow(matchFirst);
      matchLast = grow(matchLast);
    }
    matchRule[matchCount] = r;
    matchFirst[matchCount] = first;
    matchLast[matchCount] = last;
    matchCount++;
    const rule = rules[r];
    if (rule?.kind === 'product' || rule?.kind === 'sales-term') {
      hasCategoryEvidence = true;
      if (rule.kind === 'sales-term') hasSalesTerm = true;
      else if (ruleIsModifier[r] === 1) modifierBound += rule.weight;
      else {
        const c = ruleCategory[r] as number;
        if (c >= 0) bound[c] = (bound[c] as number) + rule.weight;
      }
    }
  };

  // Scratch for the offer model: one slot per word entry, stamped per scored message.
  const offerSeen = new Int32Array(offerModel?.entryCount ?? 0);
  let offerStamp = 0;

  /** Named offer features from this scan's rule hits and signals. */
  function namedFeatures(norm: string, tokens: Tokens): NamedFeatures {
    const kinds = new Set<string>();
    const forms = new Set<string>();
    const counters = new Map<string, number>();
    for (let m = 0; m < matchCount; m++) {
      const rule = rules[matchRule[m] as number];
      if (!rule) continue;
      if ((OFFER_KINDS as readonly string[]).includes(rule.kind)) {
        kinds.add(rule.kind);
        if (rule.explain !== rule.kind) forms.add(rule.explain);
      } else if (rule.kind === 'counter' && rule.category === null)
        counters.set(rule.explain, Math.min(counters.get(rule.explain) ?? 0, rule.weight));
    }
    let personal = false;
    const personalWords = lexicon.personal;
    for (let i = 0; i < tokens.count && !personal; i++) {
      const label = personalWords.get(tokens.hash[i] as number);
      const start = tokens.start[i] as number;
      if (
        label !== undefined &&
        label.length === (tokens.end[i] as number) - start &&
        norm.startsWith(label, start)
      )
        personal = true;
    }
    return { signals: signalHits, kinds, forms, counters, personal };
  }

  function runOffer(norm: string, tokens: Tokens, named: NamedFeatures): OfferScore | null {
    if (!offerModel) return null;
    offerStamp = (offerStamp + 1) | 0 || 1;
    return scoreOffer(offerModel, norm, tokens, named, offerSeen, offerStamp);
  }

  function offer(text: string): OfferEvaluation {
    const input = typeof text === 'string' ? text : String(text);
    const n = normalize(input);
    const tokens = tokenize(n.text);
    matchTerms(n.text, tokens);
    signalHits.length = 0;
    findSignals(n.text, tokens, lexicon, signalHits);
    const named = namedFeatures(n.text, tokens);
    const features = namedFeatureList(n.text, tokens, named);
    const words = wordFeatureList(n.text, tokens);
    const result = runOffer(n.text, tokens, named);
    return {
      logit: result ? result.logit : null,
      probability: result ? sigmoid(result.logit) : null,
      features,
      counters: Object.fromEntries(named.counters),
      words,
    };
  }

  /**
   * Composed concept matches whose words all lie inside one plain evidence match of the same
   * category: "faux permis" is already a phrase of its own, and counting the concept "forgery word
   * near a licence" on the same two words would count one piece of evidence twice. A concept
   * adds evidence where the phrases do not reach ("faux permis" ≠ "faux … permis"). Null when
   * there is nothing to check (most messages). Linear: a plain term spans at most MAX_TERM_TOKENS
   * tokens, so each concept match looks at a bounded number of start tokens.
   */
  function composedCovered(): Set<number> | null {
    if (conceptStart === matchCount) return null;
    let composed = false;
    for (let m = conceptStart; m < matchCount && !composed; m++) {
      if ((matchRule[m] as number) >= plainRuleCount) composed = true;
    }
    if (!composed) return null;
    // Longest plain evidence match per (start token, category).
    const reach = new Map<number, number>();
    for (let m = 0; m < matchCount; m++) {
      const r = matchRule[m] as number;
      // r < 0: a guarded hit dropped by filterGuarded.
      if (r < 0 || r >= plainRuleCount || ruleEvidenceCategory[r] === -1) continue;
      const key = (matchFirst[m] as number) * 8 + (ruleEvidenceCategory[r] as number);
      const l = matchLast[m] as number;
      if ((reach.get(key) ?? -1) < l) reach.set(key, l);
    }
    let out: Set<number> | null = null;
    for (let m = conceptStart; m < matchCount; m++) {
      const r = matchRule[m] as number;
      if (r < plainRuleCount || ruleEvidenceCategory[r] === -1) continue;
      const a = matchFirst[m] as number;
      const b = matchLast[m] as number;
      const c = ruleEvidenceCategory[r] as number;
      for (let t = Math.max(0, b - MAX_TERM_TOKENS + 1); t <= a; t++) {
        if ((reach.get(t * 8 + c) ?? -1) >= b) {
          out ??= new Set();
          out.add(m);
          break;
        }
      }
    }
    return out;
  }

  /** Rule terms and concepts of one message into the match arrays (record updates the bounds). */
  function matchTerms(norm: string, tokens: Tokens): void {
    matchCount = 0;
    concepts?.reset();
    index.scan(norm, tokens, record);
    conceptStart = matchCount;
    if (concepts !== null && concepts.occurrences > 0) {
      if (anyGuard) concepts.filterGuarded(guards, matchRule, matchFirst, matchLast, matchCount);
      recordConcepts(concepts);
    }
  }

  function recordConcepts(matcher: ConceptMatcher): void {
    matcher.run();
    for (let i = 0; i < matcher.candidates; i++) {
      if (!matcher.alive(i)) continue;
      const slot = matchCount - conceptStart;
      if (slot === conceptCandidate.length) {
        const grown = new Int32Array(slot * 2);
        grown.set(conceptCandidate);
        conceptCandidate = grown;
      }
      conceptCandidate[slot] = i;
      record(matcher.ruleOf(i), matcher.firstOf(i), matcher.lastOf(i));
    }
  }

  function scan(text: string, options: ScanOptions = {}): Verdict {
    const input = typeof text === 'string' ? text : String(text);
    const n = normalize(input);
    const norm = n.text;
    const tokens = tokenize(norm);
    hasCategoryEvidence = false;
    hasSalesTerm = false;
    modifierBound = 0;
    bound.fill(0);
    matchTerms(norm, tokens);
    // The chat-level verdict asks for the evidence of weak messages too (options.evidence).
    const weakToo = options.evidence === true;
    // Without product evidence, only a dose or a chemical code could still add some, and both
    // need a number: a message with neither is quiet without running the signal detectors.
    if ((!hasCategoryEvidence || (!weakToo && !mayFlag())) && tokens.numbers === 0) return quiet();
    signalHits.length = 0;
    findSignals(norm, tokens, lexicon, signalHits);
    for (const s of signalHits) {
      const def = bundle.signals[s.signal as BuiltinSignal];
      if (def.category) {
        hasCategoryEvidence = true;
        const c = CATEGORIES.indexOf(def.category);
        bound[c] = (bound[c] as number) + def.weight;
      }
    }
    // No product, sales term or category signal: nothing can be flagged, and commerce words
    // alone explain nothing. The common case, kept allocation-free.
    if (!hasCategoryEvidence || (!weakToo && !mayFlag())) return quiet();

    const hits = new Map<string, Hit>();
    const covered = composedCovered();
    for (let m = 0; m < matchCount; m++) {
      const rule = rules[matchRule[m] as number];
      if (!rule) continue;
      if (covered?.has(m)) continue;
      const first = matchFirst[m] as number;
      const last = matchLast[m] as number;
      let hit = hits.get(rule.id);
      if (!hit) {
        hit = {
          ruleId: rule.id,
          evidence: {
            kind: rule.kind,
            category: rule.category,
            weight: rule.weight,
            terms: new Set(),
            explain: rule.explain,
          },
          explain: rule.explain,
          spans: [],
          terms: new Set(),
        };
        hit.evidence.terms = hit.terms;
        hits.set(rule.id, hit);
      }
      // A composed concept highlights its parts, not the words between them; its term is the parts
      // together. A one-part concept (a guarded plain rule) is just its words, like a plain match.
      if (m >= conceptStart && concepts !== null) {
        const c = conceptCandidate[m - conceptStart] as number;
        const count = concepts.partCount(c);
        if (count > 1) {
          let term = '';
          for (let j = 0; j < count; j++) {
            const pf = concepts.partFirst(c, j);
            const pl = concepts.partLast(c, j);
            term += (j > 0 ? ' … ' : '') + norm.slice(tokens.start[pf], tokens.end[pl]);
            addSpan(hit.spans, spanOf(n, tokens, pf, pl));
          }
          hit.terms.add(term);
          continue;
        }
      }
      hit.terms.add(norm.slice(tokens.start[first], tokens.end[last]));
      addSpan(hit.spans, spanOf(n, tokens, first, last));
    }

    for (const s of signalHits) {
      const def = bundle.signals[s.signal as BuiltinSignal];
      const id = `signal.${s.signal}`;
      let hit = hits.get(id);
      if (!hit) {
        hit = {
          ruleId: id,
          evidence: {
            kind: def.kind,
            category: def.category ?? null,
            weight: def.weight,
            terms: new Set([s.signal]),
            explain: def.explain,
          },
          explain: def.explain,
          spans: [],
          terms: new Set(),
        };
        hits.set(id, hit);
      }
      addSpan(hit.spans, spanOf(n, tokens, s.first, s.last));
    }

    const offerScore = runOffer(norm, tokens, namedFeatures(norm, tokens));
    if (offerScore && offerModel && offerScore.words.length > 0) {
      // "Reads like an offer": the words that weighed most, highlighted like any other reason.
      const spans: Span[] = [];
      let weight = 0;
      for (const w of offerScore.words) {
        weight += w.weight;
        addSpan(spans, spanOf(n, tokens, w.first, w.last));
      }
      hits.set('offer.words', {
        ruleId: 'offer.words',
        evidence: {
          kind: 'offer',
          category: null,
          weight,
          terms: new Set(),
          explain: offerModel.def.explain,
        },
        explain: offerModel.def.explain,
        spans,
        terms: new Set(),
      });
    }
    const all = [...hits.values()];
    const result = scoreEvidence(
      all.map((h) => h.evidence),
      bundle.scoring,
      options.sensitivity ?? 'normal',
      options.categories,
      offerScore && offerModel
        ? { model: offerModel.def, logit: offerScore.logit, talk: offerScore.counter }
        : undefined,
    );
    // Reasons: evidence for the chosen category, commerce and counter signals; strongest first.
    const reasonCategory = result.category ?? result.topics[0]?.category ?? null;
    const reasons: Reason[] = all
      // A message lowered below zero still shows why: its best topic's evidence and counters.
      .filter((h) => h.evidence.category === null || h.evidence.category === reasonCategory)
      .map((h) => ({
        ruleId: h.ruleId,
        kind: h.evidence.kind,
        category: h.evidence.category,
        weight: h.evidence.weight,
        explain: h.explain,
        spans: mergedSpans(h.spans),
      }))
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.ruleId < b.ruleId ? -1 : 1));
    return {
      flagged: result.flagged,
      category: result.flagged ? result.category : null,
      score: result.score,
      level: result.level,
      reasons,
      evidence: {
        topics: result.topics,
        offer: offerScore ? Math.round(sigmoid(offerScore.logit) * 1000) / 1000 : null,
        ...(offerScore ? { talk: Math.round(offerScore.counter * 100) / 100 } : {}),
        offerSignals: offerScore
          ? [
              ...offerScore.named.filter((f) => f.weight > 0).map((f) => f.name),
              ...(offerScore.words.length > 0 ? ['words'] : []),
            ]
          : [],
        template: templateOf(tokens),
      },
    };
  }

  return {
    version: bundle.version,
    scan,
    offer,
    explanation: (key) => bundle.explanations[key] ?? fallback,
  };
}
