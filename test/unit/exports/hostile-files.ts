/**
 * Hostile chat-export files for the readers' linear-time suite (hostile-files.test.ts). Anyone who
 * can hand the user a file can make the export checker and `npm run scan` read it: each shape
 * below builds a file of about `size` bytes, and `linearCases` times the real entry point —
 * scanChatExport on the file's bytes, as the check page's worker and the CLI call it — with a
 * detector that only reads the text, so that the readers' own cost is what is measured.
 */
import type { Verdict } from '../../../src/engine';
import { bytesSource } from '../../../src/exports/byte-source';
import type { ScanEvent } from '../../../src/exports/scan-events';
import { scanChatExport } from '../../../src/exports/scan-stream';
import type { LinearCase } from '../linear-time';

export interface HostileFile {
  name: string;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

/** `head`, then `unit` repeated up to about `size` characters, then `tail`. */
function fill(head: string, unit: string, size: number, tail = ''): string {
  return head + unit.repeat(Math.max(1, Math.ceil((size - head.length - tail.length) / unit.length))) + tail;
}

const WA = '12/03/2024, 10:00 - Alice: ';
const TG_PAGE =
  '<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body><div class="page_wrap">' +
  '<div class="page_header"><div class="content"><div class="text bold">Chat</div></div></div>' +
  '<div class="page_body chat_page"><div class="history">';
/** Inside an open message, after its sender and a first line of text. */
const TG_HEAD =
  `${TG_PAGE}<div class="message default clearfix" id="message1"><div class="body">` +
  '<div class="from_name">Bob</div><div class="text">hello</div>';
const TG_TAIL = '</div></div></div></div></div></body></html>';

export const FILES: [name: string, make: (size: number) => HostileFile][] = [
  // The edited-suffix expression on a body of blank lines (200 KB took 37 s).
  ['WhatsApp: a body of blank lines', (n) => wa(fill(`${WA}hi\n`, '\n', n, 'bye'))],
  ['WhatsApp: a body of spaces before a "<"', (n) => wa(fill(`${WA}hi\n${WA}hi `, ' \t', n, '<'))],
  // The line splitter re-read its pending line on every chunk (32 MB on one line: 130 s).
  ['WhatsApp: one long line', (n) => wa(fill(`${WA}hi\n${WA}`, 'abc ', n))],
  ['WhatsApp: one long word', (n) => wa(fill(`${WA}hi\n${WA}`, 'x', n))],
  ['WhatsApp: lone carriage returns', (n) => wa(fill(`${WA}hi`, '\r', n, 'bye'))],
  ['WhatsApp: one message of many lines', (n) => wa(fill(`${WA}hi\n`, 'line of text\n', n))],
  ['WhatsApp: many messages', (n) => wa(fill('', `${WA}hello there, see you tomorrow\n`, n))],
  ['WhatsApp: header-like lines', (n) => wa(fill(`${WA}hi\n`, '1/1/1 1:1\n', n))],
  ['WhatsApp: a long file-name-like line', (n) => wa(fill(`${WA}hi\n${WA}`, 'a.', n, 'b (file attached)'))],
  ['WhatsApp: bidi marks', (n) => wa(fill(`${WA}hi\n${WA}`, '\u200e\u202f', n, 'x'))],
  // The attribute expression on a long bare tag (256 KB: 44 s).
  ['Telegram HTML: a long bare tag', (n) => tg(fill(`${TG_HEAD}<div `, 'a', n, `>${TG_TAIL}`))],
  ['Telegram HTML: a long tag name', (n) => tg(fill(`${TG_HEAD}<`, 'a', n, TG_TAIL))],
  ['Telegram HTML: a tag never closed', (n) => tg(fill(`${TG_HEAD}<div class="text" `, 'a b ', n))],
  ['Telegram HTML: an open quote', (n) => tg(fill(`${TG_HEAD}<div class="`, 'x ', n, TG_TAIL))],
  ['Telegram HTML: many attributes', (n) => tg(fill(`${TG_HEAD}<div `, 'a=b ', n, `>${TG_TAIL}`))],
  // The open-element stack was searched on every element (80 000 unclosed divs: 27 s).
  ['Telegram HTML: unclosed divs', (n) => tg(fill(TG_HEAD, '<div>', n, TG_TAIL))],
  [
    'Telegram HTML: unclosed divs, then stray closes',
    (n) =>
      tg(`${TG_HEAD}${'<div>'.repeat(Math.ceil(n / 24))}${'</span>'.repeat(Math.ceil(n / 14))}${TG_TAIL}`),
  ],
  [
    'Telegram HTML: nested forwarded blocks',
    (n) => tg(fill(TG_HEAD, '<div class="forwarded body">', n, TG_TAIL)),
  ],
  [
    'Telegram HTML: entities',
    (n) => tg(fill(`${TG_HEAD}<div class="text">`, '&amp&#x&a', n, `</div>${TG_TAIL}`)),
  ],
  [
    'Telegram HTML: one long text',
    (n) => tg(fill(`${TG_HEAD}<div class="text">`, 'buy now ', n, `</div>${TG_TAIL}`)),
  ],
  [
    'Telegram HTML: many messages',
    (n) =>
      tg(
        fill(
          TG_PAGE,
          `<div class="message default clearfix" id="message2"><div class="text">hi there</div></div>`,
          n,
          TG_TAIL,
        ),
      ),
  ],
  ['Telegram HTML: unclosed comment', (n) => tg(fill(`${TG_HEAD}<!--`, 'x<', n, TG_TAIL))],
  [
    'Telegram JSON: one long text',
    (n) => json(fill('{"messages":[{"id":1,"type":"message","from":"A","text":"', 'buy ', n, '"}]}')),
  ],
  [
    'Telegram JSON: many text runs',
    (n) =>
      json(
        fill(
          '{"messages":[{"id":1,"type":"message","from":"A","text":["a"',
          ',{"type":"link","text":"b","href":"http://x"}',
          n,
          ']}]}',
        ),
      ),
  ],
  [
    'Telegram JSON: many messages',
    (n) =>
      json(
        fill(
          '{"messages":[{"id":0,"text":"a"}',
          ',{"id":1,"type":"message","from":"A","text":"hello there"}',
          n,
          ']}',
        ),
      ),
  ],
];

function wa(text: string): HostileFile {
  return { name: 'WhatsApp Chat with Alice.txt', bytes: encoder.encode(text) };
}
function tg(text: string): HostileFile {
  return { name: 'messages.html', bytes: encoder.encode(text) };
}
function json(text: string): HostileFile {
  return { name: 'result.json', bytes: encoder.encode(text) };
}

/** Reads the text and flags nothing: the readers' cost, not the engine's, is measured. */
const readingDetector = {
  scan(text: string): Verdict {
    return { flagged: false, category: null, score: text.length, level: 'none', reasons: [] };
  },
};

/** The scan's last event ('done', or 'error' with its code) and how many messages it read. */
export async function scanFile(file: HostileFile): Promise<{ end: ScanEvent | undefined; messages: number }> {
  let end: ScanEvent | undefined;
  await scanChatExport(
    [bytesSource(file.name, file.bytes)],
    { detector: readingDetector, now: () => performance.now() },
    (e) => {
      if (e.type === 'done' || e.type === 'error') end = e;
    },
  );
  return { end, messages: end?.type === 'done' ? end.messages : 0 };
}

/** Every file shape as a linear-time case (measured by test/unit/linear-child.ts). */
export const linearCases: LinearCase<HostileFile>[] = FILES.map(([name, make]) => ({
  name,
  make,
  async run(file: HostileFile) {
    const { end } = await scanFile(file);
    if (end?.type !== 'done') throw new Error(`${name}: the scan ended with ${JSON.stringify(end)}`);
  },
}));
