/**
 * Shape validation of the bundle's `chat` section (../chat/section.ts): finite thresholds in
 * their ranges, explanation keys that exist. Also what no rule update may change: a single
 * message can never make a chat a shop (minListings ≥ 2, and one flagged message's weight stays
 * under minSupport).
 */
import { CHAT_EXPLAIN_ROLES, type ChatSection } from '../chat/section';
import { RuleSetError } from '../errors';

function fail(path: string, message: string): never {
  throw new RuleSetError(message, path);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(path, `expected a number from ${min} to ${max}`);
  }
  return value;
}

function object(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (!isObject(value)) fail(path, `expected {${keys.join(', ')}}`);
  for (const key of Object.keys(value)) if (!keys.includes(key)) fail(`${path}.${key}`, 'unknown field');
  return value;
}

export function validateChat(value: unknown, explanationKeys: ReadonlySet<string>): ChatSection {
  const v = object(value, 'chat', ['listing', 'weights', 'shop', 'explain']);
  const l = object(v.listing, 'chat.listing', ['topicMin', 'offerMin', 'commerceMin', 'counterFloor']);
  const w = object(v.weights, 'chat.weights', ['flagged', 'listing', 'topic']);
  const s = object(v.shop, 'chat.shop', [
    'minListings',
    'minSupport',
    'minShare',
    'minConcentration',
    'secondShare',
  ]);
  const e = object(v.explain, 'chat.explain', CHAT_EXPLAIN_ROLES);
  const section: ChatSection = {
    listing: {
      topicMin: num(l.topicMin, 'chat.listing.topicMin', 0, 20),
      offerMin: num(l.offerMin, 'chat.listing.offerMin', 0, 1),
      commerceMin: num(l.commerceMin, 'chat.listing.commerceMin', 1, 6),
      counterFloor: num(l.counterFloor, 'chat.listing.counterFloor', -20, 0),
    },
    weights: {
      flagged: num(w.flagged, 'chat.weights.flagged', 0, 10),
      listing: num(w.listing, 'chat.weights.listing', 0, 10),
      topic: num(w.topic, 'chat.weights.topic', 0, 10),
    },
    shop: {
      minListings: num(s.minListings, 'chat.shop.minListings', 2, 1000),
      minSupport: num(s.minSupport, 'chat.shop.minSupport', 0, 10_000),
      minShare: num(s.minShare, 'chat.shop.minShare', 0, 1),
      minConcentration: num(s.minConcentration, 'chat.shop.minConcentration', 0, 1),
      secondShare: num(s.secondShare, 'chat.shop.secondShare', 0, 1),
    },
    explain: {} as ChatSection['explain'],
  };
  if (!Number.isInteger(section.shop.minListings)) fail('chat.shop.minListings', 'expected an integer');
  if (section.weights.flagged >= section.shop.minSupport)
    fail('chat.shop.minSupport', 'must be above weights.flagged: one message alone never makes a shop');
  if (section.weights.flagged < section.weights.listing || section.weights.listing < section.weights.topic)
    fail('chat.weights', 'expected flagged ≥ listing ≥ topic');
  for (const role of CHAT_EXPLAIN_ROLES) {
    const key = e[role];
    if (typeof key !== 'string' || !explanationKeys.has(key))
      fail(`chat.explain.${role}`, `unknown explanation key ${JSON.stringify(key)}`);
    section.explain[role] = key;
  }
  return section;
}
