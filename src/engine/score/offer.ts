/**
 * "Is it offered?" — offer-ness, asked apart from "what is it?".
 *
 * A small logistic model whose weights are DATA in the signed bundle (`offer` section, see
 * ../ruleset/bundle-types.ts). It reads the same tokens as the rest of the engine:
 *
 *   logit = bias + Σ weight(named feature present) + Σ weight(word or word pair present)
 *
 *   named features  sig.*      built-in commerce signals (price, quantity, phone, handle, menu, title)
 *                   kind.*     commerce rules that matched (offer, contact, delivery, listing words)
 *                   form.*     the same rules by their own explanation when it names a form of
 *                              offering (recruiting, a cut, a payment method, opening hours…)
 *                   shape.*    question mark, very short, a first/second-person word
 *   counters        category-less counter rules whose explanation the model lists in `counters`
 *                   (news, prevention, question, family…: talk ABOUT a trade) lower the logit by
 *                   their own rule weight, once per explanation. They are curated, not learned: legal
 *                   text has too few of them to learn from.
 *   words           one token ("dispo", "#num" for any number, "€") or two adjacent tokens ("a vendre")
 *
 * Each feature counts once per message (presence, not frequency), so a long text cannot pile up
 * a score by repetition. One pass over the tokens, one hash lookup per token and per token pair:
 * linear in the text. Nothing here knows about topics: the model is learned from legal text
 * (ads and shop posts are offers; news, chat, forums, questions, reviews are not), see
 * scripts/offer-train.ts and docs/offer-model.md.
 */
import type { SignalHit } from '../match/signals';
import { hashString, SMI_MASK, TOKEN_NL, TOKEN_NUM, type Tokens } from '../match/tokenize';
import type { Sensitivity } from '../types';

/** The bundle section. */
export interface OfferModelDef {
  bias: number;
  /** Weights of named features (`sig.price`, `kind.offer`, `counter.news`, `shape.question`…). */
  features: Record<string, number>;
  /** Weights of normalised tokens and adjacent token pairs ("dispo", "a vendre", "#num €"). */
  words: Record<string, number>;
  /**
   * Minimum logit for "offered", per sensitivity. Used only by a model without `veto` (older
   * bundles): it asks for positive evidence of an offer, which chat shops rarely write.
   */
  threshold: Record<Sensitivity, number>;
  /**
   * Talk veto, per sensitivity (issue 14): the message is not flagged when the sum of its offer
   * counters (`counters`: news, reporting, prevention, a question, a buyer, someone telling what
   * happened; curated rules that show as reasons) is below this. Absence of offer evidence is no
   * veto: a confident topic with no sign of talk is flagged through `combined`. Learned negative
   * words do not veto on their own ("faire", "direct" are register, not talk); they only lower
   * the offer reading. When present, it replaces `threshold`.
   */
  veto?: Record<Sensitivity, number>;
  /** Minimum topic score ("what is it?") for a flag, per sensitivity. */
  topic: Record<Sensitivity, number>;
  /**
   * Minimum of topic + offerWeight × offered, per sensitivity: a strong topic needs less proof of
   * an offer, a weak one (a dose, one slang word) needs more.
   */
  combined: Record<Sensitivity, number>;
  offerWeight: number;
  /**
   * Added to the logit when a sales term matched: terms that name goods existing only to be
   * sold ("fullz", "permis sans examen") are evidence of an offer as well as of a topic.
   */
  salesTerm: number;
  /** Explanation key of the reason that shows the words that read like an offer. */
  explain: string;
  /**
   * Explanation keys of category-less counter rules that answer "is it offered?" (news,
   * prevention, a question, a family member…): their weights lower the offer logit instead of the
   * topic score. Other counters ("second-hand", "legal goods") keep lowering the topic.
   */
  counters: string[];
}

