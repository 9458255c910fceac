/**
 * Public types of the detection engine. The engine is pure: it sees strings and data, never the
 * DOM, the browser, the network or a clock. Everything the extension, the CLI and the tests need
 * from it goes through ./index.ts.
 */

/** The illicit-listing categories Vigie knows. `benign` is not a category, it is the absence of one. */
export const CATEGORIES = [
  'drugs',
  'weapons',
  'documents',
  'financial',
  'fraud-documents',
  'counterfeit',
  'other-illicit',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Level = 'none' | 'low' | 'medium' | 'high';

/** What kind of evidence a rule contributes; the popup turns these into plain words. */
export type SignalKind =
  | 'product' // a product of one category ("beuh", "glock", "fullz")
  | 'sales-term' // a term that is an offer in itself ("permis sans examen", "fullz")
  | 'offer' // offer / stock words ("dispo", "vends", "in stock")
  | 'price' // a price: number + currency
  | 'quantity' // a quantity with a unit ("5g", "10 pills")
  | 'contact' // ordering instructions: @handle, t.me / wa.me link, phone number, "DM"
  | 'delivery' // delivery and discretion ("livraison 7j/7", "stealth shipping")
  | 'menu' // several item/price lines
  | 'listing' // a short listing-style title: no first/second person, no question
  | 'counter'; // news, prevention, questions, medical context (lowers the score)

/** A half-open range [start, end) of UTF-16 code units in the ORIGINAL text. */
export type Span = readonly [start: number, end: number];

export interface Reason {
  ruleId: string;
  kind: SignalKind;
  /** The category this evidence points to, when it is category-specific. */
  category: Category | null;
  weight: number;
  /** Key into the bundle's explanation table (plain-language fr/en text). */
  explain: string;
  /** Where in the original text the evidence lies (for highlighting). */
  spans: Span[];
}

export interface Verdict {
  flagged: boolean;
  category: Category | null;
  score: number;
  level: Level;
  reasons: Reason[];
  /**
   * The two answers behind the decision, also when the message is not flagged (a chat-level
   * verdict adds up messages that are each under the threshold). Absent when the message has no
   * topic evidence at all: the fast path computes nothing for it.
   */
  evidence?: VerdictEvidence;
}

/** "What is it?" and "is it offered?", each as measured, before the decision combines them. */
export interface VerdictEvidence {
  /** Topic score of every category with evidence, best first. */
  topics: { category: Category; score: number }[];
  /** Probability (0..1) that the text offers something, from the bundle's model; null without one. */
  offer: number | null;
  /** Offer features present that pushed towards "offered" (`sig.price`, `kind.offer`, `words`…). */
  offerSignals: string[];
  /**
   * Signs of talk rather than an offer (≤ 0; 0 = none): the sum of the offer model's counters
   * (news, reporting, prevention, a question, a narrative…), which the decision uses as a veto.
   * Absent without a model.
   */
  talk?: number;
  /**
   * Fingerprint of the message's shape, numbers left out (src/engine/chat/template.ts): equal for
   * a post repeated with another price. 30 bits, not reversible to text. Absent from older callers.
   */
  template?: number;
}

/** The offer model's reading of any text, ungated (tools, training, tests). */
export interface OfferEvaluation {
  /** null when the bundle has no offer model. */
  logit: number | null;
  probability: number | null;
  /** Named features present (`sig.price`, `kind.offer`, `shape.question`…), sorted. */
  features: string[];
  /** Category-less counter rules that matched: explanation key → strongest weight. */
  counters: Record<string, number>;
  /** Word features present (tokens and adjacent pairs, "#num" for numbers), sorted. */
  words: string[];
}

/** Plain-language text of an explanation key, in both UI languages. */
export interface Explanation {
  en: string;
  fr: string;
}

/** How eagerly to flag: a user/organisation setting that moves the decision threshold. */
export type Sensitivity = 'low' | 'normal' | 'high';

export interface ScanOptions {
  sensitivity?: Sensitivity;
  /** Categories to report; others are still scored but never flagged. Default: all. */
  categories?: readonly Category[];
  /**
   * Also give `evidence` for messages whose topic evidence is too weak to be flagged (the early
   * exit skips them otherwise): the chat-level verdict adds such messages up. Changes no `flagged`.
   */
  evidence?: boolean;
}
