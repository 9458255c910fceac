/**
 * The scan core behind "Check an exported chat" and `npm run bench:export`: files in, ScanEvents
 * out. Pure (no DOM, no browser API, no timers): the clock and the "let the page breathe" pause
 * are passed in, so the same code runs in a Web Worker, on a page's main thread and in Node.
 *
 * Only flagged messages are kept; message text is never logged.
 */
import type { Detector, ScanOptions } from '../engine';
import type { ByteSource } from './byte-source';
import { readExport } from './read-export';
import type { DateFix, FlaggedExportMessage, ScanEvent } from './scan-events';
import { type ChatExport, ExportError, type ExportFormat, type ExportMessage } from './types';

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

/** The text given to the detector: hidden link targets count as part of the offer. */
export function scannedTextOf(message: ExportMessage): string {
  return message.links?.length ? `${message.text}\n${message.links.join('\n')}` : message.text;
}

/**
 * Scans messages one by one, keeps the flagged ones, and throttles 'progress' events. Also the
 * cooperative part: `step()` pauses every `sliceMs` of work and throws Cancelled once aborted.
 */
export class ScanSession {
  messages = 0;
  bytesDone = 0;
  readonly flagged: FlaggedExportMessage[] = [];
  private pending: FlaggedExportMessage[] = [];
  private lastEmit: number;
  private sliceStart: number;
  private firstSent = false;
  private ended = false;
  readonly started: number;

  constructor(
    private readonly options: ScanCoreOptions,
    private readonly emit: (event: ScanEvent) => void,
    readonly totalBytes: number,
  ) {
    this.started = options.now();
    this.lastEmit = this.started;
    this.sliceStart = this.started;
  }

  checkCancelled(): void {
    if (this.options.signal?.aborted) throw new Cancelled();
  }

  send(event: ScanEvent): void {
    this.checkCancelled();
    if (this.ended) return;
    if (event.type === 'done' || event.type === 'error') this.ended = true;
    this.emit(event);
  }

  /** Scans one message; returns the flagged record when it is flagged. */
  add(message: ExportMessage): FlaggedExportMessage | null {
    this.messages++;
    const scannedText = scannedTextOf(message);
    const verdict = this.options.detector.scan(scannedText, this.options.scan);
    if (!verdict.flagged) return null;
    const found = { message, verdict, scannedText };
    this.flagged.push(found);
    this.pending.push(found);
    return found;
  }

  /** Sends progress when due; pauses when the current slice of work is used up. */
  async step(): Promise<void> {
    this.checkCancelled();
    const now = this.options.now();
    const every = this.options.progressEveryMs ?? 100;
    if (now - this.lastEmit >= every || (!this.firstSent && this.pending.length > 0)) this.progress(now);
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
      found,
    });
  }

  done(warnings: string[], chatName: string | null, dateFixes: DateFix[] = []): void {
    this.bytesDone = this.totalBytes;
    this.progress();
    this.send({
      type: 'done',
      messages: this.messages,
      flagged: this.flagged.length,
      ms: Math.max(0, Math.round(this.options.now() - this.started)),
      warnings,
      dateFixes,
      chatName,
    });
  }
}

async function readWhole(source: ByteSource): Promise<Uint8Array> {
  return source.slice(0, source.size);
}

/** Scans an already-read export in slices, with progress proportional to the messages done. */
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

async function run(session: ScanSession, files: ByteSource[], options: ScanCoreOptions): Promise<void> {
  if (files.length === 0) throw new ExportError('empty', 'No file was given.');
  const limit = options.maxWholeBytes ?? DEFAULT_MAX_WHOLE_BYTES;
  if (session.totalBytes > limit) {
    throw new TooLarge(
      limit,
      `This export is ${megabytes(session.totalBytes)}; Vigie reads files of this kind up to ${megabytes(limit)}.`,
    );
  }
  const inputs = [];
  for (const f of files) inputs.push({ name: f.name, data: await readWhole(f) });
  session.checkCancelled();
  const chat = readExport(inputs, { dayFirst: options.dayFirst ?? 'auto' });
  await scanChat(session, chat);
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

export type { ExportFormat };
