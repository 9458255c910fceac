import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectorFromSources } from '../../../scripts/lib/detector';
import { syntheticWhatsAppText } from '../../../scripts/lib/synthetic-export';
import { type ByteSource, bytesSource } from '../../../src/exports/byte-source';
import { readExport } from '../../../src/exports/read-export';
import type { ScanEvent } from '../../../src/exports/scan-events';
import { type ScanCoreOptions, scanChatExport, scannedTextOf } from '../../../src/exports/scan-stream';
import type { ExportFile, ReadOptions } from '../../../src/exports/types';
import { LineSplitter } from '../../../src/exports/whatsapp-stream';
import { listZip } from '../../../src/exports/zip-stream';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url)));
const FIXTURES = [
  'whatsapp-android-en.txt',
  'whatsapp-android-fr.txt',
  'whatsapp-ios-en_chat.txt',
  'whatsapp-ios-fr_chat.txt',
  'telegram-result.json',
  'telegram-messages.html',
];

const detector = detectorFromSources();

async function run(files: ByteSource[], options: Partial<ScanCoreOptions> = {}): Promise<ScanEvent[]> {
  const events: ScanEvent[] = [];
  let clock = 0;
  await scanChatExport(files, { detector, now: () => clock++, ...options }, (e) => events.push(e));
  return events;
}

/** Flagged messages as the page ends up with them: progress `found`, dates corrected by 'done'. */
function flaggedOf(events: ScanEvent[]) {
  const found = events.flatMap((e) => (e.type === 'progress' ? e.found : []));
  const done = events.at(-1);
  const fixes = new Map(done?.type === 'done' ? done.dateFixes.map((f) => [f.index, f.date]) : []);
  return found.map((f) => ({
    ...f.message,
    date: fixes.has(f.message.index) ? fixes.get(f.message.index) : f.message.date,
    category: f.verdict.category,
    score: f.verdict.score,
    reasons: f.verdict.reasons,
    scannedText: f.scannedText,
  }));
}

/** What the non-streaming reader and the detector give on the same files. */
function expected(files: ExportFile[], options: ReadOptions = {}) {
  const chat = readExport(files, options);
  return {
    chat,
    flagged: chat.messages.flatMap((message) => {
      const scannedText = scannedTextOf(message);
      const verdict = detector.scan(scannedText);
      return verdict.flagged
        ? [
            {
              ...message,
              category: verdict.category,
              score: verdict.score,
              reasons: verdict.reasons,
              scannedText,
            },
          ]
        : [];
    }),
  };
}

/** The event order the page relies on, and counters that never go down. */
function expectWellFormed(events: ScanEvent[]) {
  const last = events.at(-1);
  expect(last?.type === 'done' || last?.type === 'error').toBe(true);
  expect(events.filter((e) => e.type === 'done' || e.type === 'error')).toHaveLength(1);
  if (last?.type === 'error') return;
  expect(events[0]?.type).toBe('read');
  expect(events.filter((e) => e.type === 'read')).toHaveLength(1);
  let messages = 0;
  let bytes = 0;
  for (const e of events) {
    if (e.type !== 'progress') continue;
    expect(e.messages).toBeGreaterThanOrEqual(messages);
    expect(e.bytesDone).toBeGreaterThanOrEqual(bytes);
    expect(e.bytesDone).toBeLessThanOrEqual(e.totalBytes);
    messages = e.messages;
    bytes = e.bytesDone;
  }
}

