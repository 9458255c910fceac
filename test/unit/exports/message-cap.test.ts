/**
 * Each message is read up to MAX_MESSAGE_LENGTH characters, as the content script reads page text
 * (issue 17, point 3): a hostile file can put megabytes in one message, and the time and memory of
 * one message must stay bounded. What is cut is said in a warning; what follows is read as usual.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noteText } from '../../../src/check/warning-text';
import type { Verdict } from '../../../src/engine';
import { bytesSource } from '../../../src/exports/byte-source';
import type { ScanEvent } from '../../../src/exports/scan-events';
import { scanChatExport } from '../../../src/exports/scan-stream';
import { readTelegramHtml } from '../../../src/exports/telegram-html';
import { readTelegramJson } from '../../../src/exports/telegram-json';
import { readWhatsApp } from '../../../src/exports/whatsapp';
import { LineSplitter } from '../../../src/exports/whatsapp-stream';
import { cutMessagesWarning, MAX_MESSAGE_LENGTH } from '../../../src/shared/limits';

const MAX = MAX_MESSAGE_LENGTH;
const BIG = 'word '.repeat(40_000); // 200 000 characters

/** Flags everything, and records the texts it was given. */
function recordingDetector() {
  const seen: string[] = [];
  return {
    seen,
    scan(text: string): Verdict {
      seen.push(text);
      return { flagged: true, category: 'drugs', score: 9, level: 'high', reasons: [] };
    },
  };
}

async function scan(name: string, text: string) {
  const detector = recordingDetector();
  const events: ScanEvent[] = [];
  await scanChatExport([bytesSource(name, text, 4096)], { detector, now: () => 0 }, (e) => events.push(e));
  const end = events.at(-1);
  const found = events.flatMap((e) => (e.type === 'progress' ? e.found : []));
  return { seen: detector.seen, end, found };
}

