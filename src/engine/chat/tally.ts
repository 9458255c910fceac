/**
 * The chat-level verdict, kept up to date as messages are read: "does this chat, as a whole, look
 * like a shop?" Incremental and order-free: each message adds its facts once (by key), an edited
 * message replaces them, and the decision is a pure function of the counts, so reading the same
 * messages in any order, or again, gives the same verdict. No text is kept: per message only its
 * class, category, signal bits, product explanation keys, a 30-bit shape fingerprint and its time.
 *
 *   scanner / export reader ──observe(key, facts, time)──▶ counts per category ──decision()──▶ shop?
 *                                                                               └─verdict()──▶ reasons, time range
 *
 * observe() and decision() cost O(1) and O(categories); verdict() walks the stored messages once
 * (the popup, a report) for the time range.
 */
import { CATEGORIES, type Category } from '../types';
import { CHAT_SIGNALS, type ChatSignal, type MessageFacts, signalCount } from './facts';
import type { ChatSection } from './section';

/** How a message counts (see ./section.ts). */
export const Support = { Plain: 0, Topic: 1, Listing: 2, Flagged: 3 } as const;
export type Support = (typeof Support)[keyof typeof Support];

/** More keys than this are not remembered (as the scanner's own limit): counts stop growing. */
export const MAX_CHAT_KEYS = 100_000;

interface Entry {
  support: Support;
  category: number;
  signals: number;
  products: readonly string[];
  template: number | null;
  time: number | null;
}

/** The decision alone: cheap enough for every change (the toolbar badge). */
export interface ChatDecision {
  shop: boolean;
  /** The leading category and possibly a second one, main first; [] when nothing points anywhere. */
  categories: Category[];
  /** Messages read (with text) in this chat. */
  read: number;
  /** Listings of those categories: flagged on their own, or offers under the message threshold. */
  listings: number;
  /** Of those, flagged on their own. */
  flagged: number;
}

export interface ChatVerdict extends ChatDecision {
  /** Commerce signals among those listings, most frequent first. */
  signals: { signal: ChatSignal; count: number }[];
  /** What the listings name (explanation keys of product evidence), most frequent first, ≤ 3. */
  products: { explain: string; count: number }[];
  /** Listings whose shape repeats an earlier listing's (a post reposted with another price). */
  repeated: number;
  /** Earliest and latest time shown among those listings (Unix ms), when the page shows times. */
  firstTime: number | null;
  lastTime: number | null;
}

/** Which class a message falls in, under the section's thresholds. */
export function supportOf(f: MessageFacts, section: ChatSection): Support {
  const { topicMin, offerMin, commerceMin, counterFloor } = section.listing;
  // Flagged, but framed as news, prevention or a parent's warning: talk about a shop, not one.
  if (f.flagged) return f.counter >= counterFloor ? Support.Flagged : Support.Topic;
  if (f.topic < topicMin) return Support.Plain;
  const offered = f.offer !== null ? f.offer >= offerMin : signalCount(f.signals) >= commerceMin;
  return offered && f.counter >= counterFloor ? Support.Listing : Support.Topic;
}

export class ChatTally {
  private readonly entries = new Map<string, Entry | null>();
  /** Per category: support in thousandths (integers, so adding and removing never drifts). */
  private readonly support = new Float64Array(CATEGORIES.length);
  private readonly listings = new Int32Array(CATEGORIES.length);
  private readonly flagged = new Int32Array(CATEGORIES.length);
  /** Per category and signal: listings with that signal. */
  private readonly signals = new Int32Array(CATEGORIES.length * CHAT_SIGNALS.length);
  private readonly products: Map<string, number>[] = CATEGORIES.map(() => new Map());
  /** Per category: listings by template, and how many repeat an earlier one. */
  private readonly templates: Map<number, number>[] = CATEGORIES.map(() => new Map());
  private readonly repeats = new Int32Array(CATEGORIES.length);
  private readonly weight: Record<Support, number>;

  constructor(private readonly section: ChatSection) {
    this.weight = {
      [Support.Plain]: 0,
      [Support.Topic]: Math.round(section.weights.topic * 1000),
      [Support.Listing]: Math.round(section.weights.listing * 1000),
      [Support.Flagged]: Math.round(section.weights.flagged * 1000),
    };
  }

  /** Messages read. */
  get read(): number {
    return this.entries.size;
  }

  /**
   * A message was read: its facts (null when it has no topic evidence) and the time the page shows
   * for it. Reading it again replaces what it counted before (an edit, a rebuilt node).
   */
  observe(key: string, facts: MessageFacts | null, time: number | null = null): void {
    const previous = this.entries.get(key);
    if (previous === undefined && this.entries.size >= MAX_CHAT_KEYS) return;
    if (previous) this.apply(previous, -1);
    const category = facts ? CATEGORIES.indexOf(facts.category) : -1;
    const entry: Entry | null =
      facts && category >= 0
        ? {
            support: supportOf(facts, this.section),
            category,
            signals: facts.signals,
            products: facts.products,
            template: facts.template,
            time,
          }
        : null;
    this.entries.set(key, entry);
    if (entry) this.apply(entry, 1);
  }

  /** A message is gone for good (its key was replaced by another). */
  forget(key: string): void {
    const previous = this.entries.get(key);
    if (previous === undefined) return;
    if (previous) this.apply(previous, -1);
    this.entries.delete(key);
  }