describe('scanChatExport: same result as readExport + detector', () => {
  for (const name of FIXTURES) {
    for (const chunk of [1, 3, 7, 64 * 1024]) {
      it(`${name} in chunks of ${chunk} bytes`, async () => {
        const data = fixture(name);
        const events = await run([bytesSource(name, data, chunk)]);
        expectWellFormed(events);
        const want = expected([{ name, data }]);
        expect(want.flagged.length).toBeGreaterThan(0); // every sample has a listing in it
        expect(flaggedOf(events)).toEqual(want.flagged);
        const done = events.at(-1);
        expect(done?.type === 'done' && done.messages).toBe(want.chat.messages.length);
        expect(done?.type === 'done' && done.warnings).toEqual(want.chat.warnings);
        expect(done?.type === 'done' && done.chatName).toBe(want.chat.chatName);
        const read = events[0];
        expect(read?.type === 'read' && read.format).toBe(want.chat.format);
      });
    }
  }

  for (const dayFirst of [true, false] as const) {
    it(`WhatsApp with dayFirst=${dayFirst} gives the same dates as readExport`, async () => {
      for (const name of FIXTURES.filter((n) => n.startsWith('whatsapp'))) {
        const data = fixture(name);
        const events = await run([bytesSource(name, data, 5)], { dayFirst });
        expect(flaggedOf(events)).toEqual(expected([{ name, data }], { dayFirst }).flagged);
        const done = events.at(-1);
        // The order was given: nothing to correct at the end.
        expect(done?.type === 'done' && done.dateFixes).toEqual([]);
      }
    });
  }

  it('Telegram HTML pages given together carry the sender over, as readExport does', async () => {
    const page = new TextDecoder().decode(fixture('telegram-messages.html'));
    const files = [
      { name: 'messages2.html', data: page.replaceAll('id="message', 'id="message1') },
      { name: 'messages.html', data: page },
    ];
    const events = await run(files.map((f) => bytesSource(f.name, f.data, 100)));
    expectWellFormed(events);
    expect(flaggedOf(events)).toEqual(expected(files).flagged);
    expect(flaggedOf(events)).toHaveLength(2);
  });
});

const LISTING = 'Dispo : cartes grises, permis, CNI "vraies fausses", livraison 48h';

describe('scanChatExport: WhatsApp streaming edge cases', () => {
  it('CRLF, a message cut anywhere, multi-byte characters and emoji cut between chunks', async () => {
    const text = [
      '\ufeff12/03/2025 10:59 - Awa a créé le groupe « Bons plans 75 »',
      '12/03/2025 11:01 - Léa 🌸: Salut 👋🏽 ça va ? On se voit à 18h',
      `13/03/2025 11:02 - Karim 🇫🇷: ${LISTING}`,
      'Paiement en crypto uniquement 💶',
      '',
      'Contact en privé',
      '14/03/2025 11:04 - Léa 🌸: <Médias omis>',
      '',
    ].join('\r\n');
    const data = new TextEncoder().encode(text);
    const want = expected([{ name: 'chat.txt', data }]).flagged;
    expect(want).toHaveLength(1);
    expect(want[0]?.text).toContain('Contact en privé');
    expect(want[0]?.text).not.toContain('\r');
    // Every chunk size from 1 to 40 bytes puts the cut inside "\r\n", inside "é", "🇫🇷" and "👋🏽".
    for (let chunk = 1; chunk <= 40; chunk++) {
      const events = await run([bytesSource('chat.txt', data, chunk)]);
      expectWellFormed(events);
      expect(flaggedOf(events)).toEqual(want);
    }
  });

  it('synthetic exports (Android FR, iOS EN with CRLF and U+202F), any seed and chunk size: same as readExport', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom('android-fr' as const, 'ios-en' as const),
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom('auto' as const, true, false),
        async (seed, style, chunk, dayFirst) => {
          const text = syntheticWhatsAppText({ messages: 300, seed, style, offerRate: 0.05 });
          const data = new TextEncoder().encode(text);
          const events = await run([bytesSource('chat.txt', data, chunk)], { dayFirst });
          expectWellFormed(events);
          const want = expected([{ name: 'chat.txt', data }], { dayFirst });
          expect(flaggedOf(events)).toEqual(want.flagged);
          const done = events.at(-1);
          expect(done?.type === 'done' && done.warnings).toEqual(want.chat.warnings);
          expect(done?.type === 'done' && done.chatName).toEqual(want.chat.chatName);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('splits lines like String.split(/\\r\\n|\\r|\\n/) wherever the text is cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'é', '\r', '\n', '\r\n', ' ', '🌸'), { maxLength: 30 }),
        fc.array(fc.nat(30), { maxLength: 6 }),
        (parts, cuts) => {
          const text = parts.join('');
          const lines: string[] = [];
          const splitter = new LineSplitter((l) => lines.push(l));
          let from = 0;
          for (const cut of [...cuts].sort((a, b) => a - b)) {
            const to = Math.min(cut, text.length);
            splitter.push(text.slice(from, Math.max(from, to)));
            from = Math.max(from, to);
          }
          splitter.push(text.slice(from));
          splitter.end();
          expect(lines).toEqual(text.split(/\r\n|\r|\n/));
        },
      ),
    );
  });

  it('an early flagged message whose date order is only known later gets its date fixed in done', async () => {
    // 03/04 and 05/06 can be read both ways until 25/06 settles it: day first.
    const text = [
      `03/04/2025 11:02 - Karim: ${LISTING}`,
      '05/06/2025 11:03 - Léa: ok',
      '25/06/2025 11:04 - Léa: merci',
    ].join('\n');
    const events = await run([bytesSource('chat.txt', text, 4)]);
    const first = events.find((e) => e.type === 'progress' && e.found.length > 0);
    expect(first?.type === 'progress' && first.found[0]?.message.date).toBeNull();
    const done = events.at(-1);
    expect(done?.type === 'done' && done.dateFixes).toEqual([{ index: 0, date: '2025-04-03T11:02:00' }]);
    expect(flaggedOf(events)).toEqual(expected([{ name: 'chat.txt', data: text }]).flagged);
  });

  it('the first flagged message goes out before the file is finished (time to first results)', async () => {
    const lines = [`01/02/2025 10:00 - Karim: ${LISTING}`];
    for (let i = 0; i < 3000; i++) lines.push(`01/02/2025 10:01 - Léa: message ordinaire numéro ${i}`);
    const data = new TextEncoder().encode(lines.join('\n'));
    const events = await run([bytesSource('chat.txt', data, 4096)], { progressEveryMs: 1e9 });
    const firstFound = events.findIndex((e) => e.type === 'progress' && e.found.length > 0);
    const progress = events[firstFound];
    expect(progress?.type === 'progress' && progress.bytesDone).toBeLessThan(data.length / 2);
    expect(events.at(-1)?.type).toBe('done');
  });

  it('keeps the other files out and says so, as readExport does', async () => {
    const a = fixture('whatsapp-android-fr.txt');
    const files = [
      { name: 'a.txt', data: a },
      { name: 'b.txt', data: a },
    ];
    const events = await run(files.map((f) => bytesSource(f.name, f.data)));
    const done = events.at(-1);
    expect(done?.type === 'done' && done.warnings).toEqual(expected(files).chat.warnings);
    expect(done?.type === 'done' && done.warnings.at(-1)).toMatch(/first of 2 files/);
    expect(events[0]?.type === 'read' && events[0].warnings).toEqual([
      done?.type === 'done' && done.warnings.at(-1),
    ]);
  });
});

