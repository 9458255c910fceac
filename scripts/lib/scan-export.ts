/**
 * The chat-export half of `npm run scan`: reads WhatsApp/Telegram exports with the same pure
 * readers the extension uses and prints only the flagged messages, then one summary line.
 * Everything runs locally; warnings (counts only, never message text) go to stderr.
 */
import { readFileSync } from 'node:fs';
import type { Detector } from '../../src/engine';
import { ExportError, type ExportFile, type ReadOptions, readExport } from '../../src/exports';

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

/**
 * Scans the files as one chat export and prints the result; returns the exit code, or null when
 * the input is plain text / JSONL rather than an export (the caller then scans line by line).
 */
export function scanExport(argv: string[], detector: Detector): number | null {
  const { files, options } = exportArgs(argv);
  if (files.length === 0 || !files.every((f) => EXPORT_NAME.test(f))) return null;
  let inputs: ExportFile[];
  try {
    inputs = files.map((name) => ({ name, data: new Uint8Array(readFileSync(name)) }));
  } catch (error) {
    console.error(`scan: cannot read: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  let chat: ReturnType<typeof readExport>;
  try {
    chat = readExport(inputs, options);
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    // A .txt or .json that is no chat: keep the one-verdict-per-line behaviour.
    const plain = files.length === 1 && /\.(?:txt|json)$/i.test(files[0] ?? '');
    if (plain && (error.code === 'not-a-chat-export' || error.code === 'empty')) return null;
    console.error(`scan: ${error.message}`);
    return 2;
  }
  let flagged = 0;
  for (const message of chat.messages) {
    // Link targets hidden behind anchor text are part of what the sender offers.
    const text = message.links?.length ? `${message.text}\n${message.links.join('\n')}` : message.text;
    const verdict = detector.scan(text);
    if (!verdict.flagged) continue;
    flagged++;
    const reasons = verdict.reasons
      .map((r) => {
        const words = r.spans.map(([s, e]) => text.slice(s, e)).slice(0, 3);
        return `${detector.explanation(r.explain).en}${words.length ? ` "${words.join('", "')}"` : ''}`;
      })
      .join('; ');
    console.log(
      [
        `FLAG ${verdict.category} ${verdict.level} ${verdict.score}`,
        message.date ?? 'date?',
        message.sender ?? 'sender?',
        message.ref,
        oneLine(text),
        reasons ? `[${reasons}]` : '',
      ]
        .filter(Boolean)
        .join('\t'),
    );
  }
  for (const warning of chat.warnings) console.error(`note: ${warning}`);
  if (options.dayFirst === undefined && chat.messages.some((m) => m.date === null)) {
    console.error('note: add --day-first or --month-first to read the dates one way.');
  }
  console.log(
    `\n${chat.chatName ? `"${chat.chatName}" ` : ''}(${chat.format}): ${chat.messages.length} messages scanned, ${flagged} flagged`,
  );
  return 0;
}
