/**
 * The rule bundle: the one JSON document the extension ships as its default (rules/build/bundle.json)
 * and that signed feed updates replace. It is DATA only: literal terms, weights, explanation texts
 * and CSS selectors for the chat sites. No expression language, no code.
 *
 * Versioning: `format` changes when this shape changes incompatibly (an old extension refuses a
 * bundle whose format it does not know); `version` increases with every published bundle (a
 * client refuses anything not newer than what it has).
 */
import type { Category, Explanation, SignalKind } from '../types';
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
  sites: SitesConfig;
}

export interface Lexicon {
  currencies: string[];
  /** Mass/volume/count units that make a number a quantity ("g", "gr", "oz", "pills"). */
  units: string[];
}