describe('scanChatExport: zips', () => {
  const chat = fixture('whatsapp-ios-fr_chat.txt');
  const photo = new Uint8Array(200_000).map((_, i) => (i * 7919) % 251);
  const zip = zipSync({
    '00000012-PHOTO-2025-03-12-11-05-40.jpg': photo,
    '_chat.txt': chat,
  });

  it('streams _chat.txt out of an iOS zip, chat name from the zip name, same result as readExport', async () => {
    const name = 'WhatsApp Chat - Bons plans 75.zip';
    const events = await run([bytesSource(name, zip, 1000)]);
    expectWellFormed(events);
    const want = expected([{ name, data: zip }]);
    expect(flaggedOf(events)).toEqual(want.flagged);
    const done = events.at(-1);
    expect(done?.type === 'done' && done.chatName).toBe('Bons plans 75');
  });

  it('reads stored (uncompressed) entries and zipped Telegram folders', async () => {
    const stored = zipSync({ 'Chat/_chat.txt': [chat, { level: 0 }] });
    const events = await run([bytesSource('x.zip', stored)]);
    expect(flaggedOf(events)).toEqual(expected([{ name: 'x.zip', data: stored }]).flagged);
    const tg = zipSync({ 'ChatExport_2025-03-12/result.json': fixture('telegram-result.json') });
    const tgEvents = await run([bytesSource('export.zip', tg)]);
    expect(tgEvents[0]?.type === 'read' && tgEvents[0].format).toBe('telegram-json');
    expect(flaggedOf(tgEvents)).toEqual(expected([{ name: 'export.zip', data: tg }]).flagged);
  });

  it('reads a Zip64 archive (sizes and offsets in the Zip64 records, as large iOS exports have)', async () => {
    const name = new TextEncoder().encode('_chat.txt');
    const parts: number[] = [];
    const u16 = (n: number) => parts.push(n & 0xff, (n >>> 8) & 0xff);
    const u32 = (n: number) => {
      u16(n & 0xffff);
      u16(n >>> 16);
    };
    const u64 = (n: number) => {
      u32(n % 0x1_0000_0000);
      u32(Math.floor(n / 0x1_0000_0000));
    };
    const bytes = (b: Uint8Array) => parts.push(...b);
    // Local header: sizes 0xffffffff, the real ones in a Zip64 extra field; stored (method 0).
    u32(0x04034b50);
    u16(45);
    u16(0x0800);
    u16(0);
    u32(0);
    u32(0);
    u32(0xffffffff);
    u32(0xffffffff);
    u16(name.length);
    u16(20);
    bytes(name);
    u16(1);
    u16(16);
    u64(chat.length);
    u64(chat.length);
    bytes(chat);
    // Central directory entry: sizes and local offset in the Zip64 extra field.
    const cdAt = parts.length;
    u32(0x02014b50);
    u16(45);
    u16(45);
    u16(0x0800);
    u16(0);
    u32(0);
    u32(0);
    u32(0xffffffff);
    u32(0xffffffff);
    u16(name.length);
    u16(28);
    u16(0);
    u16(0);
    u16(0);
    u32(0);
    u32(0xffffffff);
    bytes(name);
    u16(1);
    u16(24);
    u64(chat.length);
    u64(chat.length);
    u64(0);
    const cdSize = parts.length - cdAt;
    // Zip64 end record, its locator, then the classic end record with every field saturated.
    const recordAt = parts.length;
    u32(0x06064b50);
    u64(44);
    u16(45);
    u16(45);
    u32(0);
    u32(0);
    u64(1);
    u64(1);
    u64(cdSize);
    u64(cdAt);
    u32(0x07064b50);
    u32(0);
    u64(recordAt);
    u32(1);
    u32(0x06054b50);
    u16(0);
    u16(0);
    u16(0xffff);
    u16(0xffff);
    u32(0xffffffff);
    u32(0xffffffff);
    u16(0);
    const zip64 = new Uint8Array(parts);
    const events = await run([bytesSource('WhatsApp Chat - Bons plans 75.zip', zip64, 100)]);
    expectWellFormed(events);
    expect(flaggedOf(events)).toEqual(
      expected([{ name: 'WhatsApp Chat - Bons plans 75.txt', data: chat }]).flagged,
    );
    expect(flaggedOf(events)).toHaveLength(1);
  });

  it('a truncated zip ends in one truncated-zip error event, wherever it is cut', async () => {
    for (const keep of [0.1, 0.5, 0.9, 0.999]) {
      const cut = zip.slice(0, Math.floor(zip.length * keep));
      const events = await run([bytesSource('WhatsApp Chat - X.zip', cut)]);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'error',
          code: 'truncated-zip',
          detail: expect.stringContaining('cut short'),
        }),
      ]);
    }
  });

  it('corrupted compressed data is a truncated-zip error, not a crash', async () => {
    const bad = zip.slice();
    const entry = (await listZip(bytesSource('x.zip', zip))).find((e) => e.name === '_chat.txt');
    if (!entry) throw new Error('no _chat.txt in the test zip');
    const view = new DataView(bad.buffer);
    const at = entry.localOffset;
    const dataAt = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    bad[dataAt] = 0x07; // a final block of type 3, which does not exist
    const events = await run([bytesSource('x.zip', bad)]);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' && last.code).toBe('truncated-zip');
  });

  it('a zip with no chat in it says so', async () => {
    const events = await run([bytesSource('photos.zip', zipSync({ 'a.jpg': photo }))]);
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'unknown-format' })]);
  });
});

