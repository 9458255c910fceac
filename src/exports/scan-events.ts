/**
 * What a chat-export scan reports while it runs. Plain data (structured-clone safe), shared by the
 * pure scan core (./scan-stream.ts), the Web Worker that runs it and the page that shows it; the
 * protocol and its runtime guards are in src/check/scan-protocol.ts.
 */
import type { Verdict } from '../engine';
import type { ShopSummary } from '../shared/messages';
import type { ExportErrorCode, ExportFormat, ExportMessage } from './types';

/**
 * Flagged messages a scan hands over in full. The ones after are counted, not kept: a 61 KB zip
 * could flag 338 000 messages and make the page (or the CLI) hold 1 GB of them. The page and the
 * CLI say how many more there were.
 */
export const MAX_KEPT_FLAGGED = 1000;

export interface FlaggedExportMessage {
  message: ExportMessage;
  verdict: Verdict;
  /**
   * The exact text the verdict's spans index into: `message.text`, followed (Telegram only) by the
   * link targets hidden behind anchor text, one per line. Highlight spans in this string.
   */
  scannedText: string;
}

/** A date decided only at the end (WhatsApp day/month order inferred from the whole file). */
export interface DateFix {
  /** `message.index` of a message already sent in a 'progress' event. */
  index: number;
  date: string | null;
}

export type ScanErrorCode = ExportErrorCode | 'too-large' | 'unreadable' | 'bad-rules' | 'internal';

export type ScanEvent =
  /**
   * Once, first: the file is recognised. `warnings` are the ones known already (also in 'done').
   * `totalBytes` is what will be read: the file size(s), or for a zip the unzipped size of the chat
   * inside it (progress counts in the same unit).
   */
  | { type: 'read'; chatName: string | null; format: ExportFormat; warnings: string[]; totalBytes: number }
  /**
   * Zero or more, at most about every 100 ms (sooner for the first flagged message). Counters are
   * running totals and never go down; `found` holds only the flagged messages NEW since the last
   * event, in file order. `flagged` counts every flagged message; only the first MAX_KEPT_FLAGGED
   * (scan-stream.ts) come in `found`, the others are counted only.
   */
  | {
      type: 'progress';
      messages: number;
      bytesDone: number;
      totalBytes: number;
      flagged: number;
      found: FlaggedExportMessage[];
    }
  /**
   * Last event of a successful scan. `warnings` is the complete list (plain language, never
   * message text). `dateFixes` corrects the `date` of messages already sent (usually empty).
   * `chatName` is final (a WhatsApp iOS chat may only be named by its first line). `shop` is the
   * chat-level verdict on the whole export (issue 15): null when it does not look like a shop,
   * absent when it was not asked for (the setting is off, or the rules have no chat section).
   */
  | {
      type: 'done';
      messages: number;
      flagged: number;
      ms: number;
      warnings: string[];
      dateFixes: DateFix[];
      chatName: string | null;
      shop?: ShopSummary | null;
    }
  /** Last event of a failed scan. `detail` is a sentence for the user (no message text). */
  | { type: 'error'; code: ScanErrorCode; detail: string; limitBytes?: number };
