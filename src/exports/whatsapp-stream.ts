/**
 * The WhatsApp reader, one line at a time, for exports too large to hold as one string (a 200 MB
 * _chat.txt). Same grammar and the same decisions as readWhatsApp (./whatsapp.ts, whose pieces it
 * imports), so both give the same messages; only the day/month order differs in timing: it is
 * inferred from the headers seen so far, and final only at `finish()` (the caller then corrects the
 * dates it already handed out, see `dateOf`).
 *
 * Memory: the message being read, a few counters, and the first 50 lines when no header has been
 * seen yet (to tell "unknown locale" from "not a chat export").
 */
import { cutMessagesWarning, MAX_MESSAGE_LENGTH } from '../shared/limits';
import { ExportError, type ExportMessage, type ReadOptions } from './types';
import {
  chatNameFromFileName,
  clean,
  DELETED,
  E2E_NOTICE,
  HEADER,
  isoOf,
  looksForeign,
  MEDIA_TOKEN,
  parseHeader,
  type RawHeader,
  SYSTEM_PHRASE,
  withoutEditedLabel,
} from './whatsapp';

interface RawMessage {
  line: number;
  markedBody: boolean;
  header: RawHeader;
  author: string | null;
  lines: string[];
  /** Characters in `lines` (with the line breaks): kept up to MAX_MESSAGE_LENGTH, the rest dropped. */
  length: number;
  cut: boolean;
}

/** Longest line kept: a message's worth of text after the longest header and sender. */
export const MAX_LINE_LENGTH = MAX_MESSAGE_LENGTH + 256;

/**
 * Splits decoded text into lines on \r\n, \r or \n, across chunk boundaries (a \r\n may be cut in
 * two). Each chunk is read once: the pending line is kept as pieces, never re-joined and
 * re-searched per chunk (that made one 32 MB line take 130 s and 638 MB). A line longer than
 * `maxLine` keeps its first `maxLine` characters; `onLine` is told it was cut.
 */
export class LineSplitter {
  private pieces: string[] = [];
  private length = 0;
  private cut = false;
  /** The last chunk ended with \r: a \n starting the next one belongs to it. */
  private afterCR = false;

  constructor(
    private readonly onLine: (line: string, cut: boolean) => void,
    private readonly maxLine = Number.POSITIVE_INFINITY,
  ) {}

