/**
 * The one shape every chat-export reader returns, and the one error type they throw. Pure: no DOM,
 * no Node and no browser API, so the same readers run in an extension page and in the CLI.
 */

export type ExportFormat = 'whatsapp' | 'telegram-json' | 'telegram-html';

export interface ExportMessage {
  /** Position among the returned messages, from 0. */
  index: number;
  /** Display name (or phone number) as the export wrote it; null when the export does not say. */
  sender: string | null;
  /**
   * ISO 8601. WhatsApp writes local wall-clock time with no zone, so its dates carry no offset
   * ("2025-03-12T11:02:17"); Telegram JSON gives Unix time ("…Z"); Telegram HTML gives "+01:00"
   * when the exporting app wrote the offset. Null when the date could not be read with certainty.
   */
  date: string | null;
  text: string;
  /** Where to find the message in the original file, for a report: "line 4", "message 12". */
  ref: string;
  /** Link targets hidden behind anchor text (Telegram), which the visible text does not show. */
  links?: string[];
}

export interface ChatExport {
  format: ExportFormat;
  chatName: string | null;
  messages: ExportMessage[];
  /** Plain-language notes about things read with doubt or skipped (never message text). */
  warnings: string[];
}

export interface ExportFile {
  name: string;
  data: Uint8Array | string;
}

export interface ReadOptions {
  /**
   * WhatsApp dates: true = day/month/year, false = month/day/year, 'auto' (default) = infer from
   * the file; when the file cannot tell, dates are left null and a warning says so.
   */
  dayFirst?: boolean | 'auto';
}

export type ExportErrorCode =
  | 'not-a-chat-export'
  | 'truncated-zip'
  | 'unknown-format'
  | 'unknown-locale'
  | 'empty';

/** Bad input, with a message meant for the person who picked the file. */
export class ExportError extends Error {
  readonly code: ExportErrorCode;
  constructor(code: ExportErrorCode, message: string) {
    super(message);
    this.name = 'ExportError';
    this.code = code;
  }
}
