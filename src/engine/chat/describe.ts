/**
 * The chat verdict's reasons in plain words, from the bundle's explanations (so a rule update can
 * reword them, in French and English alike):
 *
 *   "18 of the 40 messages read look like listings" · "5 of them were flagged one by one" ·
 *   "offers with prices, a contact, delivery" · "mostly: much-copied brands, replica wording" ·
 *   "4 posts repeat an earlier post with another price"
 *
 * An explanation text may hold {n}, {total} and {list}; nothing else is interpreted.
 */
import type { Explanation } from '../types';
import type { ChatSection } from './section';
import type { ChatVerdict } from './tally';

export interface ChatReason {
  /** The explanation key (section.explain) the sentence comes from. */
  explain: string;
  text: Explanation;
}

type Explain = (key: string) => Explanation;

/** A signal is named when at least this share of the listings carry it. */
const SIGNAL_SHARE = 0.2;

function fill(template: string, values: { n?: number; total?: number; list?: string }): string {
  let out = template;
  if (values.n !== undefined) out = out.split('{n}').join(String(values.n));
  if (values.total !== undefined) out = out.split('{total}').join(String(values.total));
  if (values.list !== undefined) out = out.split('{list}').join(values.list);
  return out;
}

function both(
  explain: Explain,
  key: string,
  values: Parameters<typeof fill>[1],
  lists?: Explanation,
): ChatReason {
  const text = explain(key);
  return {
    explain: key,
    text: {
      en: fill(text.en, { ...values, ...(lists ? { list: lists.en } : {}) }),
      fr: fill(text.fr, { ...values, ...(lists ? { list: lists.fr } : {}) }),
    },
  };
}

function joinList(items: Explanation[]): Explanation {
  return { en: items.map((i) => i.en).join(', '), fr: items.map((i) => i.fr).join(', ') };
}

/** The reasons of a verdict, most telling first. Empty when nothing points to any category. */
export function describeChat(verdict: ChatVerdict, section: ChatSection, explain: Explain): ChatReason[] {
  if (verdict.categories.length === 0 || verdict.listings === 0) return [];
  const keys = section.explain;
  const reasons: ChatReason[] = [both(explain, keys.listings, { n: verdict.listings, total: verdict.read })];
  if (verdict.flagged > 0) reasons.push(both(explain, keys.flagged, { n: verdict.flagged }));
  const signals = verdict.signals.filter((s) => s.count >= Math.max(1, SIGNAL_SHARE * verdict.listings));
  if (signals.length > 0)
    reasons.push(both(explain, keys.signals, {}, joinList(signals.map((s) => explain(keys[s.signal])))));
  if (verdict.products.length > 0)
    reasons.push(
      both(explain, keys.products, {}, joinList(verdict.products.slice(0, 2).map((p) => explain(p.explain)))),
    );
  if (verdict.repeated >= 2) reasons.push(both(explain, keys.repeated, { n: verdict.repeated }));
  return reasons;
}
