/**
 * The bundle's `chat` section: when a chat as a whole looks like a shop. Thresholds only, DATA in
 * the signed bundle, so a rule update can tune them (validated in ../ruleset/validate-chat.ts).
 *
 * Each message read is one of (./tally.ts):
 *   flagged  flagged on its own                                                → weights.flagged
 *   listing  not flagged, but its best topic ≥ listing.topicMin, it reads as an offer
 *            (offer model ≥ listing.offerMin, or without a model ≥ listing.commerceMin commerce
 *            signals) and its category-less counters stay ≥ listing.counterFloor  → weights.listing
 *   topic    topic ≥ listing.topicMin, not an offer (news, talk)                → weights.topic
 *   plain    anything else: only counted as read
 *
 * The chat looks like a shop when, for its leading category (and a second one whose support is at
 * least shop.secondShare of the first's):
 *   distinct listings (flagged + listing, a repeated post once) ≥ shop.minListings
 *                                                    (never one message: validated ≥ 2)
 *   support (sum of weights)      ≥ shop.minSupport
 *   distinct listings ≥ shop.minShare × messages read  (a big family chat with a few odd ones)
 *   support  ≥ shop.minConcentration × support of all categories (a sale group's scattered topics)
 */

export interface ChatSection {
  listing: {
    topicMin: number;
    offerMin: number;
    commerceMin: number;
    counterFloor: number;
  };
  weights: { flagged: number; listing: number; topic: number };
  shop: {
    minListings: number;
    minSupport: number;
    minShare: number;
    minConcentration: number;
    secondShare: number;
  };
  /** Explanation keys of the plain-words reasons; their texts may hold {n}, {total} and {list}. */
  explain: ChatExplainKeys;
}

export const CHAT_EXPLAIN_ROLES = [
  'listings',
  'flagged',
  'signals',
  'products',
  'repeated',
  'price',
  'quantity',
  'contact',
  'delivery',
  'menu',
  'offer',
] as const;
export type ChatExplainRole = (typeof CHAT_EXPLAIN_ROLES)[number];
export type ChatExplainKeys = Record<ChatExplainRole, string>;