/** Built-in signals that say something about offering (the others point to a topic). */
export const OFFER_SIGNALS = ['price', 'quantity', 'phone', 'handle', 'menu', 'title'] as const;
/** Rule kinds that are commerce words. */
export const OFFER_KINDS = ['offer', 'contact', 'delivery', 'listing'] as const;
export const SHAPE_FEATURES = ['shape.question', 'shape.short', 'shape.personal'] as const;
export const FEATURE_NAME = /^(sig|kind|form|shape)\.[a-z0-9-]{1,60}$/;
/** Token text standing for any number. */
export const NUM_TOKEN = '#num';

const SHORT_TOKENS = 6;
const PAIR_MIX = 0x01000193;

interface WordEntry {
  id: number;
  a: string;
  /** Second token of a pair; '' for a single token. */
  b: string;
  weight: number;
}

export interface CompiledOfferModel {
  readonly def: OfferModelDef;
  readonly features: ReadonlyMap<string, number>;
  /** Single tokens by hash (collisions kept in a list; every hit is checked against text). */
  readonly single: ReadonlyMap<number, readonly WordEntry[]>;
  readonly pairs: ReadonlyMap<number, readonly WordEntry[]>;
  readonly entryCount: number;
}

function pairHash(a: number, b: number): number {
  return (Math.imul(a, PAIR_MIX) ^ b) & SMI_MASK;
}

const NUM_HASH = hashString(NUM_TOKEN);

/** Split a `words` key into its one or two tokens (validation guarantees the shape). */
export function wordKeyTokens(key: string): [string, string] {
  const space = key.indexOf(' ');
  return space < 0 ? [key, ''] : [key.slice(0, space), key.slice(space + 1)];
}

export function compileOfferModel(def: OfferModelDef): CompiledOfferModel {
  const single = new Map<number, WordEntry[]>();
  const pairs = new Map<number, WordEntry[]>();
  let id = 0;
  for (const key of Object.keys(def.words).sort()) {
    const [a, b] = wordKeyTokens(key);
    const entry: WordEntry = { id: id++, a, b, weight: def.words[key] as number };
    const ha = hashString(a);
    const map = b === '' ? single : pairs;
    const h = b === '' ? ha : pairHash(ha, hashString(b));
    const list = map.get(h);
    if (list) list.push(entry);
    else map.set(h, [entry]);
  }
  return { def, features: new Map(Object.entries(def.features)), single, pairs, entryCount: id };
}

/** Named features of one message, gathered by the detector from its rule hits and signals. */
export interface NamedFeatures {
  signals: readonly SignalHit[];
  /** Rule kinds among OFFER_KINDS that matched. */
  kinds: ReadonlySet<string>;
  /**
   * Explanation keys of the matched OFFER_KINDS rules that name a form of their own ("offer-recruit",
   * "offer-pay"…: an explanation other than the kind itself). Each is the feature `form.<key>`, so
   * a job offer or a cut can weigh differently from "dispo". Absent: none.
   */
  forms?: ReadonlySet<string>;
  /** Category-less counter rules that matched: explanation key → strongest (most negative) weight. */
  counters: ReadonlyMap<string, number>;
  /** A first/second-person word is present (lexicon.personal). */
  personal: boolean;
}

/** One word feature that pushed towards "offered", for the explanation. */
export interface OfferWord {
  weight: number;
  first: number;
  last: number;
}

export interface OfferScore {
  logit: number;
  /** The part of the logit that came from counter rules (≤ 0). */
  counter: number;
  /** Named features present, with their weights (zero-weight ones left out). */
  named: { name: string; weight: number }[];
  /** The strongest positive word features (at most MAX_WORDS), strongest first. */
  words: OfferWord[];
}

const MAX_WORDS = 4;

function tokenText(text: string, tokens: Tokens, i: number): string {
  return tokens.kind[i] === TOKEN_NUM ? NUM_TOKEN : text.slice(tokens.start[i], tokens.end[i]);
}

function tokenHash(tokens: Tokens, i: number): number {
  return tokens.kind[i] === TOKEN_NUM ? NUM_HASH : (tokens.hash[i] as number);
}