  push(text: string): void {
    let start = 0;
    if (this.afterCR && text.length > 0) {
      this.afterCR = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.take(text, start, i);
      this.flush();
      if (c === 13) {
        if (i + 1 === text.length) this.afterCR = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.take(text, start, text.length);
  }

  /** The last line (possibly empty, as String.split gives after a final line break). */
  end(): void {
    this.afterCR = false;
    this.flush();
  }

  private take(text: string, from: number, to: number): void {
    if (to <= from) return;
    const room = this.maxLine - this.length;
    if (to - from > room) {
      this.cut = true;
      to = from + Math.max(0, room);
      if (to <= from) return;
    }
    this.pieces.push(text.slice(from, to));
    this.length += to - from;
  }

  private flush(): void {
    const line = this.pieces.length === 1 ? (this.pieces[0] as string) : this.pieces.join('');
    const cut = this.cut;
    this.pieces = [];
    this.length = 0;
    this.cut = false;
    this.onLine(line, cut);
  }
}

/** Day/month inference over headers as they come: the same answer inferDayFirst gives on all of them. */
class DayOrder {
  private dm = 0;
  private firsts = 0;
  private seconds = 0;
  private prevDayFirst = '';
  private prevMonthFirst = '';
  private backDayFirst = 0;
  private backMonthFirst = 0;

  observe(h: RawHeader): void {
    if (h.yearFirst) return;
    this.dm++;
    if (h.a > 12) this.firsts++;
    if (h.b > 12) this.seconds++;
    const df = isoOf(h, true)?.slice(0, 10);
    if (df) {
      if (df < this.prevDayFirst) this.backDayFirst++;
      this.prevDayFirst = df;
    }
    const mf = isoOf(h, false)?.slice(0, 10);
    if (mf) {
      if (mf < this.prevMonthFirst) this.backMonthFirst++;
      this.prevMonthFirst = mf;
    }
  }

  infer(): boolean | null {
    if (this.dm === 0) return true;
    const firstOver12 = this.firsts > 0;
    const secondOver12 = this.seconds > 0;
    if (firstOver12 && !secondOver12) return true;
    if (secondOver12 && !firstOver12) return false;
    if (firstOver12 && secondOver12) return this.firsts === this.seconds ? null : this.firsts > this.seconds;
    if (this.backDayFirst === 0 && this.backMonthFirst > 0) return true;
    if (this.backMonthFirst === 0 && this.backDayFirst > 0) return false;
    return null;
  }
}

export interface WhatsAppResult {
  chatName: string | null;
  warnings: string[];
  /** The order used for the final dates (null: the file cannot tell, dates are null). */
  dayFirst: boolean | null;
}

export class WhatsAppStreamReader {
  private lineNo = 0;
  private current: RawMessage | null = null;
  private first: RawMessage | null = null;
  private systemName: string | null = null;
  private readonly fileChatName: string | null;
  private readonly order = new DayOrder();
  private readonly probe: string[] = [];
  private count = 0;
  private system = 0;
  private media = 0;
  private cut = 0;
  private badIfDayFirst = 0;
  private badIfMonthFirst = 0;

  /**
   * @param onMessage receives each message as soon as the next header (or the end) closes it,
   *   with its date in the order known so far, and its header for `dateOf` later.
   */
  constructor(
    private readonly options: ReadOptions,
    fileName: string,
    private readonly onMessage: (message: ExportMessage, header: RawHeader) => void,
  ) {
    this.fileChatName = chatNameFromFileName(fileName);
  }

  /** The chat name known so far: from the file name, else the sender of iOS's first (E2E) line. */
  get chatName(): string | null {
    return this.fileChatName ?? this.systemName;
  }

  get messages(): number {
    return this.count;
  }

  /** The day/month order to use now: the user's, else the one inferred from the headers so far. */
  dayFirst(): boolean | null {
    const chosen = this.options.dayFirst;
    return chosen === true || chosen === false ? chosen : this.order.infer();
  }

  dateOf(header: RawHeader, dayFirst = this.dayFirst()): string | null {
    return dayFirst === null ? null : isoOf(header, dayFirst);
  }

  /** One line of the file; `cut` when the line splitter kept only its start (MAX_LINE_LENGTH). */
  pushLine(rawLine: string, cut = false): void {
    this.lineNo++;
    const line = clean(rawLine);
    const m = HEADER.exec(line);
    if (!m) {
      // A continuation line (blank lines included); text before the first header is dropped.
      const current = this.current;
      if (current) {
        // Past the cap, lines are only counted: a message's memory and scan time stay bounded.
        if (current.length <= MAX_MESSAGE_LENGTH) {
          current.lines.push(line);
          current.length += line.length + 1;
          current.cut ||= cut;
        } else current.cut = true;
      } else if (this.probe.length < 50 && line.trim()) this.probe.push(rawLine);
      return;
    }
    if (this.current) this.close(this.current);
    const body = line.slice(m[0].length);
    const colon = body.indexOf(': ');
    const author = colon > 0 && colon <= 80 ? body.slice(0, colon) : null;
    const rawColon = rawLine.indexOf(': ');
    const header = parseHeader(m);
    this.order.observe(header);
    this.current = {
      line: this.lineNo,
      markedBody: rawColon >= 0 && /[\u200e\u200f]/.test(rawLine.charAt(rawColon + 2)),
      header,
      author,
      lines: [author === null ? body : body.slice(colon + 2)],
      length: body.length,
      cut,
    };
    if (!this.first) {
      this.first = this.current;
      // iOS's first line is the E2E notice "from" the chat (see readWhatsApp).
      this.systemName = author && E2E_NOTICE.test(this.current.lines[0] ?? '') ? author : null;
    }
  }

  private close(raw: RawMessage): void {
    const author = raw.author;
    if (
      author === null ||
      (author === this.systemName &&
        (raw === this.first || (raw.markedBody && !MEDIA_TOKEN.test((raw.lines[0] ?? '').trim())))) ||
      /\s$/.test(author) ||
      SYSTEM_PHRASE.test(` ${author}`)
    ) {
      this.system++;
      return;
    }
    const kept = raw.lines.filter((l) => !MEDIA_TOKEN.test(l.trim()));
    let body = withoutEditedLabel(kept.join('\n')).trimEnd();
    if (!body.trim() || DELETED.test(body.trim())) {
      if (kept.length < raw.lines.length) this.media++;
      else this.system++;
      return;
    }
    if (raw.cut || body.length > MAX_MESSAGE_LENGTH) {
      body = body.slice(0, MAX_MESSAGE_LENGTH);
      this.cut++;
    }
    if (isoOf(raw.header, true) === null) this.badIfDayFirst++;
    if (isoOf(raw.header, false) === null) this.badIfMonthFirst++;
    const message: ExportMessage = {
      index: this.count++,
      sender: author.trim(),
      date: this.dateOf(raw.header),
      text: body,
      ref: `line ${raw.line}`,
    };
    this.onMessage(message, raw.header);
  }

  get sawHeader(): boolean {
    return this.first !== null;
  }

  /** Why the lines read so far are no WhatsApp chat: an unknown date notation, or no chat at all. */
  noChatError(): ExportError {
    if (looksForeign(this.probe)) {
      return new ExportError(
        'unknown-locale',
        'This looks like a WhatsApp export, but its dates are written in a way Vigie cannot read yet. Nothing was scanned.',
      );
    }
    return new ExportError(
      'not-a-chat-export',
      'This file is not a WhatsApp chat export: no line starts with a date and a time.',
    );
  }

  /** Closes the last message; throws ExportError when the file held no WhatsApp header at all. */
  finish(): WhatsAppResult {
    if (this.current) this.close(this.current);
    this.current = null;
    if (!this.first) throw this.noChatError();
    const warnings: string[] = [];
    const dayFirst = this.dayFirst();
    if (dayFirst === null) {
      warnings.push(
        'The dates in this file can be read day/month or month/day; dates are left out. Choose the order to see them.',
      );
    }
    const badDates = dayFirst === null ? 0 : dayFirst ? this.badIfDayFirst : this.badIfMonthFirst;
    if (badDates > 0) {
      warnings.push(
        `${badDates} message date(s) are impossible in the chosen day/month order and were left out.`,
      );
    }
    if (this.media > 0)
      warnings.push(`${this.media} media-only message(s) skipped (pictures and files are not scanned).`);
    if (this.system > 0) warnings.push(`${this.system} system or deleted message(s) skipped.`);
    if (this.cut > 0) warnings.push(cutMessagesWarning(this.cut));
    return { chatName: this.chatName, warnings, dayFirst };
  }
}
