/**
 * "This chat looks like a shop" for a whole exported chat (issue 15): the same tally and the same
 * decision as the content script's for an open chat (src/engine/chat), fed with every message of
 * the export in file order, and the same summary for the check page's banner and `npm run scan`.
 *
 *   scan core ──observe(index, verdict, date, token)──▶ ChatTally (counts, no text)
 *                                                        └─ per category: first and last listing's date
 *   'done' ──summary(redate)──▶ ShopSummary | null
 *
 * The time range is the first and last listing of the verdict's categories. An export is in
 * reading order, so two dates per category are enough; WhatsApp may settle its day/month order
 * only at the end of the file, so each keeps the caller's token (its raw header) to be re-dated
 * then. Memory: the tally's few numbers per message, up to MAX_CHAT_KEYS messages (the counts stop
 * growing after that, like the content script's), and four small records per category.
 */
import {
  CATEGORIES,
  type ChatSection,
  ChatTally,
  type Explanation,
  messageFacts,
  Support,
  supportOf,
  type Verdict,
} from '../engine';
import type { ShopSummary } from '../shared/messages';
import { shopSummaryOf } from '../shared/shop-summary';

export interface ExportShopOptions {
  /** The bundle's chat section (its thresholds and explanation keys). */
  section: ChatSection;
  /** The bundle's plain words for an explanation key. */
  explain: (key: string) => Explanation;
}

interface Seen<T> {
  date: string | null;
  token: T | undefined;
}

function timeOf(date: string | null): number | null {
  if (date === null) return null;
  const ms = Date.parse(date);
  return Number.isFinite(ms) ? ms : null;
}

export class ExportShop<T = unknown> {
  private readonly tally: ChatTally;
  private readonly first: (Seen<T> | undefined)[] = CATEGORIES.map(() => undefined);
  private readonly last: (Seen<T> | undefined)[] = CATEGORIES.map(() => undefined);

  constructor(private readonly options: ExportShopOptions) {
    this.tally = new ChatTally(options.section);
  }

  /** One message of the export, scanned with `evidence: true` (its facts need the topic scores). */
  observe(index: number, verdict: Verdict, date: string | null, token?: T): void {
    const facts = messageFacts(verdict);
    this.tally.observe(String(index), facts, null);
    if (!facts || supportOf(facts, this.options.section) < Support.Listing) return;
    const c = CATEGORIES.indexOf(facts.category);
    if (c < 0) return;
    const seen = { date, token };
    this.first[c] ??= seen;
    this.last[c] = seen;
  }

  /** The verdict on the whole export; null unless it looks like a shop. */
  summary(redate?: (token: T) => string | null): ShopSummary | null {
    if (!this.tally.decision().shop) return null;
    const verdict = this.tally.verdict();
    const when = (s: Seen<T> | undefined) =>
      s ? timeOf(redate && s.token !== undefined ? redate(s.token) : s.date) : null;
    let firstTime: number | null = null;
    let lastTime: number | null = null;
    for (const category of verdict.categories) {
      const c = CATEGORIES.indexOf(category);
      for (const t of [when(this.first[c]), when(this.last[c])]) {
        if (t === null) continue;
        if (firstTime === null || t < firstTime) firstTime = t;
        if (lastTime === null || t > lastTime) lastTime = t;
      }
    }
    return shopSummaryOf({ ...verdict, firstTime, lastTime }, this.options.section, this.options.explain);
  }
}
