/**
 * What the chat-level verdict keeps of one message: a few numbers and explanation keys taken from
 * its Verdict, never its text. "Is this chat a shop?" adds these up (./tally.ts).
 *
 *   Verdict ──messageFacts──▶ { flagged, category, topic, offer, signals, counter, products, template }
 *
 * A message without topic evidence has no facts (null): it only counts as a message read.
 */
import { CATEGORIES, type Category, type SignalKind, type Verdict } from '../types';

/** Commerce signals the chat verdict counts, one bit each (a message has each at most once). */
export const CHAT_SIGNALS = ['price', 'quantity', 'contact', 'delivery', 'menu', 'offer'] as const;
export type ChatSignal = (typeof CHAT_SIGNALS)[number];

const SIGNAL_BIT: Partial<Record<SignalKind, number>> = {};
CHAT_SIGNALS.forEach((s, i) => {
  SIGNAL_BIT[s] = 1 << i;
});

/** At most this many product explanation keys are kept per message. */
export const MAX_PRODUCT_KEYS = 3;

export interface MessageFacts {
  /** The message was flagged on its own. */
  flagged: boolean;
  /** Its category when flagged, else its best topic. */
  category: Category;
  /** The best topic's score ("what is it?"), with its own counters; may be 0 or below. */
  topic: number;
  /** The offer model's probability that the message offers something; null without a model. */
  offer: number | null;
  /** Commerce signals present (bits of CHAT_SIGNALS). */
  signals: number;
  /** Sum of the category-less counter weights (≤ 0): news, prevention, a question, family talk. */
  counter: number;
  /** Explanation keys of the product and sales-term evidence of `category` ("luxury-brand"). */
  products: readonly string[];
  /** Fingerprint of the message's shape (numbers left out); null when the engine gave none. */
  template: number | null;
}

/** The facts of one scanned message; null when it has no topic evidence at all. */
export function messageFacts(verdict: Verdict): MessageFacts | null {
  const evidence = verdict.evidence;
  const best = evidence?.topics[0];
  if (!evidence || !best) return null;
  const category = verdict.flagged && verdict.category !== null ? verdict.category : best.category;
  const topic = evidence.topics.find((t) => t.category === category)?.score ?? best.score;
  let signals = 0;
  let counter = 0;
  const products: string[] = [];
  for (const r of verdict.reasons) {
    const bit = SIGNAL_BIT[r.kind];
    if (bit !== undefined && r.category === null) signals |= bit;
    else if (r.kind === 'counter' && r.category === null) counter += r.weight;
    else if (
      (r.kind === 'product' || r.kind === 'sales-term') &&
      r.category === category &&
      products.length < MAX_PRODUCT_KEYS &&
      !products.includes(r.explain)
    )
      products.push(r.explain);
  }
  return {
    flagged: verdict.flagged,
    category,
    topic,
    offer: evidence.offer,
    signals,
    counter: Math.round(counter * 100) / 100,
    products,
    template: evidence.template ?? null,
  };
}

/** The signals of a bit set, in CHAT_SIGNALS order. */
export function signalsOf(bits: number): ChatSignal[] {
  return CHAT_SIGNALS.filter((_, i) => (bits & (1 << i)) !== 0);
}

export function signalCount(bits: number): number {
  let n = 0;
  for (let b = bits; b !== 0; b &= b - 1) n++;
  return n;
}

export const CATEGORY_COUNT = CATEGORIES.length;
