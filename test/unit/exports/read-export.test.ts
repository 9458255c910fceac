import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectFormat, ExportError, readExport } from '../../../src/exports';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ExportError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('readExport', () => {
  const iosZip = zipSync({
    '_chat.txt': new Uint8Array(fixture('whatsapp-ios-fr_chat.txt')),
    '00000012-PHOTO-2025-03-12-11-05-40.jpg': new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
  });

  it('opens the iOS zip, reads _chat.txt and takes the chat name from the zip name', () => {
    const chat = readExport({ name: 'WhatsApp Chat - Bons plans 75.zip', data: iosZip });
    expect(chat.format).toBe('whatsapp');
    expect(chat.chatName).toBe('Bons plans 75');
    expect(chat.messages.map((m) => m.sender)).toEqual(['Karim', 'Awa Boutique']);
    expect(chat.messages[0]?.text).toMatch(/^Dispo : cartes grises/);
  });

  it('opens a zipped Telegram export folder', () => {
    const zip = zipSync({
      'ChatExport_2025-03-12/result.json': new Uint8Array(fixture('telegram-result.json')),
    });
    expect(readExport({ name: 'export.zip', data: zip }).format).toBe('telegram-json');
  });

  it('a truncated zip gets the truncated-zip error', () => {
    const cut = iosZip.slice(0, Math.floor(iosZip.length / 2));
    expect(codeOf(() => readExport({ name: 'WhatsApp Chat - X.zip', data: cut }))).toBe('truncated-zip');
    expect(codeOf(() => readExport({ name: 'x.zip', data: new Uint8Array([1, 2, 3]) }))).toBe(
      'truncated-zip',
    );
  });

  it('a zip without a chat inside says so', () => {
    const zip = zipSync({ 'holiday.jpg': new Uint8Array([0xff, 0xd8, 1]) });
    expect(codeOf(() => readExport({ name: 'photos.zip', data: zip }))).toBe('unknown-format');
  });

  it('files that are not chat exports are refused with a plain message', () => {
    expect(codeOf(() => readExport({ name: 'notes.txt', data: 'shopping list\nmilk\neggs' }))).toBe(
      'not-a-chat-export',
    );
    expect(codeOf(() => readExport({ name: 'data.json', data: '[1,2,3]' }))).toBe('not-a-chat-export');
    expect(codeOf(() => readExport({ name: 'page.html', data: '<p>hello</p>' }))).toBe('not-a-chat-export');
    expect(
      codeOf(() =>
        readExport({ name: 'doc.pdf', data: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]) }),
      ),
    ).toBe('unknown-format');
    expect(codeOf(() => readExport({ name: 'empty.txt', data: '' }))).toBe('empty');
    expect(codeOf(() => readExport([]))).toBe('empty');
  });

  it('detects the format from content when the name says nothing', () => {
    expect(detectFormat([{ name: 'a', data: fixture('telegram-result.json') }])).toBe('telegram-json');
    expect(detectFormat([{ name: 'b', data: fixture('telegram-messages.html') }])).toBe('telegram-html');
    expect(detectFormat([{ name: 'c', data: fixture('whatsapp-android-en.txt') }])).toBe('whatsapp');
  });

  it('several files of a one-file format: the first is read and a warning says the others were not', () => {
    const chat = readExport([
      { name: 'a.txt', data: fixture('whatsapp-android-en.txt') },
      { name: 'b.txt', data: fixture('whatsapp-android-fr.txt') },
    ]);
    expect(chat.messages.map((m) => m.sender)).toEqual(['Karim']);
    expect(chat.warnings.join(' ')).toMatch(/Only the first of 2 files/);
  });

  it('passes dayFirst through to the WhatsApp reader', () => {
    const file = { name: '_chat.txt', data: fixture('whatsapp-ios-en_chat.txt') };
    expect(readExport(file).messages[0]?.date).toBeNull();
    expect(readExport(file, { dayFirst: false }).messages[0]?.date).toBe('2025-03-12T11:02:17');
  });
});
