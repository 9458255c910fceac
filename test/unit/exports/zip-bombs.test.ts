/**
 * Memory against hostile files (issue 17, point 4), with the files crafted here by fflate:
 *  - a zip whose directory declares a small size for an entry that inflates to far more (every
 *    size check trusted the declaration: 408 KB declaring 100 bytes inflated to 1.34 GB);
 *  - a zip inside the zip (inflated whole in memory, past every limit: 912 MB);
 *  - a file that flags a great many messages (338 000 kept from a 61 KB zip: 1.07 GB).
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/engine';
import { type ByteSource, bytesSource } from '../../../src/exports/byte-source';
import { MAX_KEPT_FLAGGED, type ScanEvent } from '../../../src/exports/scan-events';
import { scanChatExport } from '../../../src/exports/scan-stream';
import { listZip, zipEntryChunks } from '../../../src/exports/zip-stream';

const encoder = new TextEncoder();

/** Sets the uncompressed size every header of the zip declares (local and central) to `size`. */
function declare(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 4 <= out.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return out;
}

const flagsEverything = {
  scan(): Verdict {
    return { flagged: true, category: 'drugs', score: 9, level: 'high', reasons: [] };
  },
};
const flagsNothing = {
  scan(): Verdict {
    return { flagged: false, category: null, score: 0, level: 'none', reasons: [] };
  },
};

async function scan(source: ByteSource, detector = flagsNothing, maxWholeBytes?: number) {
  const events: ScanEvent[] = [];
  await scanChatExport(
    [source],
    { detector, now: () => 0, ...(maxWholeBytes ? { maxWholeBytes } : {}) },
    (e) => events.push(e),
  );
  return events;
}

const chatLines = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `12/03/2024, 10:${String(i % 60).padStart(2, '0')} - Karim: message ${i}`,
  ).join('\n');

describe('a zip entry inflates to no more than its declared size', () => {
  it('stops a WhatsApp chat that declares 100 bytes at 100 bytes, as a damaged zip', async () => {
    const text = encoder.encode(chatLines(200_000)); // ~9 MB, a few hundred KB zipped
    const zip = declare(zipSync({ '_chat.txt': text }), 100);
    const [entry] = await listZip(bytesSource('chat.zip', zip));
    let inflated = 0;
    await expect(
      (async () => {
        for await (const chunk of zipEntryChunks(bytesSource('chat.zip', zip), entry as never))
          inflated += chunk.length;
      })(),
    ).rejects.toThrow(/holds more than the size the zip declares/);
    expect(inflated).toBeLessThanOrEqual(100);

    const events = await scan(bytesSource('WhatsApp Chat - X.zip', zip));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'truncated-zip' });
  });

  it('refuses a Telegram result.json that declares 100 bytes, before reading it whole', async () => {
    const json = encoder.encode(
      JSON.stringify({
        messages: chatLines(100_000)
          .split('\n')
          .map((text, id) => ({ id, type: 'message', from: 'A', text })),
      }),
    );
    const zip = declare(zipSync({ 'export/result.json': json }), 100);
    expect(zip.length).toBeLessThan(json.length / 10);
    const events = await scan(bytesSource('telegram.zip', zip));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'truncated-zip' });
    expect(events.some((e) => e.type === 'done')).toBe(false);
  });

  it('an honest zip is read as before', async () => {
    const zip = zipSync({ '_chat.txt': encoder.encode(chatLines(50)) });
    const events = await scan(bytesSource('WhatsApp Chat - X.zip', zip));
    expect(events.at(-1)).toMatchObject({ type: 'done', messages: 50 });
  });
});

describe('whole-file formats count the bytes really read', () => {
  it('stops at the limit even when the file says it is small', async () => {
    const json = JSON.stringify({
      messages: [{ id: 1, type: 'message', from: 'A', text: 'x'.repeat(50_000) }],
    });
    const honest = bytesSource('result.json', json, 4096);
    const lying: ByteSource = { ...honest, size: 100 };
    const events = await scan(lying, flagsNothing, 10_000);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'too-large', limitBytes: 10_000 });
  });
});

describe('a zip inside the zip is refused, not inflated', () => {
  it('as result.json or as _chat.txt', async () => {
    const inner = zipSync({ 'result.json': new Uint8Array(50 * 1024 * 1024).fill(0x61) });
    expect(inner.length).toBeLessThan(200_000);
    for (const name of ['result.json', '_chat.txt']) {
      const events = await scan(bytesSource('outer.zip', zipSync({ [name]: inner })));
      const end = events.at(-1);
      expect(end).toMatchObject({ type: 'error', code: 'unknown-format' });
      expect(end?.type === 'error' && end.detail).toMatch(/zips inside zips/);
    }
  });
});

describe('flagged messages kept', () => {
  it(`hands over the first ${MAX_KEPT_FLAGGED} in full and counts the others`, async () => {
    const zip = zipSync({ '_chat.txt': encoder.encode(chatLines(20_000)) });
    expect(zip.length).toBeLessThan(200_000);
    const events = await scan(bytesSource('WhatsApp Chat - X.zip', zip), flagsEverything);
    const progress = events.filter((e) => e.type === 'progress');
    const found = progress.flatMap((e) => e.found);
    expect(found).toHaveLength(MAX_KEPT_FLAGGED);
    expect(found.at(-1)?.message.text).toBe(`message ${MAX_KEPT_FLAGGED - 1}`);
    expect(progress.at(-1)?.flagged).toBe(20_000);
    expect(events.at(-1)).toMatchObject({ type: 'done', messages: 20_000, flagged: 20_000 });
    // Running totals never go down.
    const totals = progress.map((e) => e.flagged);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
  });
});
