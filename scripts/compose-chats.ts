/**
 * `npm run chats:compose -- tune|measure [--out FILE] [--dev dev.jsonl]`: whole chats composed deterministically from
 * labelled rows (scripts/lib/chat-compose.ts says which rows go into which composition), one
 * message per line in the `npm run eval:chats` format. The same command gives the same file.
 */
import { writeFileSync } from 'node:fs';
import { type ChatSet, composeChats } from './lib/chat-compose';
import { detectorFromSources } from './lib/detector';

const args = process.argv.slice(2);
const set = args.find((a) => a === 'tune' || a === 'measure') as ChatSet | undefined;
const outIdx = args.indexOf('--out');
const out = outIdx >= 0 ? args[outIdx + 1] : undefined;
const devIdx = args.indexOf('--dev');
const dev = devIdx >= 0 ? args[devIdx + 1] : undefined;
if (!set) {
  console.error('usage: npm run chats:compose -- tune|measure [--out FILE] [--dev dev.jsonl]');
  process.exit(2);
}
const rows = composeChats(set, detectorFromSources(), dev);
const text = `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
if (out) {
  writeFileSync(out, text);
  const chats = new Set(rows.map((r) => r.chat)).size;
  console.error(`chats:compose ${set}: ${chats} chats, ${rows.length} messages → ${out}`);
} else process.stdout.write(text);
