/**
 * The chat-level verdict ("this chat looks like a shop", issue 15) as the UI receives it, built the
 * same way wherever the messages were read: by the content script from an open chat, and by the
 * export checker (and `npm run scan`) from a whole exported chat. Counts, categories, explanation
 * keys and times only, never message text. `isShopSummary` checks one that crossed a boundary
 * (a content script's answer, a worker's event).
 */
import type { ChatSection, ChatVerdict, Explanation } from '../engine';
import { describeChat } from '../engine/chat/describe';
import { CATEGORIES } from '../engine/types';
import type { ShopSummary } from './messages';

/** What the banner, the marker and the reports show of a verdict that says "shop". */
export function shopSummaryOf(
  verdict: ChatVerdict,
  section: ChatSection,
  explain: (key: string) => Explanation,
): ShopSummary {
  return {
    categories: verdict.categories,
    read: verdict.read,
    listings: verdict.listings,
    flagged: verdict.flagged,
    repeated: verdict.repeated,
    signals: verdict.signals.map((s) => s.signal),
    products: verdict.products.map((p) => p.explain),
    firstTime: verdict.firstTime,
    lastTime: verdict.lastTime,
    reasons: describeChat(verdict, section, explain),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isBilingual = (v: unknown) => isObject(v) && typeof v.en === 'string' && typeof v.fr === 'string';
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isTimeOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
const isStringList = (v: unknown) =>
  Array.isArray(v) && v.length <= 16 && v.every((x) => typeof x === 'string');

/** A chat-level verdict from another context, checked field by field. */
export function isShopSummary(v: unknown): v is ShopSummary {
  return (
    isObject(v) &&
    Array.isArray(v.categories) &&
    v.categories.length >= 1 &&
    v.categories.length <= 2 &&
    v.categories.every((c) => (CATEGORIES as readonly unknown[]).includes(c)) &&
    isCount(v.read) &&
    isCount(v.listings) &&
    isCount(v.flagged) &&
    isCount(v.repeated) &&
    isStringList(v.signals) &&
    isStringList(v.products) &&
    isTimeOrNull(v.firstTime) &&
    isTimeOrNull(v.lastTime) &&
    Array.isArray(v.reasons) &&
    v.reasons.length <= 16 &&
    v.reasons.every((r) => isObject(r) && typeof r.explain === 'string' && isBilingual(r.text))
  );
}
