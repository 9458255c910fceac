/**
 * The rule bundle: the one JSON document the extension ships as its default (rules/build/bundle.json)
 * and that signed feed updates replace. It is DATA only: literal terms, weights, explanation texts
 * and CSS selectors for the chat sites. No expression language, no code.
 *
 * Versioning: `format` changes when this shape changes incompatibly (an old extension refuses a
 * bundle whose format it does not know); `version` increases with every published bundle (a
 * client refuses anything not newer than what it has).
 */
import type { ChatSection } from '../chat/section';
import type { BuiltinSignal } from '../match/signals';
import type { OfferModelDef } from '../score/offer';
import type { Category, Explanation, Sensitivity, SignalKind } from '../types';
import type { SitesConfig } from './sites';

export const BUNDLE_FORMAT = 1;

/** Terms are written in plain text and matched on normalised tokens; see ../match. */
export interface RuleDef {
  id: string;
  kind: SignalKind;
  /** Category the evidence points to; null for commerce and counter signals shared by all. */
  category: Category | null;
  weight: number;
  /** Key into `explanations`. */
  explain: string;
  /**
   * Literal terms: words, multi-word phrases or emoji. A trailing `*` on the last word makes it
   * a prefix ("coke*"). `#num` stands for any number token. Nothing else is special.
   */
  terms: string[];
  /** Languages the rule is written for ('fr', 'en', 'any'); informational. */
  lang: string;
  /**
   * Optional: concept classes (concepts.classes) whose terms, starting within `noneWindow` tokens
   * (default 8) of a match, cancel it: "le carding est devenu…" is talk about carding. The rule
   * then matches as a one-class concept. An older extension ignores both and matches as before.
   */
  none?: string[];
  noneWindow?: number;
}

/**
 * Concepts: evidence that is a combination of words, not one fixed phrase. "Je propose aussi
 * permis + code sans examen" has no phrase "permis sans examen", but it has a licence noun and a
 * no-exam qualifier four tokens apart.
 *
 *   classes:  "licence-noun": ["permis", "code de la route", "permis b"]
 *             "no-exam":      ["sans examen", "sans passer l'examen", "sans heures de conduite"]
 *   rule:     all: ["licence-noun", "no-exam"], window: 6, none: ["driving-school-talk"]
 *
 * A class is a named list of literal terms in the rule-term syntax (words, phrases, emoji, a
 * trailing `*` prefix, `#num` after the first token). A class is never evidence by itself. A
 * concept rule fires when one term of EACH class in `all` starts within `window` tokens of the
 * others (any order; the parts do not overlap), and no term of a class in `none` starts within
 * `noneWindow` (default `window`) tokens of the match. It then counts as an ordinary rule hit of its kind, category and
 * weight, highlighting the words of each part. Still data only: no pattern language, no regex.
 */
export interface ConceptSection {
  classes: Record<string, string[]>;
  rules: ConceptRule[];
}

export interface ConceptRule {
  id: string;
  kind: SignalKind;
  category: Category | null;
  weight: number;
  explain: string;
  /** Classes that must all occur within the window: 1 to MAX_CONCEPT_PARTS names, no repeats. */
  all: string[];
  /** Classes whose presence near the match cancels it (innocent senses, reporting frames). */
  none?: string[];
  /** Largest distance, in tokens, between the first tokens of any two parts (1..MAX_CONCEPT_WINDOW). */
  window: number;
  /**
   * How far from the match (tokens before its first part or after its last) a `none` class still
   * cancels it; default `window`. A reporting frame ("selon les enquêteurs") may sit further away
   * than the parts from each other.
   */
  noneWindow?: number;
  lang: string;
}

export interface RuleBundle {
  format: typeof BUNDLE_FORMAT;
  version: number;
  /** ISO 8601 date-time the bundle was built. */
  published: string;
  /** ISO 8601 date-time after which clients refuse it (an old bundle replayed from a mirror). */
  expires: string;
  explanations: Record<string, Explanation>;
  /** Units, currencies and the like used by the built-in price/quantity/contact detectors. */
  lexicon: Lexicon;
  rules: RuleDef[];
  /**
   * Concept rules: term classes composed within a window of tokens ("a licence noun near 'sans
   * examen'"). Optional: bundles without it load, and an older extension that does not know the
   * section ignores it and keeps its plain rules. See ConceptSection.
   */
  concepts?: ConceptSection;
  /** Weights of the built-in detectors (prices, quantities, phone numbers, handles, menus). */
  signals: Record<BuiltinSignal, SignalDef>;
  scoring: Scoring;
  sites: SitesConfig;
  /**
   * The offer-ness model ("is it offered?"): weights learned from legal ads, shop posts, news,
   * chat and forums (docs/offer-model.md). Optional: a bundle without it is scored as before.
   */
  offer?: OfferModelDef;
  /**
   * When a chat as a whole looks like a shop (issue 15): thresholds over its messages' evidence.
   * Optional: without it there is no chat-level verdict; an older extension ignores it.
   */
  chat?: ChatSection;
}

export interface SignalDef {
  kind: SignalKind;
  /** Category the signal points to (e.g. a chemical code → drugs); absent for commerce signals. */
  category?: Category;
  weight: number;
  explain: string;
}

/**
 * Decision thresholds. A message is flagged for its best category when the score reaches the
 * threshold of the chosen sensitivity AND the evidence is listing-like: a sales term, or product
 * evidence together with at least one commerce signal, or product evidence of at least
 * `productOnly` (several strong product terms, as in a market listing title).
 */
export interface Scoring {
  threshold: Record<Sensitivity, number>;
  productOnly: number;
  /**
   * Category evidence below this does not pick up the commerce signals: a weak word ("alarme",
   * "ebook") next to a price and "livraison" is an ordinary ad. Optional (older bundles: 0).
   */
  commerceFloor?: number;
  /**
   * Explanation keys of product rules that only strengthen other evidence ("méthode", "how to"):
   * never evidence on their own. The guides key is always one. Optional.
   */
  modifiers?: string[];
  /** Score at which the level becomes medium / high (below medium: low). */
  levels: { medium: number; high: number };
  /**
   * Listings of guides and methods: when evidence with this explanation key is present, the
   * verdict's category becomes `category` (a carding tutorial is a fraud guide, not card data).
   */
  guides?: {
    explain: string;
    category: Category;
    /** Categories a guide word does not relabel: their goods are files themselves (a pdf pay slip). */
    keep?: Category[];
  };
}

export interface Lexicon {
  currencies: string[];
  /**
   * Words of conversation: first- and second-person words ("je", "tu", "my", "you"), common
   * finite verbs ("est", "is", "was") and chat fillers ("mdr", "stp"). A short text without any
   * of them, and without a question, reads like a listing title ("Glock 19 9mm + 2 mags");
   * "La beuh c'est de la merde" is talk.
   */
  personal: string[];
  /** Mass/volume/count units that make a number a quantity ("g", "gr", "oz", "pills"). */
  units: string[];
  /** Units that also point to drugs when they follow a number ("80mg", "1/8 oz", "10 tabs"). */
  doseUnits: string[];
  /**
   * Words between a bare number and a unit that make it a unit price: "50 le g", "40 a gram".
   * Optional: bundles built before it existed still load.
   */
  perUnit?: string[];
}
