/**
 * The scan core behind "Check an exported chat" and `npm run bench:export`: files in, ScanEvents
 * out. Pure (no DOM, no browser API, no timers): the clock and the "let the page breathe" pause
 * are passed in, so the same code runs in a Web Worker, on a page's main thread and in Node.
 *
 * Memory stays flat whatever the file size: a flagged message is handed to `emit` and forgotten
 * (WhatsApp keeps its date header, a few numbers, to correct the date at the end). Message text is
 * never logged.
 */
import type { Detector, ScanOptions } from '../engine';
import { MAX_MESSAGE_LENGTH } from '../shared/limits';
import { type ByteSource, SourceReadError } from './byte-source';
import { ExportShop, type ExportShopOptions } from './export-shop';
import { detectFormat, pickFromZip, readExport } from './read-export';
import { type DateFix, type FlaggedExportMessage, MAX_KEPT_FLAGGED, type ScanEvent } from './scan-events';
import { type ChatExport, ExportError, type ExportFile, type ExportMessage } from './types';
import { chatNameFromFileName, type RawHeader } from './whatsapp';
import { LineSplitter, MAX_LINE_LENGTH, WhatsAppStreamReader } from './whatsapp-stream';
import { listZip, zipEntryChunks } from './zip-stream';

export interface ScanCoreOptions {
  detector: Pick<Detector, 'scan'>;
  scan?: ScanOptions;
  dayFirst?: boolean | 'auto';
  /** Milliseconds from any origin (performance.now in browsers). */
  now: () => number;
  /** Awaited every few milliseconds of work (a main-thread run yields to the page here). */
  pause?: () => Promise<void>;
  /** Once aborted, the scan stops and emits nothing more. */
  signal?: { readonly aborted: boolean };
  /** Minimum time between two 'progress' events (the first flagged message goes out at once). */
  progressEveryMs?: number;
  /** Largest total size of files that must be read whole (Telegram JSON/HTML, non-WhatsApp zips). */
  maxWholeBytes?: number;
  /** Work time between two pauses. */
  sliceMs?: number;
  /** Flagged messages handed over in full; later ones are only counted (default MAX_KEPT_FLAGGED). */
  maxKept?: number;
  /** The chat-level verdict on the whole export (issue 15), given in 'done'; absent: not computed. */
  chat?: ExportShopOptions;
}

export const DEFAULT_MAX_WHOLE_BYTES = 100 * 1024 * 1024;

/** Cancelled by the caller: not an error, nothing more is emitted. */
class Cancelled extends Error {}

