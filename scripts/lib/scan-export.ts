/**
 * The chat-export half of `npm run scan`: reads WhatsApp/Telegram exports with the same streaming
 * scan core as the extension's "Check an exported chat" worker (src/exports/scan-stream.ts), so a
 * 200 MB WhatsApp export is read as a stream with flat memory, and prints only the flagged messages,
 * then one summary line. Everything runs locally; warnings (counts only, never message text) go to
 * stderr.
 */
import { openAsBlob } from 'node:fs';
import type { ChatSection, Detector } from '../../src/engine';
import { type ByteSource, blobSource } from '../../src/exports/byte-source';
import { type FlaggedExportMessage, MAX_KEPT_FLAGGED, type ScanEvent } from '../../src/exports/scan-events';
import { scanChatExport } from '../../src/exports/scan-stream';
import type { ReadOptions } from '../../src/exports/types';
import type { ShopSummary } from '../../src/shared/messages';
import { reasonsLine } from './reasons-line';

const EXPORT_NAME = /\.(?:txt|zip|json|html?)$/i;

/** The file arguments, and --day-first / --month-first. */
export function exportArgs(argv: string[]): { files: string[]; options: ReadOptions } {
  const options: ReadOptions = {};
  if (argv.includes('--day-first')) options.dayFirst = true;
  if (argv.includes('--month-first')) options.dayFirst = false;
  return { files: argv.filter((a) => !a.startsWith('--')), options };
}

function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function describeFlag(found: FlaggedExportMessage, detector: Detector): string {
  const { message, verdict, scannedText: text } = found;
  // A span can cover several lines (a menu): keep one flagged message per output line.
  const reasons = reasonsLine(text, verdict, detector, (w) => oneLine(w, 60));
  return [
    `FLAG ${verdict.category} ${verdict.level} ${verdict.score}`,
    message.date ?? 'date?',
    message.sender ?? 'sender?',
    message.ref,
    oneLine(text),
    reasons ? `[${reasons}]` : '',
  ]
    .filter(Boolean)
    .join('\t');
}

/**
 * The chat-level verdict on the whole export (issue 15), one line like the flagged ones:
 * SHOP, the categories, listings among the messages read, the time range, and the reasons.
 */
export function describeShop(shop: ShopSummary): string {
  const iso = (ms: number | null) => (ms === null ? '?' : new Date(ms).toISOString());
  return [
    `SHOP ${shop.categories.join('+')}`,
    `${shop.listings} listings in ${shop.read} messages (${shop.flagged} flagged one by one)`,
    shop.firstTime === null ? 'dates?' : `${iso(shop.firstTime)} .. ${iso(shop.lastTime)}`,
    `[${shop.reasons.map((r) => r.text.en).join('; ')}]`,
  ].join('\t');
}

/**
 * Scans the files as one chat export and prints the result; resolves to the exit code, or null
 * when the input is plain text / JSONL rather than an export (the caller then scans line by line).
 * With `chat` (the bundle's chat section), also says whether the whole chat looks like a shop.
 */
export async function scanExport(
  argv: string[],
  detector: Detector,
  chat?: ChatSection,
): Promise<number | null> {
  const { files, options } = exportArgs(argv);
  if (files.length === 0 || !files.every((f) => EXPORT_NAME.test(f))) return null;
  let sources: ByteSource[];
  try {
    sources = await Promise.all(files.map(async (name) => blobSource(name, await openAsBlob(name))));
  } catch (error) {
    console.error(`scan: cannot read: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  // Flagged messages are printed at the end: a WhatsApp date may be settled only by the last line.
  const flagged: FlaggedExportMessage[] = [];
  let format = '';
  let end: ScanEvent | undefined;
  await scanChatExport(
    sources,
    {
      detector,
      dayFirst: options.dayFirst ?? 'auto',
      now: () => performance.now(),
      ...(chat ? { chat: { section: chat, explain: (key: string) => detector.explanation(key) } } : {}),
    },
    (e) => {
      if (e.type === 'read') format = e.format;
      else if (e.type === 'progress') flagged.push(...e.found);
      else end = e;
    },
  );
  if (end?.type === 'error') {
    // A .txt or .json that is no chat: keep the one-verdict-per-line behaviour.
    const plain = files.length === 1 && /\.(?:txt|json)$/i.test(files[0] ?? '');
    if (plain && (end.code === 'not-a-chat-export' || end.code === 'empty')) return null;
    console.error(`scan: ${end.detail}`);
    return 2;
  }
  if (end?.type !== 'done') {
    console.error('scan: the scan ended without a result');
    return 2;
  }
  const fixes = new Map(end.dateFixes.map((f) => [f.index, f.date]));
  for (const found of flagged) {
    const date = fixes.has(found.message.index)
      ? (fixes.get(found.message.index) ?? null)
      : found.message.date;
    console.log(describeFlag({ ...found, message: { ...found.message, date } }, detector));
  }
  const notListed = end.flagged - flagged.length;
  if (notListed > 0) {
    console.log(
      `… and ${notListed} more flagged message(s), counted but not listed: a scan keeps the first ${MAX_KEPT_FLAGGED}. Scan a shorter export to see them.`,
    );
  }
  if (end.shop) console.log(describeShop(end.shop));
  for (const warning of end.warnings) console.error(`note: ${warning}`);
  if (options.dayFirst === undefined && end.warnings.some((w) => /day\/month/.test(w))) {
    console.error('note: add --day-first or --month-first to read the dates one way.');
  }
  const verdict = end.shop === undefined ? '' : end.shop ? '; looks like a shop' : '; not a shop';
  console.log(
    `\n${end.chatName ? `"${end.chatName}" ` : ''}(${format}): ${end.messages} messages scanned, ${end.flagged} flagged${verdict}`,
  );
  return 0;
}