describe('scanChatExport: bad input and limits', () => {
  it.each([
    ['notes.txt', 'Liste de courses\nlait\npain\n', 'not-a-chat-export'],
    [
      'chat.txt',
      '2025年3月12日 11:02 - Karim: bonjour\n2025年3月12日 11:03 - Léa: salut\n',
      'unknown-locale',
    ],
    [
      'photo.png',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2]),
      'unknown-format',
    ],
    ['empty.txt', '', 'empty'],
    ['result.json', '{"name": "x", "messages": [', 'not-a-chat-export'],
    ['broken.zip', 'PK not really', 'truncated-zip'],
  ])('%s → one %s error event', async (name, data, code) => {
    const events = await run([bytesSource(name, data, 3)]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code });
    expect(events[0]?.type === 'error' && events[0].detail.length).toBeGreaterThan(10);
  });

  it('a big text file with no chat header is refused after its first megabyte, not read to the end', async () => {
    const junk = new TextEncoder().encode('Liste de courses, rien à voir\n'.repeat(200_000));
    let pulled = 0;
    const source = bytesSource('notes.txt', junk, 64 * 1024);
    const counting: ByteSource = {
      ...source,
      async *chunks() {
        for await (const c of source.chunks()) {
          pulled += c.length;
          yield c;
        }
      },
    };
    const events = await run([counting]);
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'not-a-chat-export' })]);
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
    expect(junk.length).toBeGreaterThan(5 * 1024 * 1024);
  });

  it('no file → error', async () => {
    expect(await run([])).toEqual([expect.objectContaining({ type: 'error', code: 'empty' })]);
  });

  it('Telegram files over the limit are refused with the limit; WhatsApp text is streamed whatever its size', async () => {
    const json = fixture('telegram-result.json');
    const events = await run([bytesSource('result.json', json)], { maxWholeBytes: 1000 });
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'too-large', limitBytes: 1000 })]);
    const wa = fixture('whatsapp-android-fr.txt');
    const waEvents = await run([bytesSource('chat.txt', wa, 50)], { maxWholeBytes: 10 });
    expect(waEvents.at(-1)?.type).toBe('done');
  });

  it('a file that cannot be read is an unreadable error', async () => {
    const { SourceReadError } = await import('../../../src/exports/byte-source');
    const failing: ByteSource = {
      name: 'gone.txt',
      size: 100,
      chunks: () => ({
        [Symbol.asyncIterator]: () => ({
          next: () => Promise.reject(new SourceReadError('gone.txt')),
        }),
      }),
      slice: () => Promise.reject(new SourceReadError('gone.txt')),
    };
    expect(await run([failing])).toEqual([expect.objectContaining({ type: 'error', code: 'unreadable' })]);
  });
});

