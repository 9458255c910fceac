/**
 * From evidence to a verdict. Listing-style, not keyword presence:
 *
 *   per category c:  evidence_c = sales_c + product_c            (category-specific rules)
 *                    commerce   = Σ over commerce kinds of the strongest hit of that kind
 *                                  (offer, price, quantity, contact, delivery, menu; each kind once)
 *                    counter_c  = Σ of counter rules for c or for all (negative weights)
 *                    score_c    = evidence_c + (evidence_c ≥ commerceFloor ? commerce : 0) + counter_c
 *
 *   modifier words (product rules whose explanation is in scoring.modifiers or is
 *   scoring.guides.explain: "ebook", "méthode", "how to") are not evidence on their own: they add
 *   to a category that already has some. Guide words then make the verdict's category the guide
 *   category; method words ("how to order", "payment method") do not.
 *
 *   flagged when the best score reaches the sensitivity's threshold AND the evidence looks like a
 *   listing: a sales term, or product evidence with at least one commerce signal, or product
 *   evidence ≥ scoring.productOnly (several strong product terms, as in a market listing title).
 *
 * A product rule counts once, with a bonus when several of its distinct terms appear (a menu of
 * products); a counter rule counts once.
 */
import type { RuleBundle } from '../ruleset/bundle-types';
import { CATEGORIES, type Category, type Level, type Sensitivity, type SignalKind } from '../types';
import type { OfferModelDef } from './offer';

export const COMMERCE_KINDS: readonly SignalKind[] = [
  'offer',
  'price',
  'quantity',
  'contact',
  'delivery',
  'menu',
  'listing',
];

/** One piece of evidence after matching: which rule (or built-in signal) and which distinct terms. */
export interface Evidence {
  kind: SignalKind;
  category: Category | null;
  weight: number;
  /** Normalised texts of the distinct terms that matched. */
  terms: ReadonlySet<string>;
  explain: string;
}

export interface ScoreResult {
  category: Category | null;
  score: number;
  flagged: boolean;
  level: Level;
  /** "What is it?": per enabled category with evidence, its evidence plus its own counters, best first. */
  topics: { category: Category; score: number }[];
}

const EXTRA_TERM_BONUS = 1;
const MAX_EXTRA_TERMS = 3;

const modifierKeysCache = new WeakMap<RuleBundle['scoring'], ReadonlySet<string>>();

/**
 * Explanation keys whose product rules only strengthen other evidence: scoring.modifiers plus the
 * guides key. Built once per scoring object (the detector and every scored message ask for it).
 */
export function modifierKeysOf(scoring: RuleBundle['scoring']): ReadonlySet<string> {
  let keys = modifierKeysCache.get(scoring);
  if (!keys) {
    const set = new Set<string>(scoring.modifiers ?? []);
    if (scoring.guides) set.add(scoring.guides.explain);
    keys = set;
    modifierKeysCache.set(scoring, keys);
  }
  return keys;
}

/**
 * With an offer model, the two questions are asked apart (issue 14):
 *
 *   topic_c = evidence_c + counter_c           (counters the offer model does not read: "second-hand",
 *                                               "legal goods", the category's own counters)
 *   offered = logit + (a sales term matched ? model.salesTerm : 0)
 *   talk    = the offer counters that matched (≤ 0): news, reporting, prevention, a question, a
 *             buyer, someone telling what happened (curated rules, shown as reasons)
 *   flagged when topic_best ≥ model.topic[s] AND talk ≥ model.veto[s]
 *                AND topic_best + model.offerWeight × offered ≥ model.combined[s]   (s: sensitivity)
 *
 * Offer-ness works as a VETO of talk: signs of talk (news, reporting, prevention, questions,
 * buying, telling what others do) keep a message quiet whatever its topic, while a missing price
 * or contact is no veto: a strong topic with no sign of talk is flagged by the last condition
 * alone. A model without `veto` (older bundles) asks offered ≥ model.threshold[s] instead.
 *   score   = topic_best + offered, the offer part kept within [0, OFFER_SCORE_CAP] (for the level)
 *
 * The last condition trades one answer against the other: a strong topic ("faux permis de
 * conduire", several drug names) needs less proof of an offer than a weak one (a dose, "pure").
 *
 * Commerce signals no longer add to the topic: they are features of the offer model.
 */
export interface OfferDecision {
  model: OfferModelDef;
  /** The model's logit for this message (counters included). */
  logit: number;
  /** Its talk part (≤ 0): the sum of the offer counters (OfferScore.counter). */
  talk: number;
}

const OFFER_SCORE_CAP = 4;

const offerCountersCache = new WeakMap<OfferModelDef, ReadonlySet<string>>();
/** The model's counter keys as a set, built once per model (every scored message asks). */
function offerCountersOf(model: OfferModelDef): ReadonlySet<string> {
  let set = offerCountersCache.get(model);
  if (!set) {
    set = new Set(model.counters);
    offerCountersCache.set(model, set);
  }
  return set;
}

