/**
 * `npm run bench:export` — the "Check an exported chat" scan core on synthetic WhatsApp exports,
 * exactly as the extension's worker runs it (src/exports/scan-stream.ts over a Blob, read as a
 * stream), in Node:
 *   - a 100 000-message export (≈1 % listing-style offers, multi-line messages, system lines,
 *     media placeholders; scripts/lib/synthetic-export.ts);
 *   - the same file read whole by readExport + detector, for comparison (what streaming saves);
 *   - the same chat as _chat.txt in an iOS-style zip (central directory read, entry inflated as a stream);
 *   - a 200 MB export (skip with --no-big; size with --big-mb N).
 * Prints messages/second, time to first results (first flagged message emitted), total time and
 * peak memory (rss and heapUsed sampled during the run, after a GC). Not a test.
 *
 *   npm run bench:export [-- --messages 100000] [--big-mb 200 | --no-big] [--style android-fr|ios-en]
 */

import { spawnSync } from 'node:child_process';
import {
  mkdtempSync,
  openAsBlob,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { compileRuleSet, createDetector, loadBundle } from '../src/engine';
import { blobSource } from '../src/exports/byte-source';
import { readExport } from '../src/exports/read-export';
import type { ScanEvent } from '../src/exports/scan-events';
import { scanChatExport, scannedTextOf } from '../src/exports/scan-stream';
import { buildBundle } from './lib/rule-sources';
import { syntheticWhatsApp } from './lib/synthetic-export';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const MESSAGES = Number(arg('--messages') ?? 100_000);
const BIG_MB = process.argv.includes('--no-big') ? 0 : Number(arg('--big-mb') ?? 200);
const STYLE = arg('--style') === 'ios-en' ? 'ios-en' : 'android-fr';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc)
  console.warn(
    'bench:export: run with node --expose-gc (npm run bench:export does) for clean memory figures',
  );

// The detector the worker builds: from the bundle JSON text, as loadRulesJson() hands it over.
const detector = createDetector(compileRuleSet(loadBundle(buildBundle().json)));

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** Writes a synthetic export to a file: by message count, or until it reaches `bytes`. */
function writeExport(path: string, messages: number, bytes = Number.POSITIVE_INFINITY) {
  const stats = { messages: 0, offers: 0, bytes: 0 };
  const fd = openSync(path, 'w');
  let batch: string[] = [];
  let batchLength = 0;
  for (const piece of syntheticWhatsApp({ messages, style: STYLE }, stats)) {
    batch.push(piece);
    batchLength += piece.length;
    if (batchLength > MB) {
      writeSync(fd, batch.join(''));
      batch = [];
      batchLength = 0;
      if (statSync(path).size >= bytes) break;
    }
  }
  writeSync(fd, batch.join(''));
  return { ...stats, size: statSync(path).size };
}

class MemoryPeak {
  rss = 0;
  heap = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly baseRss: number;
  readonly baseHeap: number;
  constructor() {
    gc?.();
    const m = process.memoryUsage();
    this.baseRss = m.rss;
    this.baseHeap = m.heapUsed;
    this.sample();
    this.timer = setInterval(() => this.sample(), 10);
  }
  sample() {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heap = Math.max(this.heap, m.heapUsed);
  }
  stop() {
    this.sample();
    clearInterval(this.timer);
  }
  toString() {
    return `peak rss ${mb(this.rss)} (+${mb(this.rss - this.baseRss)} over the start), peak heapUsed ${mb(this.heap)} (+${mb(this.heap - this.baseHeap)})`;
  }
}

