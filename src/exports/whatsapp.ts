/**
 * WhatsApp "Export chat" reader (Android .txt and iOS _chat.txt; any locale whose header is
 * date, time, then "Name: text").
 *
 * Why our own ~200 lines rather than whatsapp-chat-parser 4.0.2 (see docs/EXPORTS.md §1.7–1.8):
 * it builds dates with `new Date(...)` in the host time zone (we want the wall-clock time the file
 * shows), leaves LRM marks in bodies, reads a French system line with " : " as a user message,
 * guesses day/month silently when the file cannot tell, and keeps the trailing newline. Fixing
 * each of these around it would take as much code as the header grammar itself, which is one
 * regular expression; so we keep no dependency and own the pitfalls.
 */
import { cutMessagesWarning, MAX_MESSAGE_LENGTH } from '../shared/limits';
import { type ChatExport, ExportError, type ExportMessage, type ReadOptions } from './types';

// Bidi marks WhatsApp sprinkles around headers, names and media tokens (pitfall 8).
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// U+202F before AM/PM on recent Android, U+00A0 elsewhere.
const ODD_SPACES = /[\u202f\u00a0]/g;

/**
 * A header: optional "[", a date of three numeric groups (same separator, optional spaces: "13. 6.
 * 2018."), optional "," or ".", optional word ("klo", "à"), a time h:mm[:ss] (":" or "."), an
 * optional AM/PM ("a. m.", "p.m."), optional "]", then " - " (Android) or ": " or " " (iOS).
 */
const HEADER =
  /^\[?(\d{1,4})([-/.])\s?(\d{1,2})\2\s?(\d{1,4})\.?,?\s(?:[^\d\s]{1,6}\s)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s?([ap])\.?\s?m\.?)?(\])?(?:\s-\s|:\s|\s)/i;

// Looks like a WhatsApp header in some other date/time notation: used to say "unknown locale"
// rather than "not a chat export".
const FOREIGN_HEADER =
  /^\[?[^\s\]]{0,12}\d[^\]\n]{2,40}?\d{1,2}[:.hH時]\d{2}.{0,20}?(?:\]|\s-\s)\s?[^:\n]{1,60}:\s/;

// Whole-body media tokens ("without media" exports), FR+EN first, a few frequent others.
const MEDIA_TOKEN =
  /^(?:<(?:media omitted|médias omis|fichier omis|multimedia omitido|medien ausgeschlossen|media weggelaten|media omessi)>|(?:image|video|audio|sticker|gif|document|contact card|vidéo|autocollant|fiche contact|photo)(?: omitted| absente?)|<attached>|<(?:attached|pièce jointe|anhang|adjunto)\s?:\s?[^>]+>|\S+\.\w{2,5}\s(?:\((?:file attached|fichier joint|datei angehängt|archivo adjunto)\)|<attached>))$/i;
const DELETED =
  /^(?:this message was deleted|you deleted this message|ce message a été supprimé|vous avez supprimé ce message|null)$/i;
const EDITED_LABEL = /^<(?:this message was edited|ce message a été modifié)>$/i;
/** Longer than any edited label: a "<" further from the end starts none. */
const EDITED_LABEL_MAX = 40;

/**
 * The body without the "<This message was edited>" label WhatsApp appends, and the white space
 * before it. By hand, not with /\s*<…>$/: tried from every white-space character of a body of
 * blank lines, that expression took quadratic time (a 200 KB file: 37 s).
 */
function withoutEditedLabel(body: string): string {
  if (!body.endsWith('>')) return body;
  const open = body.lastIndexOf('<');
  if (open < 0 || body.length - open > EDITED_LABEL_MAX || !EDITED_LABEL.test(body.slice(open))) return body;
  let end = open;
  while (end > 0 && /\s/.test(body.charAt(end - 1))) end--;
  return body.slice(0, end);
}
const E2E_NOTICE =
  /end-to-end encrypted|chiffrés de bout en bout|cifrados de extremo a extremo|Ende-zu-Ende/i;
// Sentences that put " : " or ": " inside a system line (pitfall 1), FR and EN.
const SYSTEM_PHRASE =
  /\s(?:a (?:créé|modifié|changé|ajouté|retiré|quitté|rejoint|supprimé|épinglé)|(?:created|changed|added|removed|left|joined|deleted|pinned)\s)/;

interface RawHeader {
  a: number;
  b: number;
  c: number;
  yearFirst: boolean;
  hour: number;
  minute: number;
  second: number;
  meridiem: string | undefined;
}

