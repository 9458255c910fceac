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
import { ExportError, type ExportMessage, type ReadOptions } from './types';
import {
  chatNameFromFileName,
  clean,
  DELETED,
  E2E_NOTICE,
  EDITED_SUFFIX,
  HEADER,
  isoOf,
  looksForeign,
  MEDIA_TOKEN,
  parseHeader,
  type RawHeader,
  SYSTEM_PHRASE,
} from './whatsapp';

interface RawMessage {
  line: number;
  markedBody: boolean;
  header: RawHeader;
  author: string | null;
  lines: string[];
}

/** Splits decoded text into lines on \r\n, \r or \n, across chunk boundaries (a \r\n may be cut in two). */
export class LineSplitter {
  private rest = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(text: string): void {
    const s = this.rest + text;
    const breaks = /\r\n?|\n/g;
    let start = 0;
    for (let m = breaks.exec(s); m !== null; m = breaks.exec(s)) {
      // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (m[0] === '\r' && m.index === s.length - 1) break;
      this.onLine(s.slice(start, m.index));
      start = m.index + m[0].length;
    }
    this.rest = s.slice(start);
  }

  /** The last line (possibly empty, as String.split gives after a final line break). */
  end(): void {
    const s = this.rest;
    this.rest = '';
    if (s.endsWith('\r')) {
      this.onLine(s.slice(0, -1));
      this.onLine('');
    } else {
      this.onLine(s);
    }
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

  pushLine(rawLine: string): void {
    this.lineNo++;
    const line = clean(rawLine);
    const m = HEADER.exec(line);
    if (!m) {
      // A continuation line (blank lines included); text before the first header is dropped.
      if (this.current) this.current.lines.push(line);
      else if (this.probe.length < 50 && line.trim()) this.probe.push(rawLine);
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
    const body = kept.join('\n').replace(EDITED_SUFFIX, '').trimEnd();
    if (!body.trim() || DELETED.test(body.trim())) {
      if (kept.length < raw.lines.length) this.media++;
      else this.system++;
      return;
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
    return { chatName: this.chatName, warnings, dayFirst };
  }
}