async function streamed(path: string, label: string, offers: number) {
  const blob = await openAsBlob(path);
  const memory = new MemoryPeak();
  const t0 = performance.now();
  let firstFound = -1;
  let firstBytes = 0;
  let progressEvents = 0;
  let last: ScanEvent | undefined;
  await scanChatExport([blobSource(label, blob)], { detector, now: () => performance.now() }, (event) => {
    memory.sample();
    last = event;
    if (event.type !== 'progress') return;
    progressEvents++;
    if (firstFound < 0 && event.found.length > 0) {
      firstFound = performance.now() - t0;
      firstBytes = event.bytesDone;
    }
  });
  const ms = performance.now() - t0;
  memory.stop();
  if (last?.type !== 'done') {
    console.log(`  ${label}: ended with ${JSON.stringify(last)}`);
    return;
  }
  console.log(`  ${label}: ${blob.size.toLocaleString('en')} bytes (${mb(blob.size)}), streamed`);
  console.log(
    `    ${last.messages.toLocaleString('en')} messages scanned, ${last.flagged} flagged (${offers} offers written), ${progressEvents} progress events`,
  );
  console.log(
    `    total ${(ms / 1000).toFixed(2)} s: ${Math.round(last.messages / (ms / 1000)).toLocaleString('en')} messages/s, ${(blob.size / MB / (ms / 1000)).toFixed(1)} MB/s`,
  );
  console.log(
    `    time to first results: ${firstFound.toFixed(1)} ms (first flagged message sent after ${(firstBytes / 1024).toFixed(0)} KB)`,
  );
  console.log(`    ${memory}`);
}

/** The non-streaming path on the same file: whole text in memory, every message kept. */
function whole(path: string, label: string) {
  const memory = new MemoryPeak();
  const t0 = performance.now();
  const chat = readExport({ name: label, data: new Uint8Array(readFileSync(path)) });
  memory.sample();
  let flagged = 0;
  let firstFound = -1;
  for (const message of chat.messages) {
    if (detector.scan(scannedTextOf(message)).flagged) {
      flagged++;
      if (firstFound < 0) firstFound = performance.now() - t0;
    }
  }
  const ms = performance.now() - t0;
  memory.stop();
  console.log(`  ${label}: read whole (readExport) then scanned, for comparison`);
  console.log(
    `    ${chat.messages.length.toLocaleString('en')} messages, ${flagged} flagged; total ${(ms / 1000).toFixed(2)} s (${Math.round(chat.messages.length / (ms / 1000)).toLocaleString('en')} messages/s); first flagged known after ${firstFound.toFixed(0)} ms`,
  );
  console.log(`    ${memory}`);
}

/** Each measurement runs in its own Node process, so one run's memory does not show in the next. */
function measureApart(mode: 'stream' | 'whole', path: string, offers: number) {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--measure', mode, path, String(offers)],
    { stdio: 'inherit' },
  );
  if (child.status !== 0) console.log(`  (${mode} measurement failed: exit ${child.status})`);
}

const measure = arg('--measure');
if (measure) {
  const at = process.argv.indexOf('--measure');
  const path = process.argv[at + 2] as string;
  const offers = Number(process.argv[at + 3]);
  const label = basename(path);
  if (measure === 'whole') whole(path, label);
  else await streamed(path, label, offers);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-export-'));
  try {
    console.log(`bench:export — ${STYLE} synthetic exports, Node ${process.version}, ${cpus().length} cores`);
    const small = join(dir, 'WhatsApp Chat with Bench.txt');
    const s = writeExport(small, MESSAGES);
    console.log(`\n${MESSAGES.toLocaleString('en')}-message export (${s.offers} offers):`);
    measureApart('stream', small, s.offers);
    measureApart('whole', small, s.offers);
    // The iOS case: the same chat as _chat.txt in a zip with a photo, inflated as it is read.
    const zipped = join(dir, 'WhatsApp Chat - Bench.zip');
    writeFileSync(
      zipped,
      zipSync({
        '00000012-PHOTO-2024-01-01-10-00-00.jpg': new Uint8Array(2 * MB),
        '_chat.txt': readFileSync(small),
      }),
    );
    measureApart('stream', zipped, s.offers);
    rmSync(small);
    rmSync(zipped);
    if (BIG_MB > 0) {
      const big = join(dir, 'WhatsApp Chat with Big.txt');
      const b = writeExport(big, Number.MAX_SAFE_INTEGER, BIG_MB * MB);
      console.log(`\n${BIG_MB} MB export (${b.messages.toLocaleString('en')} messages, ${b.offers} offers):`);
      measureApart('stream', big, b.offers);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
