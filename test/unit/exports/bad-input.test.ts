import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ExportError, readExport } from '../../../src/exports';

/** Bad input must end in a ChatExport or an ExportError with a message, never in another exception. */
function readsOrRefuses(name: string, data: Uint8Array | string): boolean {
  try {
    const chat = readExport({ name, data });
    return Array.isArray(chat.messages) && chat.messages.every((m, i) => m.index === i);
  } catch (error) {
    return error instanceof ExportError && error.message.length > 10;
  }
}

const names = fc.constantFrom('chat.txt', '_chat.txt', 'result.json', 'messages.html', 'export.zip', 'file');

describe('readers on arbitrary input', () => {
  it('any text under any export name: read or refused with an ExportError', () => {
    const wa = fc.constantFrom(
      '12/03/2025 11:02 - A: ',
      '[3/12/25, 11:02:17 AM] B: ',
      '\u200e',
      '\r\n',
      '\n',
    );
    const html = fc.constantFrom(
      '<div class="message default" id="message1">',
      '<div class="text">',
      '</div>',
      '<br>',
    );
    const json = fc.constantFrom(
      '{"messages":[',
      '{"type":"message","text":',
      '"x"',
      '[1,',
      '}',
      ']',
      'null',
    );
    const pieces = fc.array(fc.oneof(fc.string(), wa, html, json), { maxLength: 30 });
    fc.assert(
      fc.property(names, pieces, (name, parts) => readsOrRefuses(name, parts.join(''))),
      { numRuns: 500 },
    );
  });

  it('random bytes and damaged zips: read or refused with an ExportError', () => {
    const zip = zipSync({
      '_chat.txt': new TextEncoder().encode('12/03/2025 11:02 - A: hello\n'.repeat(20)),
    });
    fc.assert(
      fc.property(names, fc.uint8Array({ maxLength: 300 }), fc.nat(zip.length), (name, bytes, cut) => {
        const damaged = zip.slice(0, cut);
        if (cut > 4) damaged.set(bytes.slice(0, cut - 4), 4); // keep the zip signature, scramble what follows
        return readsOrRefuses(name, bytes) && readsOrRefuses(name, damaged);
      }),
      { numRuns: 300 },
    );
  });

  it('JSON with wrong value types inside messages is read, not crashed on', () => {
    const chat = readExport({
      name: 'result.json',
      data: JSON.stringify({
        name: 5,
        messages: [
          null,
          3,
          { type: 'message', text: [null, 7, { text: 9 }, 'ok'], from: {} },
          { type: 'message', text: {} },
        ],
      }),
    });
    expect(chat.chatName).toBeNull();
    expect(chat.messages.map((m) => [m.sender, m.text])).toEqual([[null, 'ok']]);
  });
});
