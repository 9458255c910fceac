import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readExport, readTelegramHtml, readTelegramJson } from '../../../src/exports';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url), 'utf8');

describe('Telegram result.json', () => {
  it('reads the sample: service and media-only messages skipped, text as string or as array, Unix dates', () => {
    const chat = readExport({ name: 'result.json', data: fixture('telegram-result.json') });
    expect(chat.format).toBe('telegram-json');
    expect(chat.chatName).toBe('Marché Libre 🇫🇷');
    expect(chat.messages.map((m) => [m.ref, m.sender, m.date, m.text])).toEqual([
      ['message 2', 'Karim', '2025-03-12T10:02:17.000Z', 'Dispo : permis, CNI, cartes grises. Livraison 48h'],
      ['message 3', 'Karim', '2025-03-12T10:03:40.000Z', 'Menu : ici — contact @vendeur_exemple'],
      ['message 4', 'Karim', '2025-03-12T10:04:05.000Z', 'tarifs en photo'],
    ]);
    expect(chat.messages[1]?.links).toEqual(['https://example.invalid/menu']);
  });

  it('text as an array of strings and entities, without text_entities (older exports), and a local date', () => {
    const chat = readTelegramJson({
      name: 'Old',
      messages: [
        {
          id: 7,
          type: 'message',
          date: '2019-05-01T10:00:00',
          from: null,
          from_id: 12345,
          text: [
            'vends ',
            { type: 'bold', text: 'permis' },
            ' ',
            { type: 'text_link', text: 'ici', href: 'https://x.invalid' },
          ],
        },
        { id: 8, type: 'unsupported' },
      ],
    });
    expect(chat.messages).toEqual([
      {
        index: 0,
        sender: '12345',
        date: '2019-05-01T10:00:00',
        text: 'vends permis ici',
        ref: 'message 7',
        links: ['https://x.invalid'],
      },
    ]);
  });

  it('a whole-account export (chats.list) lists every chat', () => {
    const chat = readTelegramJson(
      JSON.stringify({
        chats: {
          list: [
            { name: 'A', messages: [{ id: 1, type: 'message', from: 'x', text: 'one', date_unixtime: '0' }] },
            {
              name: 'B',
              messages: [{ id: 1, type: 'message', from: 'y', text: 'two', date_unixtime: '60' }],
            },
          ],
        },
      }),
    );
    expect(chat.chatName).toBe('A, B');
    expect(chat.messages.map((m) => [m.sender, m.text, m.date])).toEqual([
      ['x', 'one', '1970-01-01T00:00:00.000Z'],
      ['y', 'two', '1970-01-01T00:01:00.000Z'],
    ]);
  });

  it('JSON that is not a chat, and JSON cut short, get plain-word errors', () => {
    expect(() => readTelegramJson('{"hello": 1}')).toThrow(/not a Telegram chat export/);
    expect(() => readTelegramJson(fixture('telegram-result.json').slice(0, 500))).toThrow(/cut short/);
  });
});

describe('Telegram messages*.html', () => {
  it('reads the sample: date divider and service skipped, joined sender carried, <br> as a line break', () => {
    const chat = readExport({ name: 'messages.html', data: fixture('telegram-messages.html') });
    expect(chat.format).toBe('telegram-html');
    expect(chat.chatName).toBe('Marché Libre 🇫🇷');
    expect(chat.messages.map((m) => [m.ref, m.sender, m.date, m.text])).toEqual([
      [
        'message 2',
        'Karim',
        '2025-03-12T11:02:17+01:00',
        'Dispo : permis, CNI, cartes grises.\nLivraison 48h',
      ],
      ['message 3', 'Karim', '2025-03-12T11:03:40+01:00', 'Menu : ici — contact @vendeur_exemple'],
    ]);
    expect(chat.messages[1]?.links).toEqual(['https://example.invalid/menu']);
    expect(chat.warnings.join(' ')).toMatch(/1 media-only/);
  });

  const page = (body: string) =>
    `<html><body><div class="page_body chat_page"><div class="history">${body}</div></div></body></html>`;
  const message = (id: number, opts: { from?: string; joined?: boolean; text: string; title?: string }) =>
    `<div class="message default clearfix${opts.joined ? ' joined' : ''}" id="message${id}"><div class="body">` +
    `<div class="pull_right date details" title="${opts.title ?? '01.02.2024 10:00:00'}">10:00</div>` +
    (opts.from ? `<div class="from_name">${opts.from}</div>` : '') +
    `<div class="text">${opts.text}</div></div></div>`;

  it('several pages, given out of order: read in page order, sender carried from one page to the next', () => {
    const chat = readTelegramHtml([
      { name: 'messages2.html', text: page(message(3, { joined: true, text: 'suite &amp; fin' })) },
      {
        name: 'messages.html',
        text: page(message(1, { from: 'Ana', text: 'un' }) + message(2, { joined: true, text: 'deux' })),
      },
    ]);
    expect(chat.messages.map((m) => [m.ref, m.sender, m.text, m.date])).toEqual([
      ['messages.html message 1', 'Ana', 'un', '2024-02-01T10:00:00'],
      ['messages.html message 2', 'Ana', 'deux', '2024-02-01T10:00:00'],
      ['messages2.html message 3', 'Ana', 'suite & fin', '2024-02-01T10:00:00'],
    ]);
  });

  it('a service message breaks the chain: a joined message after it has no known sender', () => {
    const chat = readTelegramHtml([
      {
        name: 'messages.html',
        text: page(
          message(1, { from: 'Ana', text: 'un' }) +
            '<div class="message service" id="message2"><div class="body details">Ana pinned a message</div></div>' +
            message(3, { joined: true, text: 'deux' }),
        ),
      },
    ]);
    expect(chat.messages.map((m) => m.sender)).toEqual(['Ana', null]);
    expect(chat.warnings.join(' ')).toMatch(/1 message\(s\) have no sender/);
  });

  it('page text stays text: markup inside a message is not kept, entities are decoded once', () => {
    const chat = readTelegramHtml([
      {
        name: 'messages.html',
        text: page(message(1, { from: 'A', text: '&lt;script&gt;x&lt;/script&gt; <em>ok</em>' })),
      },
    ]);
    expect(chat.messages[0]?.text).toBe('<script>x</script> ok');
  });

  it('a broken page full of unclosed tags and quotes is read without running away', () => {
    // Cut short, with no ">" after the junk: quadratic tag matching would take minutes here.
    const junk = '<a "<b \'<c'.repeat(30_000);
    const text = `<div class="page_body chat_page">${message(1, { from: 'A', text: 'vends' })}${junk}`;
    const chat = readTelegramHtml([{ name: 'messages.html', text }]);
    expect(chat.messages[0]?.text).toBe('vends');
  });

  it('an HTML page that is not a Telegram export is refused', () => {
    expect(() =>
      readTelegramHtml([{ name: 'index.html', text: '<html><body><p>hi</p></body></html>' }]),
    ).toThrow(/not a Telegram chat export/);
  });
});
