/**
 * A flagged message of an export, as the check page shows it: the popup's FlaggedItem (excerpt,
 * highlights inside it, reasons in both languages) plus what only an export has: where it is in
 * the file, its date as the export wrote it, and the full text for the report.
 * Built in memory from scan events; never stored.
 */

import type { Explanation, Span } from '../engine/types';
import type { FlaggedExportMessage } from '../exports/scan-events';
import { makeFlaggedItem, positiveReasons } from '../shared/flagged';
import type { FlaggedItem } from '../shared/messages';
import type { Lang, Translator } from '../shared/settings/i18n';

export interface FoundItem {
  item: FlaggedItem;
  /** `message.index`, to apply late date fixes. */
  index: number;
  /** Where in the file, as the reader wrote it ("line 4", "message 12"); see refText. */
  ref: string;
  /** ISO 8601 as the export gave it (no offset for WhatsApp: local wall-clock time), or null. */
  date: string | null;
  /** The whole message text (with Telegram's hidden link targets), for the report. */
  text: string;
  /** Where the reasons matched inside `text` (sorted, not merged). */
  spans: Span[];
  /** The distinct words the reasons matched, in file order. */
  matched: string[];
}

/** Longer messages are shown as the popup's excerpt around the first match; the report has all. */
export const MAX_SHOWN = 4000;

/** The item to render: the whole message with every match highlighted, unless it is very long. */
export function shownItem(found: FoundItem): FlaggedItem {
  if (found.text.length > MAX_SHOWN) return found.item;
  return { ...found.item, excerpt: found.text, highlights: found.spans };
}

export interface ExplainSource {
  explanation(key: string): Explanation;
}

const MAX_MATCHED = 8;

export function toFoundItem(found: FlaggedExportMessage, explain: ExplainSource): FoundItem {
  const { message, verdict, scannedText } = found;
  // The popup's "Prepare a report" text shows this time (see formatExportDate for local dates).
  const ms = message.date === null ? Number.NaN : Date.parse(message.date);
  const item = makeFlaggedItem(`m${message.index}`, scannedText, verdict, explain, {
    time: Number.isNaN(ms) ? null : ms,
    sender: message.sender,
  });
  const spans = positiveReasons(verdict)
    .flatMap((r) => r.spans)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const matched: string[] = [];
  for (const [a, b] of spans) {
    const word = scannedText.slice(Math.max(0, a), b).trim().slice(0, 60);
    if (word && !matched.includes(word)) matched.push(word);
    if (matched.length >= MAX_MATCHED) break;
  }
  return {
    item,
    index: message.index,
    ref: message.ref,
    date: message.date,
    text: scannedText,
    spans,
    matched,
  };
}

/**
 * The reader writes refs in English ("line 4", "messages2.html message 12"); say them in the UI
 * language. An unexpected shape is shown as it is rather than dropped.
 */
export function refText(ref: string, t: Translator['t']): string {
  const line = /^line (\d+)$/.exec(ref);
  if (line) return t('check_ref_line', line[1] as string);
  const msg = /^(?:(\S+\.html?) )?message (\S+)$/.exec(ref);
  if (msg) {
    return msg[1]
      ? t('check_ref_page_message', msg[1], msg[2] as string)
      : t('check_ref_message', msg[2] as string);
  }
  return ref;
}

/**
 * The message date in the UI language. Dates without an offset (WhatsApp) are wall-clock times
 * of the phone: parsed as local and shown as local, they come out exactly as the export wrote them.
 */
export function formatExportDate(iso: string | null, lang: Lang): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(ms));
}
