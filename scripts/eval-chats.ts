/**
 * `npm run eval:chats -- FILE.jsonl [--json] [--misses N] [--sensitivity low|normal|high]`
 *
 * The chat-level verdict ("this chat looks like a shop") on whole chats. Each row is one message
 * `{chat, text, label, chatKind, chatCategory}` in reading order: `chat` an id, `chatKind` "shop"
 * or "ordinary", `chatCategory` the shop's main category (null for ordinary chats); an optional
 * `chatType` gives a finer breakdown. Prints shopRecall, shopRecallWithin10, ordinaryFpr,
 * categoryAccuracy and counts by kind (scripts/lib/chat-eval.ts says exactly what each counts).
 * With --json the last line is one JSON object with those keys.
 */
import { readFileSync } from 'node:fs';
import { CATEGORIES, type Sensitivity } from '../src/engine';
import { type EvalRow, groupChats, readChat, summarise } from './lib/chat-eval';
import { bundleAndDetector } from './lib/detector';

const args = process.argv.slice(2);
const value = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const flagValues = new Set([value('--misses'), value('--sensitivity')]);
const file = args.find((a) => !a.startsWith('--') && !flagValues.has(a));
const asJson = args.includes('--json');
const misses = Number(value('--misses') ?? 0);
const sensitivity = (value('--sensitivity') ?? 'normal') as Sensitivity;
if (!file) {
  console.error(
    'usage: npm run eval:chats -- FILE.jsonl [--json] [--misses N] [--sensitivity low|normal|high]',
  );
  process.exit(2);
}

const rows: EvalRow[] = [];
readFileSync(file, 'utf8')
  .split('\n')
  .forEach((line, i) => {
    if (!line.trim()) return;
    let row: EvalRow;
    try {
      row = JSON.parse(line) as EvalRow;
    } catch {
      console.error(`${file}:${i + 1}: not JSON, skipped`);
      return;
    }
    const ok =
      (typeof row.chat === 'string' || typeof row.chat === 'number') &&
      typeof row.text === 'string' &&
      typeof row.label === 'string' &&
      (row.chatKind === 'shop' || row.chatKind === 'ordinary') &&
      (row.chatCategory === null ||
        row.chatCategory === undefined ||
        (CATEGORIES as readonly string[]).includes(row.chatCategory));
    if (!ok) {
      console.error(`${file}:${i + 1}: needs chat, text, label, chatKind and chatCategory; skipped`);
      return;
    }
    rows.push({ ...row, chat: String(row.chat), chatCategory: row.chatCategory ?? null });
  });

const { bundle, detector } = bundleAndDetector();
if (!bundle.chat) {
  console.error('eval:chats: the rule bundle has no chat section (rules/chat.json)');
  process.exit(1);
}
const section = bundle.chat;
const outcomes = groupChats(rows).map((chat) => readChat(chat, detector, section, { sensitivity }));
const report = summarise(outcomes);

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const k = report.byChatKind;
console.log(
  `chats: ${report.chats} (${k.shop.chats} shops, ${k.ordinary.chats} ordinary) from ${rows.length} messages`,
);
console.log(
  `shop recall (by the last message):       ${pct(report.shopRecall)}  (${k.shop.called}/${k.shop.chats})`,
);
console.log(
  `shop recall within 10 listings (k ≥ 5):  ${pct(report.shopRecallWithin10)}  (${k.shop.calledWithin10}/${k.shop.eligibleWithin10})`,
);
console.log(
  `ordinary chats called a shop (ever):     ${pct(report.ordinaryFpr)}  (${k.ordinary.called}/${k.ordinary.chats})`,
);
console.log(
  `  … with a single flagged message:       ${report.ordinarySingleFlagged.called}/${report.ordinarySingleFlagged.chats}`,
);
console.log(
  `category right (main category):          ${pct(report.categoryAccuracy)}  (${k.shop.rightCategory}/${k.shop.called})`,
);
console.log('by chat type:');
for (const [type, b] of Object.entries(report.byChatType))
  console.log(`  ${type.padEnd(24)} ${String(b.called).padStart(4)}/${String(b.chats).padEnd(4)} called`);
console.log('shops by listings:');
for (const [bucket, b] of Object.entries(report.byListings))
  console.log(
    `  ${bucket.padEnd(6)} ${b.called}/${b.chats} called by the end, ${b.calledWithin10}/${b.eligibleWithin10} within 10 listings`,
  );
if (misses > 0) {
  const wrong = outcomes.filter((o) =>
    o.kind === 'shop' ? !o.calledAtEnd || o.categoryAtEnd !== o.category : o.calledEver,
  );
  console.log(`first ${Math.min(misses, wrong.length)} of ${wrong.length} wrong chats:`);
  for (const o of wrong.slice(0, misses))
    console.log(
      `  ${o.id} ${o.type} ${o.category ?? '-'} → ${o.calledAtEnd ? o.categoryAtEnd : o.calledEver ? 'called, then not' : 'not called'} (${o.listings} listings, ${o.flaggedMessages} flagged, ${o.messages} messages)`,
    );
}
if (asJson) console.log(JSON.stringify(report));