describe('one message is read up to MAX_MESSAGE_LENGTH characters', () => {
  it('WhatsApp (streamed): a huge line, then a message of many lines; the next messages are read whole', async () => {
    const text = [
      `12/03/2024, 10:00 - Alice: ${BIG}`,
      `12/03/2024, 10:01 - Bob: ${'line\n'.repeat(20_000)}end`,
      '12/03/2024, 10:02 - Alice: short and whole',
      '',
    ].join('\n');
    const { seen, end, found } = await scan('chat.txt', text);
    expect(seen.map((t) => t.length)).toEqual([MAX, MAX, 'short and whole'.length]);
    expect(seen[0]).toBe(BIG.slice(0, MAX));
    expect(found.map((f) => f.message.text.length)).toEqual([MAX, MAX, 15]);
    expect(end?.type === 'done' && end.warnings).toContain(cutMessagesWarning(2));
  });

  it('WhatsApp (read whole): the same cut', () => {
    const chat = readWhatsApp(`12/03/2024, 10:00 - Alice: ${BIG}\n12/03/2024, 10:02 - Bob: ok`);
    expect(chat.messages.map((m) => m.text.length)).toEqual([MAX, 2]);
    expect(chat.warnings).toContain(cutMessagesWarning(1));
  });

  it('WhatsApp: the "edited" label is still removed, and only at the very end', () => {
    const chat = readWhatsApp(
      [
        '12/03/2024, 10:00 - Alice: hello   <This message was edited>',
        '12/03/2024, 10:01 - Alice: <ce message a été modifié> stays',
        '12/03/2024, 10:02 - Alice: hi\n\n\n<Ce message a été modifié>',
      ].join('\n'),
    );
    expect(chat.messages.map((m) => m.text)).toEqual(['hello', '<ce message a été modifié> stays', 'hi']);
  });

  it('Telegram HTML: a huge text block, then the next message; bare attributes still read', () => {
    const page = (body: string) =>
      `<div class="page_body chat_page"><div class="history">${body}</div></div>`;
    const chat = readTelegramHtml([
      {
        name: 'messages.html',
        text: page(
          `<div class="message default clearfix" id="message1"><div class="body"><div class="from_name">A</div><div class="text">${BIG}</div></div></div>` +
            `<div hidden class="message default clearfix" id="message2"><div class="body"><div class="from_name">B</div><div data-x class="text">ok <a href="https://a.example/x">x</a></div></div></div>`,
        ),
      },
    ]);
    expect(chat.messages.map((m) => [m.sender, m.text.length])).toEqual([
      ['A', MAX],
      ['B', 'ok x'.length],
    ]);
    expect(chat.messages[1]?.links).toEqual(['https://a.example/x']);
    expect(chat.warnings).toContain(cutMessagesWarning(1));
  });

  it('Telegram HTML: elements nested past the tracked depth still close in order', () => {
    const deep = `${'<div>'.repeat(2000)}${'</div>'.repeat(2000)}`;
    const chat = readTelegramHtml([
      {
        name: 'messages.html',
        text:
          '<div class="page_body chat_page"><div class="history">' +
          `<div class="message default clearfix" id="message1"><div class="body"><div class="from_name">A</div>${deep}<div class="text">after the deep part</div></div></div>` +
          '<div class="message default clearfix" id="message2"><div class="body"><div class="from_name">B</div><div class="text">next</div></div></div>' +
          '</div></div>',
      },
    ]);
    expect(chat.messages.map((m) => [m.sender, m.text])).toEqual([
      ['A', 'after the deep part'],
      ['B', 'next'],
    ]);
  });

  it('Telegram JSON: a huge text, and at most 64 links', () => {
    const runs = [
      BIG,
      ...Array.from({ length: 500 }, (_, i) => ({ type: 'link', text: 'l', href: `https://x.example/${i}` })),
    ];
    const chat = readTelegramJson(
      JSON.stringify({
        messages: [
          { id: 1, type: 'message', from: 'A', text: runs },
          { id: 2, type: 'message', from: 'B', text: 'ok' },
        ],
      }),
    );
    expect(chat.messages.map((m) => m.text.length)).toEqual([MAX, 2]);
    expect(chat.warnings).toContain(cutMessagesWarning(1));
    const links = JSON.stringify({
      messages: [
        {
          id: 1,
          type: 'message',
          from: 'A',
          text: Array.from({ length: 500 }, (_, i) => ({
            type: 'link',
            text: 'l',
            href: `https://x.example/${i}`,
          })),
        },
      ],
    });
    expect(readTelegramJson(links).messages[0]?.links).toHaveLength(64);
  });

  it('the check page says the cut in the user language', () => {
    const note = noteText(cutMessagesWarning(3), (key, ...args) => `${key}:${args.join(',')}`);
    expect(note).toEqual({ text: `check_note_cut:3,${MAX}`, lang: null, key: 'check_note_cut' });
  });
});

describe('LineSplitter', () => {
  it('keeps the first maxLine characters of a longer line, and says it cut it, wherever the chunks end', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('ab', 'c', '\r', '\n', '\r\n', 'long line '), { maxLength: 40 }),
        fc.array(fc.nat(200), { maxLength: 8 }),
        fc.integer({ min: 1, max: 12 }),
        (parts, cuts, max) => {
          const text = parts.join('');
          const lines: [string, boolean][] = [];
          const splitter = new LineSplitter((l, cut) => lines.push([l, cut]), max);
          let from = 0;
          for (const cut of [...cuts].sort((a, b) => a - b)) {
            const to = Math.max(from, Math.min(cut, text.length));
            splitter.push(text.slice(from, to));
            from = to;
          }
          splitter.push(text.slice(from));
          splitter.end();
          expect(lines).toEqual(text.split(/\r\n|\r|\n/).map((l) => [l.slice(0, max), l.length > max]));
        },
      ),
    );
  });
});