class TooLarge extends Error {
  constructor(
    readonly limit: number,
    message: string,
  ) {
    super(message);
  }
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/**
 * A copy that does not share memory with the text it was cut from. V8 keeps a sliced string's
 * parent alive: a short flagged message cut from a 16 KB decoded chunk would hold the whole chunk
 * (measured: about 14 KB per flagged message on a 200 MB export). Only flagged text is copied.
 */
function detach(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * The text given to the detector: hidden link targets count as part of the offer. Cut at
 * MAX_MESSAGE_LENGTH, as the content script cuts page text: the readers already cut each message,
 * this also bounds the links and any reader that did not.
 */
export function scannedTextOf(message: ExportMessage): string {
  const text = message.links?.length ? `${message.text}\n${message.links.join('\n')}` : message.text;
  return text.length > MAX_MESSAGE_LENGTH ? text.slice(0, MAX_MESSAGE_LENGTH) : text;
}

/**
 * Scans messages one by one, holds the flagged ones until the next 'progress' event (which hands
 * them over and forgets them), and throttles those events. Also the
 * cooperative part: `step()` pauses every `sliceMs` of work and throws Cancelled once aborted.
 */
export class ScanSession {
  messages = 0;
  bytesDone = 0;
  flagged = 0;
  private pending: FlaggedExportMessage[] = [];
  private lastEmit: number;
  private sliceStart: number;
  private firstSent = false;
  private ended = false;
  /** No 'progress' before 'read': the page learns what it is reading first. */
  private readSent = false;
  readonly started: number;
  /** The chat-level verdict's tally, when asked for. */
  private readonly shop: ExportShop | null;

  constructor(
    private readonly options: ScanCoreOptions,
    private readonly emit: (event: ScanEvent) => void,
    public totalBytes: number,
  ) {
    this.started = options.now();
    this.shop = options.chat ? new ExportShop(options.chat) : null;
    this.lastEmit = this.started;
    this.sliceStart = this.started;
  }

  checkCancelled(): void {
    if (this.options.signal?.aborted) throw new Cancelled();
  }

  send(event: ScanEvent): void {
    this.checkCancelled();
    if (this.ended) return;
    if (event.type === 'read') this.readSent = true;
    if (event.type === 'done' || event.type === 'error') this.ended = true;
    this.emit(event);
  }

  /**
   * Scans one message; returns the flagged record when it is flagged and kept (MAX_KEPT_FLAGGED).
   * `dateToken` lets the chat-level verdict re-date the message at the end (WhatsApp's header).
   */
  add(message: ExportMessage, dateToken?: unknown): FlaggedExportMessage | null {
    this.messages++;
    const scannedText = scannedTextOf(message);
    // The chat-level verdict counts listings under the message threshold too: they need evidence.
    const scan = this.shop ? { ...this.options.scan, evidence: true } : this.options.scan;
    const verdict = this.options.detector.scan(scannedText, scan);
    this.shop?.observe(message.index, verdict, message.date, dateToken);
    if (!verdict.flagged) return null;
    if (this.flagged >= (this.options.maxKept ?? MAX_KEPT_FLAGGED)) {
      this.flagged++;
      return null;
    }
    const found: FlaggedExportMessage = {
      message: { ...message, text: detach(message.text), sender: message.sender && detach(message.sender) },
      verdict,
      scannedText: detach(scannedText),
    };
    this.flagged++;
    this.pending.push(found);
    return found;
  }

  /** Sends progress when due; pauses when the current slice of work is used up. */
  async step(): Promise<void> {
    this.checkCancelled();
    const now = this.options.now();
    const every = this.options.progressEveryMs ?? 100;
    if (this.readSent && (now - this.lastEmit >= every || (!this.firstSent && this.pending.length > 0)))
      this.progress(now);
    if (this.options.pause && now - this.sliceStart >= (this.options.sliceMs ?? 20)) {
      await this.options.pause();
      this.checkCancelled();
      this.sliceStart = this.options.now();
    }
  }

  progress(now = this.options.now()): void {
    if (this.pending.length > 0) this.firstSent = true;
    const found = this.pending;
    this.pending = [];
    this.lastEmit = now;
    this.send({
      type: 'progress',
      messages: this.messages,
      bytesDone: Math.min(this.bytesDone, this.totalBytes),
      totalBytes: this.totalBytes,
      flagged: this.flagged,
      found,
    });
  }

  /** `redate`: a message's final date from its `dateToken` (WhatsApp, once the day order is known). */
  done(
    warnings: string[],
    chatName: string | null,
    dateFixes: DateFix[] = [],
    redate?: (dateToken: unknown) => string | null,
  ): void {
    this.bytesDone = this.totalBytes;
    if (this.pending.length > 0) this.progress();
    this.send({
      type: 'done',
      messages: this.messages,
      flagged: this.flagged,
      ms: Math.max(0, Math.round(this.options.now() - this.started)),
      warnings,
      dateFixes,
      chatName,
      ...(this.shop ? { shop: this.shop.summary(redate) } : {}),
    });
  }
}

/** Telegram's HTML export and others that are read whole: scanned in slices, progress by message. */
async function scanChat(session: ScanSession, chat: ChatExport): Promise<void> {
  session.send({
    type: 'read',
    chatName: chat.chatName,
    format: chat.format,
    warnings: [...chat.warnings],
    totalBytes: session.totalBytes,
  });
  const total = chat.messages.length;
  for (let i = 0; i < total; i++) {
    session.add(chat.messages[i] as ExportMessage);
    if ((i & 31) === 31) {
      session.bytesDone = Math.floor((session.totalBytes * (i + 1)) / total);
      await session.step();
    }
  }
  session.done(chat.warnings, chat.chatName);
}

/** A file to read: a plain file, or one entry of a zip. */
interface Part {
  name: string;
  size: number;
  chunks(): AsyncIterable<Uint8Array>;
}

/** Enough of the start of a file to tell its format (detectFormat looks at the first 4 KB). */
const HEAD_BYTES = 64 * 1024;
/** How much WhatsApp text is read and scanned between two progress checks (about 150 messages). */
const FEED_BYTES = 16 * 1024;
/** A WhatsApp export's first line is a header; this much text without one is not a chat export. */
const NO_HEADER_BYTES = 1024 * 1024;

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The rest of a file, whole. The bytes actually read count against `limit`, not the size the file
 * or zip declared: reading stops as soon as they pass it.
 */
async function readAll(
  iterator: AsyncIterator<Uint8Array>,
  got: Uint8Array[],
  session: ScanSession,
  budget: { left: number; limit: number },
) {
  for (const chunk of got) budget.left -= chunk.length;
  for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
    budget.left -= r.value.length;
    if (budget.left < 0) throw tooLarge(budget.limit - budget.left, budget.limit);
    got.push(r.value);
    session.checkCancelled();
  }
  if (budget.left < 0) throw tooLarge(budget.limit - budget.left, budget.limit);
  return concat(got);
}

function tooLarge(total: number, limit: number): TooLarge {
  return new TooLarge(
    limit,
    `This export is ${megabytes(total)}; Vigie reads Telegram exports (and zips without a WhatsApp chat) up to ${megabytes(limit)}. Export fewer messages (a date range) and try again.`,
  );
}

/**
 * Streams a WhatsApp text: decodes UTF-8 incrementally (characters cut between chunks are joined),
 * splits lines across chunks, reads and scans each message as soon as it is complete.
 */
async function streamWhatsApp(
  session: ScanSession,
  head: Uint8Array[],
  rest: AsyncIterator<Uint8Array>,
  nameHint: string,
  others: number,
  options: ScanCoreOptions,
): Promise<void> {
  // Flagged messages' dates as sent, with their headers, to settle them once the whole file is seen.
  const sent: { index: number; date: string | null; header: RawHeader }[] = [];
  const reader = new WhatsAppStreamReader({ dayFirst: options.dayFirst ?? 'auto' }, nameHint, (m, header) => {
    if (session.add(m, header)) sent.push({ index: m.index, date: m.date, header });
  });
  const lines = new LineSplitter((line, cut) => reader.pushLine(line, cut), MAX_LINE_LENGTH);
  const decoder = new TextDecoder('utf-8');
  // Known from the start (and last in 'done', where readExport puts it).
  const known =
    others > 0 ? [`Only the first of ${others + 1} files was read: this kind of export is one file.`] : [];
  let readSent = false;
  const feed = async (chunk: Uint8Array) => {
    lines.push(decoder.decode(chunk, { stream: true }));
    session.bytesDone += chunk.length;
    if (!readSent && !reader.sawHeader && session.bytesDone >= NO_HEADER_BYTES) {
      // An export starts with a header line: a megabyte without one is not a chat (don't read 200 MB to say so).
      throw reader.noChatError();
    }
    if (!readSent && reader.sawHeader) {
      // At the first header: the chat name of an iOS export is on its first line.
      readSent = true;
      session.send({
        type: 'read',
        chatName: reader.chatName,
        format: 'whatsapp',
        warnings: [...known],
        totalBytes: session.totalBytes,
      });
    }
    await session.step();
  };
  // Big chunks (a stored zip entry comes in 1 MB) are fed in slices, so progress and pauses stay frequent.
  const feedSliced = async (chunk: Uint8Array) => {
    for (let at = 0; at < chunk.length; at += FEED_BYTES) await feed(chunk.subarray(at, at + FEED_BYTES));
  };
  for (const chunk of head) await feedSliced(chunk);
  for (let r = await rest.next(); !r.done; r = await rest.next()) await feedSliced(r.value);
  lines.push(decoder.decode());
  lines.end();
  const result = reader.finish();
  if (!readSent)
    session.send({
      type: 'read',
      chatName: result.chatName,
      format: 'whatsapp',
      warnings: [...known],
      totalBytes: session.totalBytes,
    });
  const dateFixes: DateFix[] = [];
  for (const { index, date: before, header } of sent) {
    // Sent already: the page applies the fix (the objects sent are not changed after the fact).
    const date = reader.dateOf(header, result.dayFirst);
    if (date !== before) dateFixes.push({ index, date });
  }
  const warnings = [...result.warnings, ...known];
  session.done(warnings, result.chatName, dateFixes, (header) =>
    reader.dateOf(header as RawHeader, result.dayFirst),
  );
}

/** The files of one export (or the chat entries of a zip): WhatsApp is streamed, others read whole. */
async function scanParts(
  session: ScanSession,
  parts: Part[],
  nameHint: string,
  options: ScanCoreOptions,
): Promise<void> {
  const first = parts[0];
  if (!first) throw new ExportError('empty', 'No file was given.');
  const iterator = first.chunks()[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  while (headBytes < HEAD_BYTES) {
    const r = await iterator.next();
    if (r.done) break;
    head.push(r.value);
    headBytes += r.value.length;
  }
  if (isZipMagic(concat(head))) {
    // Only the file picked, or the chat of a zip, is opened: a zip inside a zip would be inflated
    // whole in memory past every limit (912 MB from a small file).
    throw new ExportError(
      'unknown-format',
      `"${baseName(first.name)}" is itself a zip inside the zip. Vigie does not open zips inside zips: unzip it first, then choose the chat file.`,
    );
  }
  const format = detectFormat([{ name: first.name, data: concat(head) }]);
  if (format === 'whatsapp') {
    session.totalBytes = first.size;
    await streamWhatsApp(session, head, iterator, nameHint, parts.length - 1, options);
    return;
  }
  const limit = options.maxWholeBytes ?? DEFAULT_MAX_WHOLE_BYTES;
  const total = parts.reduce((n, p) => n + p.size, 0);
  if (total > limit) throw tooLarge(total, limit);
  session.totalBytes = total;
  const budget = { left: limit, limit };
  const files: ExportFile[] = [{ name: first.name, data: await readAll(iterator, head, session, budget) }];
  for (const part of parts.slice(1)) {
    files.push({
      name: part.name,
      data: await readAll(part.chunks()[Symbol.asyncIterator](), [], session, budget),
    });
  }
  await scanChat(session, readExport(files, { dayFirst: options.dayFirst ?? 'auto' }));
}

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}

async function scanZip(session: ScanSession, zip: ByteSource, options: ScanCoreOptions): Promise<void> {
  const entries = await listZip(zip);
  const wanted = new Set(pickFromZip(entries.map((e) => e.name)));
  const picked = entries.filter((e) => wanted.has(e.name));
  if (picked.length === 0) {
    throw new ExportError(
      'unknown-format',
      `The zip "${baseName(zip.name)}" holds no chat: no _chat.txt, WhatsApp .txt, result.json or messages.html inside.`,
    );
  }
  const parts: Part[] = picked.map((e) => ({
    name: e.name,
    size: e.size,
    chunks: () => zipEntryChunks(zip, e),
  }));
  // The iOS zip name carries the chat name ("WhatsApp Chat - X.zip"); _chat.txt does not.
  const nameHint = chatNameFromFileName(zip.name) ? zip.name : (picked[0]?.name ?? zip.name);
  await scanParts(session, parts, nameHint, options);
}

function isZipMagic(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

async function run(session: ScanSession, files: ByteSource[], options: ScanCoreOptions): Promise<void> {
  const first = files[0];
  if (!first) throw new ExportError('empty', 'No file was given.');
  if (files.length === 1 && isZipMagic(await first.slice(0, 4))) return scanZip(session, first, options);
  if (files.length === 1 && /\.zip$/i.test(first.name)) {
    throw new ExportError(
      'truncated-zip',
      `"${baseName(first.name)}" is named .zip but is not a readable zip (it may be cut short).`,
    );
  }
  const parts: Part[] = files.map((f) => ({ name: f.name, size: f.size, chunks: () => f.chunks() }));
  await scanParts(session, parts, first.name, options);
}

/**
 * Reads and scans one chat export (the files of one export), sending ScanEvents to `emit`:
 * 'read', then 'progress'…, then 'done' or 'error'. Never throws; resolves when finished or
 * cancelled (after a cancel, nothing more is emitted).
 */
export async function scanChatExport(
  files: ByteSource[],
  options: ScanCoreOptions,
  emit: (event: ScanEvent) => void,
): Promise<void> {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const session = new ScanSession(options, emit, total);
  try {
    await run(session, files, options);
  } catch (error) {
    if (error instanceof Cancelled || options.signal?.aborted) return;
    try {
      if (error instanceof ExportError)
        session.send({ type: 'error', code: error.code, detail: error.message });
      else if (error instanceof SourceReadError)
        session.send({
          type: 'error',
          code: 'unreadable',
          detail: `"${baseName(error.fileName)}" could not be read (moved, changed or no longer allowed). Choose it again.`,
        });
      else if (error instanceof TooLarge)
        session.send({ type: 'error', code: 'too-large', detail: error.message, limitBytes: error.limit });
      else
        session.send({
          type: 'error',
          code: 'internal',
          // The error's own text may quote file content (a parser message): give its kind only.
          detail: `The scan stopped on an unexpected error (${error instanceof Error ? error.name : 'unknown'}).`,
        });
    } catch {
      // Cancelled while reporting: nothing more to say.
    }
  }
}