export function scoreEvidence(
  evidence: readonly Evidence[],
  scoring: RuleBundle['scoring'],
  sensitivity: Sensitivity,
  enabled: readonly Category[] | undefined,
  offer?: OfferDecision,
): ScoreResult {
  const offerCounters = offer ? offerCountersOf(offer.model) : null;
  // The same word may sit in several rules (an English and a French list): each distinct term
  // counts once per category, at its highest weight.
  const productTerms = new Map<Category, Map<string, number>>();
  // Guide and method words ("ebook", "pdf", "méthode", "how to") are evidence only next to an
  // illicit topic: "Méthode carding" is a listing, "méthode pour apprendre l'anglais" is not.
  const guide = scoring.guides;
  const modifierKeys = modifierKeysOf(scoring);
  const modifierTerms = new Map<string, number>();
  let guideEvidence = false;
  const sales = new Map<Category, number>();
  const counterByExplain = new Map<string, { category: Category | null; weight: number }>();
  const commerceByKind = new Map<SignalKind, number>();
  for (const e of evidence) {
    if (e.kind === 'product' && e.category && modifierKeys.has(e.explain)) {
      for (const t of e.terms) modifierTerms.set(t, Math.max(modifierTerms.get(t) ?? 0, e.weight));
      if (e.explain === guide?.explain) guideEvidence = true;
    } else if (e.kind === 'product' && e.category) {
      const terms = productTerms.get(e.category) ?? new Map<string, number>();
      for (const t of e.terms) terms.set(t, Math.max(terms.get(t) ?? 0, e.weight));
      productTerms.set(e.category, terms);
    } else if (e.kind === 'sales-term' && e.category) {
      sales.set(e.category, Math.max(sales.get(e.category) ?? 0, e.weight));
      if (e.explain === guide?.explain) guideEvidence = true;
    } else if (e.kind === 'counter') {
      // Read by the offer model (news, prevention, a question…): not a topic counter.
      if (offerCounters && e.category === null && offerCounters.has(e.explain)) continue;
      // One counter per explanation (news, prevention…), so a long article is not penalised twice.
      const key = `${e.category ?? '*'}/${e.explain}`;
      const prev = counterByExplain.get(key);
      if (!prev || e.weight < prev.weight)
        counterByExplain.set(key, { category: e.category, weight: e.weight });
    } else if (COMMERCE_KINDS.includes(e.kind)) {
      commerceByKind.set(e.kind, Math.max(commerceByKind.get(e.kind) ?? 0, e.weight));
    }
  }
  let commerce = 0;
  for (const w of commerceByKind.values()) commerce += w;
  // Modifier words join every category that has evidence of its own, as further distinct terms.
  if (modifierTerms.size > 0) {
    for (const c of new Set<Category>([...productTerms.keys(), ...sales.keys()])) {
      const terms = productTerms.get(c) ?? new Map<string, number>();
      for (const [t, w] of modifierTerms) terms.set(t, Math.max(terms.get(t) ?? 0, w));
      productTerms.set(c, terms);
    }
  }
  const product = new Map<Category, number>();
  for (const [c, terms] of productTerms) {
    // The strongest term, plus a bonus for each further distinct product (a menu lists several);
    // a weak word adds no more than its own weight.
    const weights = [...terms.values()].sort((a, b) => b - a);
    let extra = 0;
    for (let i = 1; i <= MAX_EXTRA_TERMS && i < weights.length; i++) {
      extra += Math.min(EXTRA_TERM_BONUS, weights[i] as number);
    }
    product.set(c, (weights[0] ?? 0) + extra);
  }
  const counter = new Map<Category | null, number>();
  for (const { category, weight } of counterByExplain.values()) {
    counter.set(category, (counter.get(category) ?? 0) + weight);
  }

  let best: Category | null = null;
  let bestScore = 0;
  let bestListingLike = false;
  const topics: { category: Category; score: number }[] = [];
  for (const c of CATEGORIES) {
    if (enabled && !enabled.includes(c)) continue;
    const p = product.get(c) ?? 0;
    const s = sales.get(c) ?? 0;
    const evidenceC = p + s;
    if (evidenceC <= 0) continue;
    topics.push({ category: c, score: round2(evidenceC + (counter.get(c) ?? 0) + (counter.get(null) ?? 0)) });
    const commerceC = offer ? 0 : evidenceC >= (scoring.commerceFloor ?? 0) ? commerce : 0;
    const score = evidenceC + commerceC + (counter.get(c) ?? 0) + (counter.get(null) ?? 0);
    if (score > bestScore) {
      best = c;
      bestScore = score;
      bestListingLike = s > 0 || commerceC > 0 || p >= scoring.productOnly;
    }
  }
  // A guide or method ABOUT an illicit topic ("How to cash out CC", "Grow bible PDF") is sold as
  // its own kind of listing: the topic's score, the guide's category.
  // Not for categories whose goods ARE files (guides.keep): "fiches de paie 30 balles, je t'envoie
  // le pdf" sells pay slips, in a pdf.
  if (best !== null && guide && guideEvidence && !guide.keep?.includes(best)) {
    if (!enabled || enabled.includes(guide.category)) best = guide.category;
  }
  if (offer) {
    const offered = offer.logit + (sales.size > 0 ? offer.model.salesTerm : 0);
    const veto = offer.model.veto;
    const flaggedOffer =
      best !== null &&
      bestScore >= offer.model.topic[sensitivity] &&
      (veto ? offer.talk >= veto[sensitivity] : offered >= offer.model.threshold[sensitivity]) &&
      bestScore + offer.model.offerWeight * offered >= offer.model.combined[sensitivity];
    bestScore += Math.min(Math.max(offered, 0), OFFER_SCORE_CAP);
    return finish(best, bestScore, flaggedOffer, scoring, topics);
  }
  const threshold = scoring.threshold[sensitivity];
  const flagged = best !== null && bestListingLike && bestScore >= threshold;
  return finish(best, bestScore, flagged, scoring, topics);
}

function finish(
  best: Category | null,
  bestScore: number,
  flagged: boolean,
  scoring: RuleBundle['scoring'],
  topics: { category: Category; score: number }[],
): ScoreResult {
  const level: Level = !flagged
    ? 'none'
    : bestScore >= scoring.levels.high
      ? 'high'
      : bestScore >= scoring.levels.medium
        ? 'medium'
        : 'low';
  topics.sort((a, b) => b.score - a.score);
  return { category: best, score: round2(bestScore), flagged, level, topics };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
