import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExportError, readExport, readWhatsApp } from '../../../src/exports';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url), 'utf8');

describe('WhatsApp samples', () => {
  it('Android FR: multi-line with blank line kept, system lines and media skipped, " : " system line not a sender', () => {
    const chat = readExport({ name: 'whatsapp-android-fr.txt', data: fixture('whatsapp-android-fr.txt') });
    expect(chat.format).toBe('whatsapp');
    expect(chat.messages.map((m) => m.sender)).toEqual(['Awa Boutique', 'Karim', 'Awa Boutique']);
    expect(chat.messages[1]).toMatchObject({
      index: 1,
      date: '2025-03-12T11:02:00',
      text: 'Dispo : cartes grises, permis, CNI "vraies fausses", livraison 48h\nPaiement en crypto uniquement\n\nContact en privé',
      ref: 'line 4',
    });
    // "Horaires : 9:00 - 18:00" is a message body, and 13/03 proves day-first.
    expect(chat.messages[2]).toMatchObject({ date: '2025-03-13T08:12:00', text: 'Horaires : 9:00 - 18:00' });
    expect(
      chat.messages.some((m) => m.text.includes('Médias omis') || m.text.includes('fichier joint')),
    ).toBe(false);
    expect(chat.messages.some((m) => /supprimé|Tarifs/.test(m.text))).toBe(false);
  });

  it('Android EN: U+202F before AM/PM, month-first inferred from 3/13, no trailing newline', () => {
    const chat = readExport({ name: 'whatsapp-android-en.txt', data: fixture('whatsapp-android-en.txt') });
    expect(chat.messages).toEqual([
      {
        index: 0,
        sender: 'Karim',
        date: '2025-03-12T11:02:00',
        text: 'selling uk bank logs + fullz, 20 each\nask for the menu',
        ref: 'line 2',
      },
    ]);
  });

  it('iOS FR: CRLF, LRM marks, chat name from the E2E notice, "image absente" and attachments skipped', () => {
    const chat = readExport({ name: '_chat.txt', data: fixture('whatsapp-ios-fr_chat.txt') });
    expect(chat.chatName).toBe('Bons plans 75');
    expect(chat.messages.map((m) => [m.sender, m.date])).toEqual([
      ['Karim', '2025-03-12T11:02:17'],
      ['Awa Boutique', '2025-03-13T08:12:00'],
    ]);
    expect(chat.messages[0]?.text).toBe(
      'Dispo : cartes grises, permis, CNI, livraison 48h\nPaiement en crypto uniquement',
    );
    for (const m of chat.messages) expect(m.text).not.toMatch(/[\u200e\r]/);
  });

  it('iOS EN: every date is 3/12/25, so auto leaves dates out with a warning; dayFirst picks one', () => {
    const text = fixture('whatsapp-ios-en_chat.txt');
    const auto = readWhatsApp(text);
    expect(auto.messages.map((m) => m.date)).toEqual([null]);
    expect(auto.warnings.join(' ')).toMatch(/day\/month or month\/day/);
    expect(readWhatsApp(text, { dayFirst: false }).messages[0]?.date).toBe('2025-03-12T11:02:17');
    expect(readWhatsApp(text, { dayFirst: true }).messages[0]?.date).toBe('2025-12-03T11:02:17');
    expect(auto.messages[0]?.text).toBe('selling uk bank logs + fullz, 20 each');
  });
});

