/**
 * `npm run chats:tune -- TUNE.jsonl [--top N]`: searches the chat section's thresholds
 * (rules/chat.json) on a composed TUNE set (`npm run chats:compose -- tune`), never on the
 * measure set. Every message is scanned once; each candidate section then replays the chats'
 * facts through a ChatTally.
 *
 * Objective, in order: no ordinary chat with a single flagged message called a shop, ordinary
 * chats called ≤ 0.2 % (under the issue's 0.5 %, as a margin for text we did not tune on), the
 * shop's category right ≥ 95 %, then the most shop chats recognised within their first 10
 * listings, then the most by their end.
 * Prints the best candidates; copying one into rules/chat.json is a human decision.
 */
import { readFileSync } from 'node:fs';
import { type ChatSection, ChatTally, type MessageFacts, messageFacts } from '../src/engine';
import type { EvalRow } from './lib/chat-eval';
import { groupChats } from './lib/chat-eval';
import { bundleAndDetector } from './lib/detector';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const topIdx = args.indexOf('--top');
const top = topIdx >= 0 ? Number(args[topIdx + 1]) : 10;
if (!file) {
  console.error('usage: npm run chats:tune -- TUNE.jsonl [--top N]');
  process.exit(2);
}
const { bundle, detector } = bundleAndDetector();
if (!bundle.chat) throw new Error('rules/chat.json is missing');
const base = bundle.chat;

const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as EvalRow);
interface Prepared {
  kind: 'shop' | 'ordinary';
  category: string | null;
  facts: (MessageFacts | null)[];
  listing: boolean[];
  singleFlagged: boolean;
}
const chats: Prepared[] = groupChats(rows).map((chat) => {
  const facts = chat.rows.map((r) => messageFacts(detector.scan(r.text, { evidence: true })));
  return {
    kind: chat.kind,
    category: chat.category,
    facts,
    listing: chat.rows.map((r) => r.label !== 'benign'),
    singleFlagged: facts.filter((f) => f?.flagged).length === 1,
  };
});

interface Score {
  section: ChatSection;
  within10: number;
  recall: number;
  fpr: number;
  singles: number;
  category: number;
}

function evaluate(section: ChatSection): Score {
  let shops = 0;
  let eligible = 0;
  let within10 = 0;
  let recalled = 0;
  let right = 0;
  let ordinary = 0;
  let falseShops = 0;
  let singles = 0;
  for (const chat of chats) {
    const tally = new ChatTally(section);
    const total = chat.listing.filter(Boolean).length;
    let seen = 0;
    let calledAt: number | null = null;
    chat.facts.forEach((f, i) => {
      tally.observe(String(i), f);
      if (chat.listing[i]) seen++;
      // Only a message that counts can turn the verdict on (more messages read only lower a share).
      if (calledAt === null && f && tally.decision().shop) calledAt = seen;
    });
    const end = tally.decision();
    if (chat.kind === 'shop') {
      shops++;
      if (end.shop) {
        recalled++;
        if (end.categories[0] === chat.category) right++;
      }
      if (total >= 5) {
        eligible++;
        if (calledAt !== null && calledAt <= Math.min(10, total)) within10++;
      }
    } else {
      ordinary++;
      if (calledAt !== null) {
        falseShops++;
        if (chat.singleFlagged) singles++;
      }
    }
  }
  return {
    section,
    within10: within10 / eligible,
    recall: recalled / shops,
    fpr: falseShops / ordinary,
    singles,
    category: recalled === 0 ? 0 : right / recalled,
  };
}

/** The grid searched (kept small: every candidate replays every chat). */
const GRID = {
  topicMin: [0.5, 1, 1.5],
  offerMin: [0.15, 0.2, 0.25, 0.3],
  counterFloor: [-1.5],
  listingWeight: [0.6, 1],
  topicWeight: [0, 0.15],
  minListings: [3],
  minSupport: [2, 2.5],
  minShare: [0.03, 0.06, 0.1],
  minConcentration: [0.6],
};
const candidates: ChatSection[] = [];
for (const topicMin of GRID.topicMin)
  for (const offerMin of GRID.offerMin)
    for (const counterFloor of GRID.counterFloor)
      for (const listingWeight of GRID.listingWeight)
        for (const topicWeight of GRID.topicWeight)
          for (const minListings of GRID.minListings)
            for (const minSupport of GRID.minSupport)
              for (const minShare of GRID.minShare)
                for (const minConcentration of GRID.minConcentration)
                  candidates.push({
                    ...base,
                    listing: { ...base.listing, topicMin, offerMin, counterFloor },
                    weights: { flagged: 1, listing: listingWeight, topic: topicWeight },
                    shop: { ...base.shop, minListings, minSupport, minShare, minConcentration },
                  });

const scores: Score[] = [];
candidates.forEach((section, i) => {
  scores.push(evaluate(section));
  if (i % 500 === 0) console.error(`${i}/${candidates.length}`);
});
const ok = scores.filter((s) => s.singles === 0 && s.fpr <= 0.002 && s.category >= 0.95);
ok.sort((a, b) => b.within10 - a.within10 || b.recall - a.recall || a.fpr - b.fpr);
console.log(
  `current rules/chat.json: ${JSON.stringify(evaluate(base), (k, v) => (k === 'section' ? undefined : v))}`,
);
for (const s of ok.slice(0, top))
  console.log(
    `within10 ${s.within10.toFixed(4)} recall ${s.recall.toFixed(4)} fpr ${s.fpr.toFixed(4)} category ${s.category.toFixed(4)} ${JSON.stringify({ listing: s.section.listing, weights: s.section.weights, shop: s.section.shop })}`,
  );