describe('scanChatExport: cancel and pauses', () => {
  const lines: string[] = [];
  for (let i = 0; i < 2000; i++)
    lines.push(i % 100 === 0 ? `01/02/2025 10:00 - Karim: ${LISTING}` : `01/02/2025 10:01 - Léa: salut ${i}`);
  const data = new TextEncoder().encode(lines.join('\n'));

  it('nothing is emitted after cancel, and the scan ends', async () => {
    const signal = { aborted: false };
    const events: ScanEvent[] = [];
    let clock = 0;
    await scanChatExport(
      [bytesSource('chat.txt', data, 512)],
      { detector, now: () => (clock += 10), signal, progressEveryMs: 10 },
      (e) => {
        events.push(e);
        if (e.type === 'progress') signal.aborted = true;
      },
    );
    expect(events.map((e) => e.type)).toEqual(['read', 'progress']);
  });

  it('pauses between slices of work, and a cancel during a pause stops everything', async () => {
    const signal = { aborted: false };
    let pauses = 0;
    const events: ScanEvent[] = [];
    let clock = 0;
    const options = {
      detector,
      now: () => (clock += 5),
      signal,
      sliceMs: 10,
      pause: async () => {
        pauses++;
        if (pauses === 3) signal.aborted = true;
      },
    };
    await scanChatExport([bytesSource('chat.txt', data, 512)], options, (e) => events.push(e));
    expect(pauses).toBe(3);
    expect(events.some((e) => e.type === 'done' || e.type === 'error')).toBe(false);
  });

  it('without a cancel, the same run pauses many times and finishes with every listing', async () => {
    let pauses = 0;
    let clock = 0;
    const events: ScanEvent[] = [];
    await scanChatExport(
      [bytesSource('chat.txt', data, 512)],
      {
        detector,
        now: () => (clock += 5),
        sliceMs: 10,
        pause: async () => {
          pauses++;
        },
      },
      (e) => events.push(e),
    );
    expect(pauses).toBeGreaterThan(10);
    expectWellFormed(events);
    expect(flaggedOf(events)).toHaveLength(20);
  });
});