function tokenIsText(text: string, tokens: Tokens, i: number, s: string): boolean {
  if (tokens.kind[i] === TOKEN_NUM) return s === NUM_TOKEN;
  const start = tokens.start[i] as number;
  return (tokens.end[i] as number) - start === s.length && text.startsWith(s, start);
}

/**
 * Every named feature present in a message. The detector's scoring and the training script
 * (through Detector.offer) both go through here, so the model is trained on what it will see.
 */
export function namedFeatureList(text: string, tokens: Tokens, f: NamedFeatures): string[] {
  const out = new Set<string>();
  // A long message can hold thousands of prices: mark each signal kind once, build its name once.
  const present = new Uint8Array(OFFER_SIGNALS.length);
  for (const hit of f.signals) {
    const k = (OFFER_SIGNALS as readonly string[]).indexOf(hit.signal);
    if (k >= 0) present[k] = 1;
  }
  OFFER_SIGNALS.forEach((name, k) => {
    if (present[k] === 1) out.add(`sig.${name}`);
  });
  for (const k of f.kinds) out.add(`kind.${k}`);
  if (f.forms) for (const k of f.forms) out.add(`form.${k}`);
  let words = 0;
  for (let i = 0; i < tokens.count; i++) if (tokens.kind[i] !== TOKEN_NL) words++;
  if (text.indexOf('?') >= 0) out.add('shape.question');
  if (words <= SHORT_TOKENS) out.add('shape.short');
  if (f.personal) out.add('shape.personal');
  return [...out].sort();
}

/** Every word feature present (token and adjacent-pair keys), for training. Sorted, distinct. */
export function wordFeatureList(text: string, tokens: Tokens): string[] {
  const out = new Set<string>();
  let prev = '';
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.kind[i] === TOKEN_NL) {
      prev = '';
      continue;
    }
    const t = tokenText(text, tokens, i);
    out.add(t);
    if (prev !== '') out.add(`${prev} ${t}`);
    prev = t;
  }
  return [...out].sort();
}

/**
 * The model's logit for one message. `seen` is scratch space owned by the caller (one slot per
 * word entry), `stamp` a number never used before with it: no allocation per token.
 */
export function scoreOffer(
  model: CompiledOfferModel,
  text: string,
  tokens: Tokens,
  f: NamedFeatures,
  seen: Int32Array,
  stamp: number,
): OfferScore {
  let logit = model.def.bias;
  let counter = 0;
  for (const key of model.def.counters) counter += f.counters.get(key) ?? 0;
  logit += counter;
  const named: { name: string; weight: number }[] = [];
  for (const name of namedFeatureList(text, tokens, f)) {
    const w = model.features.get(name);
    if (w === undefined || w === 0) continue;
    logit += w;
    named.push({ name, weight: w });
  }
  const words: OfferWord[] = [];
  const keep = (weight: number, first: number, last: number) => {
    if (weight <= 0) return;
    let at = words.length;
    while (at > 0 && (words[at - 1] as OfferWord).weight < weight) at--;
    if (at >= MAX_WORDS) return;
    words.splice(at, 0, { weight, first, last });
    if (words.length > MAX_WORDS) words.pop();
  };
  let prevHash = -1;
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.kind[i] === TOKEN_NL) {
      prevHash = -1;
      continue;
    }
    const h = tokenHash(tokens, i);
    const one = model.single.get(h);
    if (one) {
      for (const e of one) {
        if (seen[e.id] === stamp || !tokenIsText(text, tokens, i, e.a)) continue;
        seen[e.id] = stamp;
        logit += e.weight;
        keep(e.weight, i, i);
      }
    }
    if (prevHash >= 0) {
      const two = model.pairs.get(pairHash(prevHash, h));
      if (two) {
        for (const e of two) {
          if (
            seen[e.id] === stamp ||
            !tokenIsText(text, tokens, i - 1, e.a) ||
            !tokenIsText(text, tokens, i, e.b)
          ) {
            continue;
          }
          seen[e.id] = stamp;
          logit += e.weight;
          keep(e.weight, i - 1, i);
        }
      }
    }
    prevHash = h;
  }
  return { logit, counter, named, words };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