  /** Another chat: start again. */
  reset(): void {
    this.entries.clear();
    this.support.fill(0);
    this.listings.fill(0);
    this.flagged.fill(0);
    this.signals.fill(0);
    for (const m of this.products) m.clear();
    for (const m of this.templates) m.clear();
    this.repeats.fill(0);
  }

  decision(): ChatDecision {
    return decide(
      {
        support: this.support,
        listings: this.listings,
        flagged: this.flagged,
        repeats: this.repeats,
        read: this.read,
      },
      this.section,
    );
  }

  verdict(): ChatVerdict {
    const decision = this.decision();
    const named = decision.categories.map((c) => CATEGORIES.indexOf(c));
    const signals = CHAT_SIGNALS.map((signal, s) => ({
      signal,
      count: named.reduce((n, c) => n + (this.signals[c * CHAT_SIGNALS.length + s] as number), 0),
    }))
      .filter((x) => x.count > 0)
      .sort((a, b) => b.count - a.count);
    const productCounts = new Map<string, number>();
    for (const c of named)
      for (const [k, n] of this.products[c] as Map<string, number>)
        productCounts.set(k, (productCounts.get(k) ?? 0) + n);
    const products = [...productCounts]
      .map(([explain, count]) => ({ explain, count }))
      .sort((a, b) => b.count - a.count || (a.explain < b.explain ? -1 : 1))
      .slice(0, 3);
    let firstTime: number | null = null;
    let lastTime: number | null = null;
    if (named.length > 0) {
      for (const e of this.entries.values()) {
        if (!e || e.time === null || e.support < Support.Listing || !named.includes(e.category)) continue;
        if (firstTime === null || e.time < firstTime) firstTime = e.time;
        if (lastTime === null || e.time > lastTime) lastTime = e.time;
      }
    }
    return {
      ...decision,
      signals,
      products,
      repeated: named.reduce((n, c) => n + (this.repeats[c] as number), 0),
      firstTime,
      lastTime,
    };
  }

  private apply(e: Entry, sign: 1 | -1): void {
    const c = e.category;
    this.support[c] = (this.support[c] as number) + sign * this.weight[e.support];
    if (e.support < Support.Listing) return;
    this.listings[c] = (this.listings[c] as number) + sign;
    if (e.support === Support.Flagged) this.flagged[c] = (this.flagged[c] as number) + sign;
    for (let s = 0; s < CHAT_SIGNALS.length; s++) {
      if ((e.signals & (1 << s)) === 0) continue;
      const i = c * CHAT_SIGNALS.length + s;
      this.signals[i] = (this.signals[i] as number) + sign;
    }
    const products = this.products[c] as Map<string, number>;
    for (const k of e.products) bump(products, k, sign);
    if (e.template !== null) {
      const templates = this.templates[c] as Map<number, number>;
      // A repeat is every occurrence after the first: n occurrences make n - 1 repeats.
      const before = templates.get(e.template) ?? 0;
      bump(templates, e.template, sign);
      if (sign === 1 && before >= 1) this.repeats[c] = (this.repeats[c] as number) + 1;
      if (sign === -1 && before >= 2) this.repeats[c] = (this.repeats[c] as number) - 1;
    }
  }
}

function bump<K>(map: Map<K, number>, key: K, sign: 1 | -1): void {
  const n = (map.get(key) ?? 0) + sign;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

/** Per-category counts, as the tally keeps them (support in thousandths). */
export interface ChatCounts {
  support: ArrayLike<number>;
  listings: ArrayLike<number>;
  flagged: ArrayLike<number>;
  /** Listings whose template repeats an earlier listing's (the same post again). */
  repeats: ArrayLike<number>;
  read: number;
}

/** The decision from the counts alone (pure; see ./section.ts for the rule). */
export function decide(counts: ChatCounts, section: ChatSection): ChatDecision {
  const order = CATEGORIES.map((_, c) => c)
    .filter((c) => (counts.support[c] as number) > 0 || (counts.listings[c] as number) > 0)
    .sort(
      (a, b) =>
        (counts.support[b] as number) - (counts.support[a] as number) ||
        (counts.listings[b] as number) - (counts.listings[a] as number) ||
        a - b,
    );
  const first = order[0];
  if (first === undefined) return { shop: false, categories: [], read: counts.read, listings: 0, flagged: 0 };
  const named = [first];
  const second = order[1];
  const { shop: rule } = section;
  if (
    second !== undefined &&
    (counts.listings[second] as number) > 0 &&
    (counts.support[second] as number) >= rule.secondShare * (counts.support[first] as number)
  )
    named.push(second);
  let support = 0;
  let listings = 0;
  let flagged = 0;
  let repeats = 0;
  for (const c of named) {
    support += counts.support[c] as number;
    listings += counts.listings[c] as number;
    flagged += counts.flagged[c] as number;
    repeats += counts.repeats[c] as number;
  }
  // The same post forwarded or reposted counts once towards "how many listings".
  const distinct = listings - repeats;
  let total = 0;
  for (let c = 0; c < CATEGORIES.length; c++) total += Math.max(0, counts.support[c] as number);
  support /= 1000;
  total /= 1000;
  const shop =
    distinct >= rule.minListings &&
    support >= rule.minSupport &&
    distinct >= rule.minShare * counts.read &&
    support >= rule.minConcentration * total;
  return {
    shop,
    categories: named.map((c) => CATEGORIES[c] as Category),
    read: counts.read,
    listings,
    flagged,
  };
}
