import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleAndDetector } from '../../../scripts/lib/detector';
import {
  isScanEvent,
  isScanRequest,
  isWorkerRequest,
  type ScanEvent,
  type ScanRequest,
} from '../../../src/check/scan-protocol';
import { bytesSource } from '../../../src/exports/byte-source';
import { scanChatExport } from '../../../src/exports/scan-stream';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url)));

const { bundle, detector } = bundleAndDetector();
// With the chat-level verdict, as the check page asks for it (its 'done' carries `shop`).
const chat = bundle.chat && { section: bundle.chat, explain: (key: string) => detector.explanation(key) };

async function eventsOf(name: string): Promise<ScanEvent[]> {
  const events: ScanEvent[] = [];
  await scanChatExport(
    [bytesSource(name, fixture(name), 50)],
    { detector, now: () => 0, ...(chat ? { chat } : {}) },
    (e) => events.push(structuredClone(e)),
  );
  return events;
}

describe('isScanEvent', () => {
  it('accepts every event the scan core sends (after a structured clone, as from a worker)', async () => {
    for (const name of ['whatsapp-android-fr.txt', 'telegram-result.json', 'telegram-messages.html']) {
      const events = await eventsOf(name);
      expect(events.map((e) => e.type)).toContain('done');
      expect(events.at(-1)).toHaveProperty('shop');
      for (const e of events) expect(isScanEvent(e)).toBe(true);
    }
    expect(isScanEvent({ type: 'error', code: 'too-large', detail: 'x', limitBytes: 100 })).toBe(true);
  });

  it('rejects malformed events', async () => {
    const events = await eventsOf('whatsapp-android-fr.txt');
    const progress = events.find((e) => e.type === 'progress' && e.found.length > 0);
    if (progress?.type !== 'progress') throw new Error('the sample has a flagged message');
    const found = progress.found[0];
    if (!found) throw new Error('unreachable');
    const withFound = (f: unknown) => ({ ...progress, found: [f] });
    const reason = found.verdict.reasons[0];
    const bad: unknown[] = [
      null,
      'done',
      { type: 'nope' },
      { type: 'read', chatName: 3, format: 'whatsapp', warnings: [], totalBytes: 1 },
      { type: 'read', chatName: null, format: 'signal', warnings: [], totalBytes: 1 },
      { type: 'read', chatName: null, format: 'whatsapp', warnings: [], totalBytes: -1 },
      { ...progress, messages: 1.5 },
      { ...progress, found: 'x' },
      withFound({ ...found, scannedText: 'a' }), // spans past the end of the text
      withFound({ ...found, verdict: { ...found.verdict, category: 'candy' } }),
      withFound({ ...found, verdict: { ...found.verdict, reasons: [{ ...reason, kind: 'magic' }] } }),
      withFound({ ...found, verdict: { ...found.verdict, reasons: [{ ...reason, spans: [[5, 2]] }] } }),
      withFound({ ...found, message: { ...found.message, text: 42 } }),
      withFound({ ...found, message: { ...found.message, links: [1] } }),
      { type: 'done', messages: 1, flagged: 0, ms: 1, warnings: [], chatName: null }, // no dateFixes
      {
        type: 'done',
        messages: 1,
        flagged: 0,
        ms: 1,
        warnings: [],
        dateFixes: [{ index: -1, date: null }],
        chatName: null,
      },
      // A chat-level verdict that is not one (issue 15).
      {
        type: 'done',
        messages: 1,
        flagged: 0,
        ms: 1,
        warnings: [],
        dateFixes: [],
        chatName: null,
        shop: 'yes',
      },
      {
        type: 'done',
        messages: 1,
        flagged: 0,
        ms: 1,
        warnings: [],
        dateFixes: [],
        chatName: null,
        shop: {
          categories: ['poetry'],
          read: 1,
          listings: 1,
          flagged: 0,
          repeated: 0,
          signals: [],
          products: [],
          firstTime: null,
          lastTime: null,
          reasons: [],
        },
      },
      { type: 'error', code: 'boom', detail: 'x' },
      { type: 'error', code: 'internal' },
      { type: 'error', code: 'too-large', detail: 'x', limitBytes: 'big' },
    ];
    for (const value of bad) expect(isScanEvent(value), JSON.stringify(value)?.slice(0, 120)).toBe(false);
  });
});

describe('isScanRequest / isWorkerRequest', () => {
  const request: ScanRequest = {
    files: [{ name: 'chat.txt', blob: new Blob(['12/03/2025 11:02 - Karim: hello']) }],
    dayFirst: 'auto',
    sensitivity: 'normal',
    bundleJson: '{}',
  };

  it('accepts a well-formed request, with or without categories', () => {
    expect(isScanRequest(request)).toBe(true);
    expect(isScanRequest({ ...request, categories: ['drugs', 'weapons'], dayFirst: false })).toBe(true);
    expect(isWorkerRequest({ type: 'scan', request })).toBe(true);
  });

  it('rejects anything else', () => {
    const bad: unknown[] = [
      { ...request, files: [] },
      { ...request, files: [{ name: 'chat.txt', blob: 'text' }] },
      { ...request, files: [{ blob: request.files[0]?.blob }] },
      { ...request, dayFirst: 'yes' },
      { ...request, sensitivity: 'max' },
      { ...request, categories: ['candy'] },
      { ...request, bundleJson: {} },
    ];
    for (const value of bad) expect(isScanRequest(value)).toBe(false);
    expect(isWorkerRequest({ type: 'start', request })).toBe(false);
    expect(isWorkerRequest({ type: 'scan', request: bad[0] })).toBe(false);
  });
});
