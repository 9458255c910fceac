/**
 * `npm run scan -- FILE|-` — one verdict per input line (plain text) or per JSONL row (`{"text": …}`).
 * Output: one line per input: FLAG/ok, category, level, score, and the reasons with the matched
 * words. Reads standard input with `-`. Everything runs locally.
 * A chat export (WhatsApp .txt/.zip, Telegram result.json or messages*.html pages, optionally
 * --day-first / --month-first) prints only its flagged messages, then whether the whole chat looks
 * like a shop (a SHOP line, issue 15): see scripts/lib/scan-export.ts.
 */
import { readFileSync } from 'node:fs';
import type { Verdict } from '../src/engine';
import { bundleAndDetector } from './lib/detector';
import { reasonsLine } from './lib/reasons-line';
import { scanExport } from './lib/scan-export';

const target = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!target) {
  console.error(
    'usage: npm run scan -- FILE|- | EXPORT.txt|.zip|result.json|messages*.html [--day-first|--month-first]',
  );
  process.exit(2);
}

const { bundle, detector } = bundleAndDetector();
// Piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// A chat export is read as messages (streamed, before anything reads the whole file); anything
// else falls through to line mode.
const exportCode = await scanExport(process.argv.slice(2), detector, bundle.chat);
if (exportCode !== null) {
  // Piped stdout may still hold lines: exit only once they are written (else thousands get cut).
  await new Promise((resolve) => process.stdout.write('', resolve));
  process.exit(exportCode);
}

let input: string;
try {
  input = readFileSync(target === '-' ? 0 : target, 'utf8');
} catch (error) {
  console.error(`scan: cannot read ${target}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

function textOf(line: string): string {
  if (line.startsWith('{')) {
    try {
      const row = JSON.parse(line) as { text?: unknown };
      if (typeof row.text === 'string') return row.text;
    } catch {
      // Not JSON after all: scan the line as text.
    }
  }
  return line;
}

export function describe(text: string, verdict: Verdict): string {
  const head = verdict.flagged
    ? `FLAG ${verdict.category} ${verdict.level} ${verdict.score}`
    : `ok   - ${verdict.score}`;
  const reasons = reasonsLine(text, verdict, detector);
  return `${head}\t${text.length > 100 ? `${text.slice(0, 100)}…` : text}${reasons ? `\t[${reasons}]` : ''}`;
}

let flagged = 0;
let total = 0;
for (const line of input.split('\n')) {
  if (!line.trim()) continue;
  const text = textOf(line);
  const verdict = detector.scan(text);
  total++;
  if (verdict.flagged) flagged++;
  console.log(describe(text, verdict));
}
console.log(`\n${total} scanned, ${flagged} flagged`);
