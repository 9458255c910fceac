/**
 * The chat-level evaluation behind `npm run eval:chats`: each chat's messages are read in order
 * through the same path as the content script (scan with evidence → messageFacts → ChatTally),
 * and the verdict is taken after every message.
 *
 *   shopRecall          shop chats called a shop by their last message
 *   shopRecallWithin10  shop chats with ≥ 5 listings called a shop by their 10th listing (by
 *                       their last one when they have fewer than 10)
 *   ordinaryFpr         ordinary chats called a shop at ANY point while being read (the banner
 *                       would have shown), not only at the end
 *   categoryAccuracy    shop chats called a shop whose main category is the chat's
 * A listing is a row whose label is not "benign".
 */
import { type ChatSection, ChatTally, type Detector, messageFacts, type ScanOptions } from '../../src/engine';

export interface EvalRow {
  chat: string;
  text: string;
  label: string;
  chatKind: 'shop' | 'ordinary';
  chatCategory: string | null;
  chatType?: string;
}

interface Chat {
  id: string;
  kind: 'shop' | 'ordinary';
  category: string | null;
  type: string;
  rows: EvalRow[];
}

export interface ChatOutcome {
  id: string;
  kind: 'shop' | 'ordinary';
  type: string;
  category: string | null;
  messages: number;
  listings: number;
  /** Messages flagged one by one. */
  flaggedMessages: number;
  calledAtEnd: boolean;
  calledEver: boolean;
  /** Listings read when first called a shop (null: never). */
  calledAtListing: number | null;
  categoryAtEnd: string | null;
}

interface KindCounts {
  chats: number;
  called: number;
}

export interface ChatEvalReport {
  chats: number;
  shopRecall: number;
  shopRecallWithin10: number;
  ordinaryFpr: number;
  categoryAccuracy: number;
  byChatKind: {
    shop: KindCounts & { eligibleWithin10: number; calledWithin10: number; rightCategory: number };
    ordinary: KindCounts & { calledAtEnd: number };
  };
  /** Ordinary chats holding exactly one message flagged on its own, and how many were called. */
  ordinarySingleFlagged: KindCounts;
  byChatType: Record<string, KindCounts>;
  /** Shop chats by number of listings. */
  byListings: Record<string, KindCounts & { calledWithin10: number; eligibleWithin10: number }>;
}

export function groupChats(rows: readonly EvalRow[]): Chat[] {
  const chats = new Map<string, Chat>();
  for (const row of rows) {
    let chat = chats.get(row.chat);
    if (!chat) {
      chat = {
        id: row.chat,
        kind: row.chatKind,
        category: row.chatCategory,
        type: row.chatType ?? row.chatKind,
        rows: [],
      };
      chats.set(row.chat, chat);
    }
    chat.rows.push(row);
  }
  return [...chats.values()];
}

export function readChat(
  chat: Chat,
  detector: Detector,
  section: ChatSection,
  options: ScanOptions = {},
): ChatOutcome {
  const tally = new ChatTally(section);
  let listings = 0;
  let flaggedMessages = 0;
  let calledAtListing: number | null = null;
  let decision = tally.decision();
  chat.rows.forEach((row, i) => {
    const verdict = detector.scan(row.text, { ...options, evidence: true });
    if (verdict.flagged) flaggedMessages++;
    tally.observe(String(i), messageFacts(verdict));
    if (row.label !== 'benign') listings++;
    decision = tally.decision();
    if (decision.shop && calledAtListing === null) calledAtListing = listings;
  });
  return {
    id: chat.id,
    kind: chat.kind,
    type: chat.type,
    category: chat.category,
    messages: chat.rows.length,
    listings,
    flaggedMessages,
    calledAtEnd: decision.shop,
    calledEver: calledAtListing !== null,
    calledAtListing,
    categoryAtEnd: decision.categories[0] ?? null,
  };
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10000) / 10000);

function bucketOf(k: number): string {
  if (k < 5) return '2-4';
  if (k < 10) return '5-9';
  if (k < 20) return '10-19';
  return '20-50';
}

export function summarise(outcomes: readonly ChatOutcome[]): ChatEvalReport {
  const shops = outcomes.filter((o) => o.kind === 'shop');
  const ordinary = outcomes.filter((o) => o.kind === 'ordinary');
  const within10 = (o: ChatOutcome) =>
    o.calledAtListing !== null && o.calledAtListing <= Math.min(10, o.listings);
  const eligible = shops.filter((o) => o.listings >= 5);
  const calledShops = shops.filter((o) => o.calledAtEnd);
  const right = calledShops.filter((o) => o.categoryAtEnd === o.category);
  const single = ordinary.filter((o) => o.flaggedMessages === 1);
  const byChatType: Record<string, KindCounts> = {};
  for (const o of outcomes) {
    const b = byChatType[o.type] ?? { chats: 0, called: 0 };
    byChatType[o.type] = b;
    b.chats++;
    if (o.kind === 'shop' ? o.calledAtEnd : o.calledEver) b.called++;
  }
  const byListings: ChatEvalReport['byListings'] = {};
  for (const o of shops) {
    const bucket = bucketOf(o.listings);
    const b = byListings[bucket] ?? { chats: 0, called: 0, calledWithin10: 0, eligibleWithin10: 0 };
    byListings[bucket] = b;
    b.chats++;
    if (o.calledAtEnd) b.called++;
    if (o.listings >= 5) {
      b.eligibleWithin10++;
      if (within10(o)) b.calledWithin10++;
    }
  }
  return {
    chats: outcomes.length,
    shopRecall: ratio(calledShops.length, shops.length),
    shopRecallWithin10: ratio(eligible.filter(within10).length, eligible.length),
    ordinaryFpr: ratio(ordinary.filter((o) => o.calledEver).length, ordinary.length),
    categoryAccuracy: ratio(right.length, calledShops.length),
    byChatKind: {
      shop: {
        chats: shops.length,
        called: calledShops.length,
        eligibleWithin10: eligible.length,
        calledWithin10: eligible.filter(within10).length,
        rightCategory: right.length,
      },
      ordinary: {
        chats: ordinary.length,
        called: ordinary.filter((o) => o.calledEver).length,
        calledAtEnd: ordinary.filter((o) => o.calledAtEnd).length,
      },
    },
    ordinarySingleFlagged: { chats: single.length, called: single.filter((o) => o.calledEver).length },
    byChatType,
    byListings,
  };
}