describe('WhatsApp edge cases', () => {
  it('multi-line messages keep inner blank lines and drop trailing ones', () => {
    const chat = readWhatsApp(
      '20/01/2024, 09:15 - Ana: line one\n\nline three\n\n\n20/01/2024, 09:16 - Bob: ok\n',
    );
    expect(chat.messages.map((m) => m.text)).toEqual(['line one\n\nline three', 'ok']);
  });

  it('system lines (no author, or a sentence with " : ") are skipped and counted', () => {
    const chat = readWhatsApp(
      [
        '20/01/2024 09:00 - Ana a créé le groupe « Test »',
        '20/01/2024 09:01 - Ana a modifié le sujet du groupe : « Nouveau : nom »',
        "20/01/2024 09:02 - Bob joined using this group's invite link",
        // No known phrase, but French typography leaves a space before ":": not a sender name.
        '20/01/2024 09:02 - Nouveau sujet du groupe : « Soldes »',
        '20/01/2024 09:03 - Bob: salut',
      ].join('\n'),
    );
    expect(chat.messages.map((m) => [m.sender, m.text])).toEqual([['Bob', 'salut']]);
    expect(chat.warnings.join(' ')).toMatch(/4 system/);
  });

  it('one-to-one chats: the contact named in the file name, or in the iOS notice, is a sender, not the system', () => {
    const android = readExport({
      name: 'WhatsApp Chat with Karim.txt',
      data: '20/01/2024 09:00 - Karim: vends permis\n20/01/2024 09:01 - Moi: non',
    });
    expect(android.chatName).toBe('Karim');
    expect(android.messages.map((m) => m.sender)).toEqual(['Karim', 'Moi']);
    const ios = readWhatsApp(
      [
        '\u200e[20/01/2024 09:00:00] Karim: \u200eMessages and calls are end-to-end encrypted.',
        '[20/01/2024 09:01:00] Karim: vends permis',
        '\u200e[20/01/2024 09:02:00] Karim: \u200eYou blocked this contact.',
        '\u200e[20/01/2024 09:03:00] Karim: \u200e<attached: 00000001-PHOTO.jpg>',
        'prix en photo',
      ].join('\r\n'),
    );
    expect(ios.chatName).toBe('Karim');
    expect(ios.messages.map((m) => [m.sender, m.text])).toEqual([
      ['Karim', 'vends permis'],
      ['Karim', 'prix en photo'],
    ]);
  });

  it('media placeholders in several locales are skipped; a caption after an attachment is kept', () => {
    const chat = readWhatsApp(
      [
        '20/01/2024 09:00 - Ana: <Media omitted>',
        '20/01/2024 09:01 - Ana: <Médias omis>',
        '[20/01/2024 09:02:00] Ana: \u200eimage absente',
        '[20/01/2024 09:03:00] Ana: \u200eimage omitted',
        '[20/01/2024 09:04:00] Ana: \u200e<attached: 00000012-PHOTO-2024-01-20.jpg>',
        '20/01/2024 09:05 - Ana: IMG-20240120-WA0001.jpg (file attached)',
        'prix en photo',
        '20/01/2024 09:06 - Ana: This message was deleted',
      ].join('\n'),
    );
    expect(chat.messages.map((m) => m.text)).toEqual(['prix en photo']);
    expect(chat.warnings.join(' ')).toMatch(/5 media-only/);
  });

  it('dayFirst: a day over 12 decides auto; forcing the wrong order leaves impossible dates out', () => {
    const text = '05/03/2024 10:00 - Ana: a\n25/03/2024 10:00 - Ana: b';
    expect(readWhatsApp(text).messages.map((m) => m.date)).toEqual([
      '2024-03-05T10:00:00',
      '2024-03-25T10:00:00',
    ]);
    const forced = readWhatsApp(text, { dayFirst: false });
    expect(forced.messages.map((m) => m.date)).toEqual(['2024-05-03T10:00:00', null]);
    expect(forced.warnings.join(' ')).toMatch(/1 message date/);
  });

  it('dayFirst auto: only one order keeps all numbers ≤ 12 in date order', () => {
    // Day-first: 1 Feb, 2 Feb, 1 Mar (in order). Month-first: 2 Jan, 2 Feb, 3 Jan (goes back).
    const text = '[02/01/24 10:00:00] Ana: a\n[02/02/24 10:00:00] Ana: b\n[01/03/24 10:00:00] Ana: c';
    expect(readWhatsApp(text).messages.map((m) => m.date?.slice(0, 10))).toEqual([
      '2024-01-02',
      '2024-02-02',
      '2024-03-01',
    ]);
  });

  it('reads other locales: German dots, year-first, 12-hour "p. m.", Finnish "klo"', () => {
    expect(readWhatsApp('15.04.16, 15:04 - Brock: hallo').messages[0]?.date).toBe('2016-04-15T15:04:00');
    expect(readWhatsApp('2024-03-12 09:05 - Ana: hi').messages[0]?.date).toBe('2024-03-12T09:05:00');
    expect(readWhatsApp('[3/6/18 1:55:00 p. m.] Ana: hola', { dayFirst: true }).messages[0]?.date).toBe(
      '2018-06-03T13:55:00',
    );
    expect(readWhatsApp('13.6.2018 klo 21.25.15 - Ana: moi').messages[0]?.date).toBe('2018-06-13T21:25:15');
    expect(readWhatsApp('1/2/24, 12:30 AM - Ana: night', { dayFirst: false }).messages[0]?.date).toBe(
      '2024-01-02T00:30:00',
    );
  });

  it('a WhatsApp-looking file in an unknown date notation gets an "unknown locale" error', () => {
    const text = '2024年3月12日 11:02 - Ana: こんにちは\n2024年3月12日 11:03 - Bob: はい';
    expect(() => readWhatsApp(text)).toThrow(ExportError);
    try {
      readWhatsApp(text);
    } catch (error) {
      expect((error as ExportError).code).toBe('unknown-locale');
      expect((error as ExportError).message).toMatch(/cannot read/);
    }
  });

  it('a text that is not a chat export is refused in plain words', () => {
    expect(() => readWhatsApp('Dear diary,\ntoday was fine.\n')).toThrow(/not a WhatsApp chat export/);
  });

  it('parses a 100 000-line synthetic export', () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const day = 1 + (Math.floor(i / 4000) % 28);
      const minute = i % 60;
      if (i % 10 === 9) lines.push('suite du message précédent');
      else
        lines.push(
          `${String(day).padStart(2, '0')}/03/2025 10:${String(minute).padStart(2, '0')} - User${i % 7}: message ${i}`,
        );
    }
    const chat = readWhatsApp(lines.join('\n'));
    expect(chat.messages.length).toBe(90_000);
    expect(chat.messages[89_999]?.index).toBe(89_999);
    expect(chat.messages[0]?.text).toBe('message 0');
    expect(chat.messages[8]?.text).toBe('message 8\nsuite du message précédent');
  });
});
