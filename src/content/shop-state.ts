/**
 * The content script's side of the chat-level verdict (issue 15): one ChatTally for the open
 * chat, fed by the scanner with each message's facts (never its text), reset on a chat switch,
 * and turned into what the popup, the toolbar badge and the in-page marker show.
 */
import { type ChatSection, ChatTally, type Explanation } from '../engine';
import type { MessageFacts } from '../engine/chat/facts';
import type { Category } from '../engine/types';
import type { ShopSummary } from '../shared/messages';
import { shopSummaryOf } from '../shared/shop-summary';

export class ShopState {
  private tally: ChatTally | null = null;
  private section: ChatSection | null = null;
  private explain: (key: string) => Explanation = (key) => ({ en: key, fr: key });

  /** New rules or settings: a section (null when the verdict is off or the bundle has none). */
  configure(section: ChatSection | null, explain: (key: string) => Explanation): void {
    this.explain = explain;
    if (section === this.section) return;
    this.section = section;
    this.tally = section ? new ChatTally(section) : null;
  }

  get enabled(): boolean {
    return this.tally !== null;
  }

  observe(key: string, facts: MessageFacts | null, time: number | null): void {
    this.tally?.observe(key, facts, time);
  }

  forget(key: string): void {
    this.tally?.forget(key);
  }

  /** Another chat, other rules or settings: start again. */
  reset(): void {
    this.tally?.reset();
  }

  /** The main category when the chat looks like a shop, else null. Cheap (counts only). */
  category(): Category | null {
    const d = this.tally?.decision();
    return d?.shop ? (d.categories[0] ?? null) : null;
  }

  /** Identifies what the verdict says now (categories and counts), for "did it change?". */
  key(): string {
    const d = this.tally?.decision();
    return d ? `${d.shop}|${d.categories.join('+')}|${d.listings}|${d.flagged}|${d.read}` : '';
  }

  /** What the popup and the marker show; null unless the chat looks like a shop. */
  summary(): ShopSummary | null {
    const tally = this.tally;
    const section = this.section;
    if (!tally || !section || !tally.decision().shop) return null;
    return shopSummaryOf(tally.verdict(), section, this.explain);
  }
}
