/**
 * Shape validation of the bundle's offer model (`offer`): named features of known forms, word
 * keys of one or two normalised tokens, bounded counts and finite weights. Checked once when the
 * bundle loads, never while a message is scored.
 */
import { RuleSetError } from '../errors';
import { compileOfferModel, FEATURE_NAME, type OfferModelDef } from '../score/offer';

export const OFFER_LIMITS = { features: 200, words: 20_000, keyLength: 60 } as const;

/** A word key: one token or two, lowercase and already normalised (no spaces around, no doubles). */
const WORD_KEY = /^[^\sA-Z]{1,60}( [^\sA-Z]{1,60})?$/u;

function fail(path: string, message: string): never {
  throw new RuleSetError(message, path);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function weight(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < -20 || value > 20) {
    fail(path, 'weight must be a number between -20 and 20');
  }
  return value;
}

export function validateOfferModel(value: unknown, explanationKeys: ReadonlySet<string>): OfferModelDef {
  if (!isObject(value)) fail('offer', 'expected an object');
  const bias = weight(value.bias, 'offer.bias');
  const salesTerm = weight(value.salesTerm, 'offer.salesTerm');
  const explain = value.explain;
  if (typeof explain !== 'string' || !explanationKeys.has(explain)) {
    fail('offer.explain', `unknown explanation key ${JSON.stringify(explain)}`);
  }
  const threshold = value.threshold;
  if (!isObject(threshold)) fail('offer.threshold', 'expected {low, normal, high}');
  for (const s of ['low', 'normal', 'high'] as const) weight(threshold[s], `offer.threshold.${s}`);
  const veto = value.veto;
  if (veto !== undefined) {
    if (!isObject(veto)) fail('offer.veto', 'expected {low, normal, high}');
    for (const s of ['low', 'normal', 'high'] as const) weight(veto[s], `offer.veto.${s}`);
  }
  const topic = value.topic;
  if (!isObject(topic)) fail('offer.topic', 'expected {low, normal, high}');
  for (const s of ['low', 'normal', 'high'] as const) weight(topic[s], `offer.topic.${s}`);
  const combined = value.combined;
  if (!isObject(combined)) fail('offer.combined', 'expected {low, normal, high}');
  for (const s of ['low', 'normal', 'high'] as const) weight(combined[s], `offer.combined.${s}`);
  const offerWeight = weight(value.offerWeight, 'offer.offerWeight');
  const counters = value.counters;
  if (
    !Array.isArray(counters) ||
    counters.length > 50 ||
    !counters.every((c) => typeof c === 'string' && explanationKeys.has(c))
  ) {
    fail('offer.counters', 'expected an array of explanation keys');
  }
  const features = value.features;
  if (!isObject(features)) fail('offer.features', 'expected an object');
  const featureNames = Object.keys(features);
  if (featureNames.length > OFFER_LIMITS.features) fail('offer.features', 'too many features');
  for (const name of featureNames) {
    if (!FEATURE_NAME.test(name)) fail(`offer.features.${name}`, 'unknown feature form');
    weight(features[name], `offer.features.${name}`);
  }
  const words = value.words;
  if (!isObject(words)) fail('offer.words', 'expected an object');
  const keys = Object.keys(words);
  if (keys.length > OFFER_LIMITS.words) fail('offer.words', `too many words (${keys.length})`);
  for (const key of keys) {
    if (key.length > OFFER_LIMITS.keyLength * 2 + 1 || !WORD_KEY.test(key)) {
      fail(`offer.words[${JSON.stringify(key)}]`, 'expected one token or two separated by one space');
    }
    weight(words[key], `offer.words[${JSON.stringify(key)}]`);
  }
  const def: OfferModelDef = {
    bias,
    features: features as Record<string, number>,
    words: words as Record<string, number>,
    threshold: threshold as OfferModelDef['threshold'],
    ...(veto !== undefined ? { veto: veto as OfferModelDef['threshold'] } : {}),
    topic: topic as OfferModelDef['topic'],
    combined: combined as OfferModelDef['combined'],
    offerWeight,
    salesTerm,
    explain,
    counters: counters as string[],
  };
  // Compiles or throws here, not in every tab later.
  compileOfferModel(def);
  return def;
}