interface RawMessage {
  line: number;
  /** iOS puts an LRM right after "Name: " on system lines (and media tokens), not on typed text. */
  markedBody: boolean;
  header: RawHeader;
  author: string | null;
  lines: string[];
}

function parseHeader(m: RegExpExecArray): RawHeader {
  const g1 = m[1] ?? '';
  return {
    a: Number(m[1]),
    b: Number(m[3]),
    c: Number(m[4]),
    yearFirst: g1.length > 2,
    hour: Number(m[5]),
    minute: Number(m[6]),
    second: m[7] ? Number(m[7]) : 0,
    meridiem: m[8]?.toLowerCase(),
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local wall-clock ISO string, or null when the parts are impossible in the chosen order. */
function isoOf(h: RawHeader, dayFirst: boolean): string | null {
  let year: number;
  let month: number;
  let day: number;
  if (h.yearFirst) {
    [year, month, day] = [h.a, h.b, h.c];
  } else {
    year = h.c < 100 ? 2000 + h.c : h.c;
    [day, month] = dayFirst ? [h.a, h.b] : [h.b, h.a];
  }
  let hour = h.hour;
  if (h.meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (h.meridiem === 'p' ? 12 : 0);
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || h.minute > 59 || h.second > 59)
    return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(h.minute)}:${pad(h.second)}`;
}

/** Counts how often the date goes backwards when read in one order (exports are chronological). */
function backwardSteps(headers: RawHeader[], dayFirst: boolean): number {
  let previous = '';
  let steps = 0;
  for (const h of headers) {
    const iso = isoOf(h, dayFirst)?.slice(0, 10);
    if (!iso) continue;
    if (iso < previous) steps++;
    previous = iso;
  }
  return steps;
}

/** 'auto': infer day/month order. Returns null when the file cannot tell. */
export function inferDayFirst(headers: RawHeader[]): boolean | null {
  const dm = headers.filter((h) => !h.yearFirst);
  if (dm.length === 0) return true; // year-first dates: the order does not matter
  const firstOver12 = dm.some((h) => h.a > 12);
  const secondOver12 = dm.some((h) => h.b > 12);
  if (firstOver12 && !secondOver12) return true;
  if (secondOver12 && !firstOver12) return false;
  if (firstOver12 && secondOver12) {
    // Both happen (a pasted date in a continuation line, usually): trust the majority.
    const firsts = dm.filter((h) => h.a > 12).length;
    const seconds = dm.filter((h) => h.b > 12).length;
    return firsts === seconds ? null : firsts > seconds;
  }
  // Every number ≤ 12: only one order may keep the messages in date order.
  const dayFirstBack = backwardSteps(dm, true);
  const monthFirstBack = backwardSteps(dm, false);
  if (dayFirstBack === 0 && monthFirstBack > 0) return true;
  if (monthFirstBack === 0 && dayFirstBack > 0) return false;
  return null;
}

/** Cleans one line: bidi marks out, odd spaces to plain spaces. */
function clean(line: string): string {
  return line.replace(BIDI, '').replace(ODD_SPACES, ' ');
}

/** True when the text's first non-empty lines start with a WhatsApp header. */
export function looksLikeWhatsApp(text: string): boolean {
  let seen = 0;
  for (const raw of text.slice(0, 4000).split(/\r\n|\r|\n/)) {
    const line = clean(raw);
    if (!line.trim()) continue;
    if (HEADER.test(line)) return true;
    if (++seen >= 5) break;
  }
  return false;
}

function looksForeign(lines: string[]): boolean {
  let hits = 0;
  let seen = 0;
  for (const raw of lines) {
    const line = clean(raw);
    if (!line.trim()) continue;
    if (FOREIGN_HEADER.test(line)) hits++;
    if (++seen >= 50) break;
  }
  return hits >= 2 || (seen === 1 && hits === 1);
}

/** Chat name from the file name WhatsApp gives ("WhatsApp Chat with X.txt", "WhatsApp Chat - X.zip"…). */
export function chatNameFromFileName(name: string): string | null {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.(txt|zip)$/i, '');
  const m =
    /^(?:WhatsApp Chat (?:with|-|mit)|Discussion WhatsApp avec|Chat de WhatsApp con|Чат WhatsApp с)\s+(.+)$/i.exec(
      base,
    );
  return m?.[1]?.trim() || null;
}

export function readWhatsApp(text: string, options: ReadOptions = {}, fileName = ''): ChatExport {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const raws: RawMessage[] = [];
  let current: RawMessage | null = null;
  for (let i = 0; i < lines.length; i++) {
    const rawLine = lines[i] ?? '';
    const line = clean(rawLine);
    const m = HEADER.exec(line);
    if (!m) {
      // A continuation line (blank lines included); text before the first header is dropped.
      current?.lines.push(line);
      continue;
    }
    const body = line.slice(m[0].length);
    const colon = body.indexOf(': ');
    const author = colon > 0 && colon <= 80 ? body.slice(0, colon) : null;
    const rawColon = rawLine.indexOf(': ');
    current = {
      line: i + 1,
      markedBody: rawColon >= 0 && /[\u200e\u200f]/.test(rawLine.charAt(rawColon + 2)),
      header: parseHeader(m),
      author,
      lines: [author === null ? body : body.slice(colon + 2)],
    };
    raws.push(current);
  }
  if (raws.length === 0) {
    if (looksForeign(lines)) {
      throw new ExportError(
        'unknown-locale',
        'This looks like a WhatsApp export, but its dates are written in a way Vigie cannot read yet. Nothing was scanned.',
      );
    }
    throw new ExportError(
      'not-a-chat-export',
      'This file is not a WhatsApp chat export: no line starts with a date and a time.',
    );
  }

  const warnings: string[] = [];
  let dayFirst: boolean | null;
  if (options.dayFirst === true || options.dayFirst === false) {
    dayFirst = options.dayFirst;
  } else {
    dayFirst = inferDayFirst(raws.map((r) => r.header));
    if (dayFirst === null) {
      warnings.push(
        'The dates in this file can be read day/month or month/day; dates are left out. Choose the order to see them.',
      );
    }
  }

  // iOS writes system lines as messages from the chat itself, and its first line is the E2E notice
  // "from" the group (or, in a one-to-one chat, from the contact). So a line is a system line only
  // when it comes from that name AND carries iOS's mark before the body: the contact's own typed
  // messages have no mark and are kept. The name from the file is never used to drop messages:
  // in "WhatsApp Chat with Karim.txt", Karim is a sender.
  let chatName = chatNameFromFileName(fileName);
  const first = raws[0];
  const systemName = first?.author && E2E_NOTICE.test(first.lines[0] ?? '') ? first.author : null;
  chatName ??= systemName;

  const messages: ExportMessage[] = [];
  let badDates = 0;
  let system = 0;
  let media = 0;
  let cut = 0;
  for (const raw of raws) {
    const author = raw.author;
    if (
      author === null ||
      (author === systemName &&
        (raw === first || (raw.markedBody && !MEDIA_TOKEN.test((raw.lines[0] ?? '').trim())))) ||
      /\s$/.test(author) || // "… la description du groupe : «…»": French space before ":"
      SYSTEM_PHRASE.test(` ${author}`)
    ) {
      system++;
      continue;
    }
    const kept = raw.lines.filter((l) => !MEDIA_TOKEN.test(l.trim()));
    let body = withoutEditedLabel(kept.join('\n')).trimEnd(); // pitfall 6: trailing newline
    if (!body.trim() || DELETED.test(body.trim())) {
      if (kept.length < raw.lines.length) media++;
      else system++;
      continue;
    }
    if (body.length > MAX_MESSAGE_LENGTH) {
      body = body.slice(0, MAX_MESSAGE_LENGTH);
      cut++;
    }
    const date = dayFirst === null ? null : isoOf(raw.header, dayFirst);
    if (dayFirst !== null && date === null) badDates++;
    messages.push({
      index: messages.length,
      sender: author.trim(),
      date,
      text: body,
      ref: `line ${raw.line}`,
    });
  }
  if (badDates > 0) {
    warnings.push(
      `${badDates} message date(s) are impossible in the chosen day/month order and were left out.`,
    );
  }
  if (media > 0)
    warnings.push(`${media} media-only message(s) skipped (pictures and files are not scanned).`);
  if (system > 0) warnings.push(`${system} system or deleted message(s) skipped.`);
  if (cut > 0) warnings.push(cutMessagesWarning(cut));
  return { format: 'whatsapp', chatName, messages, warnings };
}

// Shared with the streaming reader (./whatsapp-stream.ts), so both read the same grammar.
export type { RawHeader };
export {
  clean,
  DELETED,
  E2E_NOTICE,
  HEADER,
  isoOf,
  looksForeign,
  MEDIA_TOKEN,
  parseHeader,
  SYSTEM_PHRASE,
  withoutEditedLabel,
};
