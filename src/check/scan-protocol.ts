/**
 * "Check an exported chat": the contract between the page and the scan that runs in a Web Worker.
 *
 * How the page uses it (everything stays on the device: nothing is uploaded, stored or logged):
 *
 *   import { startScan } from './scan-job';
 *   import { loadRulesJson } from './rules-json';
 *   const job = startScan(
 *     {
 *       files: [...input.files].map((f) => ({ name: f.name, blob: f })), // a File is a Blob
 *       dayFirst: 'auto',            // or true (dd/mm) / false (mm/dd): re-run the scan to change it
 *       sensitivity: 'normal',
 *       categories: undefined,       // all categories
 *       bundleJson: await loadRulesJson(),
 *     },
 *     (event) => { ... },            // ScanEvent, below; called asynchronously, never after 'done'/'error'
 *   );
 *   job.cancel();                    // stops the worker at once; no event follows
 *
 * Events, in order: one 'read' → any number of 'progress' → exactly one 'done' or 'error'
 * ('error' may also come first, e.g. a truncated zip). 'progress' counters never go down and its
 * `found` lists only the flagged messages new since the previous event, so the page appends them.
 * 'done' may carry `dateFixes` for messages already shown (WhatsApp day/month order decided from
 * the whole file) and the final `chatName`. Highlight `verdict.reasons[].spans` in `scannedText`.
 *
 * Limits: WhatsApp .txt (and the chat inside a .zip) is streamed, any size; Telegram result.json
 * and messages*.html are read whole, up to MAX_WHOLE_BYTES of bytes really read or inflated (else
 * an 'error' with code 'too-large' and `limitBytes`). A zip entry that inflates past its declared
 * size, or a zip inside the zip, is refused. Each message is read up to 16 384 characters; the
 * first MAX_KEPT_FLAGGED flagged messages come in `found`, the others only in the `flagged` count.
 *
 * Every message crossing the worker boundary is checked with the guards below: the worker accepts
 * only a valid WorkerRequest, and the page passes on only a valid ScanEvent (anything else becomes
 * an 'internal' error).
 */
import { CATEGORIES, type Category, type Sensitivity, SIGNAL_KINDS, type Verdict } from '../engine';
import type { DateFix, FlaggedExportMessage, ScanErrorCode, ScanEvent } from '../exports/scan-events';
import type { ExportMessage } from '../exports/types';
import { isShopSummary } from '../shared/shop-summary';

export type { DateFix, FlaggedExportMessage, ScanErrorCode, ScanEvent };

/** Telegram JSON/HTML files are read whole: above this total size the scan is refused. */
export const MAX_WHOLE_BYTES = 100 * 1024 * 1024;

export interface ScanFile {
  name: string;
  blob: Blob;
}

export interface ScanRequest {
  /** One export: a WhatsApp .txt or .zip, a Telegram result.json, or all messages*.html pages. */
  files: ScanFile[];
  dayFirst: boolean | 'auto';
  sensitivity: Sensitivity;
  /** Categories to report; undefined = all. */
  categories?: Category[];
  /** Text of the rule bundle (see ./rules-json.ts). */
  bundleJson: string;
  /** The chat-level verdict on the whole export ("looks like a shop"); undefined = on, the default. */
  shopVerdict?: boolean;
}

/** Page → worker: the only message the worker accepts (it runs one scan, then is terminated). */
export interface WorkerRequest {
  type: 'scan';
  request: ScanRequest;
}

// ---------------------------------------------------------------- guards

const SENSITIVITIES: readonly string[] = ['low', 'normal', 'high'];
const LEVELS: readonly string[] = ['none', 'low', 'medium', 'high'];
const FORMATS: readonly string[] = ['whatsapp', 'telegram-json', 'telegram-html'];
const ERROR_CODES: readonly string[] = [
  'not-a-chat-export',
  'truncated-zip',
  'unknown-format',
  'unknown-locale',
  'empty',
  'too-large',
  'unreadable',
  'bad-rules',
  'internal',
] satisfies ScanErrorCode[];

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function isNullableString(v: unknown): v is string | null {
  return v === null || typeof v === 'string';
}

function isCategory(v: unknown): v is Category {
  return typeof v === 'string' && (CATEGORIES as readonly string[]).includes(v);
}

export function isScanRequest(v: unknown): v is ScanRequest {
  if (!isObject(v)) return false;
  const files = v.files;
  return (
    Array.isArray(files) &&
    files.length > 0 &&
    files.length <= 10_000 &&
    files.every((f) => isObject(f) && typeof f.name === 'string' && f.blob instanceof Blob) &&
    (v.dayFirst === true || v.dayFirst === false || v.dayFirst === 'auto') &&
    typeof v.sensitivity === 'string' &&
    SENSITIVITIES.includes(v.sensitivity) &&
    (v.categories === undefined || (Array.isArray(v.categories) && v.categories.every(isCategory))) &&
    typeof v.bundleJson === 'string' &&
    (v.shopVerdict === undefined || typeof v.shopVerdict === 'boolean')
  );
}

export function isWorkerRequest(v: unknown): v is WorkerRequest {
  return isObject(v) && v.type === 'scan' && isScanRequest(v.request);
}

function isSpan(v: unknown): boolean {
  return Array.isArray(v) && v.length === 2 && isCount(v[0]) && isCount(v[1]) && v[0] <= v[1];
}

export function isVerdict(v: unknown): v is Verdict {
  return (
    isObject(v) &&
    typeof v.flagged === 'boolean' &&
    (v.category === null || isCategory(v.category)) &&
    typeof v.score === 'number' &&
    Number.isFinite(v.score) &&
    typeof v.level === 'string' &&
    LEVELS.includes(v.level) &&
    Array.isArray(v.reasons) &&
    v.reasons.every(
      (r) =>
        isObject(r) &&
        typeof r.ruleId === 'string' &&
        typeof r.kind === 'string' &&
        (SIGNAL_KINDS as readonly string[]).includes(r.kind) &&
        (r.category === null || isCategory(r.category)) &&
        typeof r.weight === 'number' &&
        typeof r.explain === 'string' &&
        Array.isArray(r.spans) &&
        r.spans.every(isSpan),
    )
  );
}

export function isExportMessage(v: unknown): v is ExportMessage {
  return (
    isObject(v) &&
    isCount(v.index) &&
    isNullableString(v.sender) &&
    isNullableString(v.date) &&
    typeof v.text === 'string' &&
    typeof v.ref === 'string' &&
    (v.links === undefined || isStringArray(v.links))
  );
}

export function isFlaggedExportMessage(v: unknown): v is FlaggedExportMessage {
  if (!isObject(v) || !isExportMessage(v.message) || !isVerdict(v.verdict)) return false;
  const text = v.scannedText;
  // Spans must fall inside the text they highlight.
  return (
    typeof text === 'string' && v.verdict.reasons.every((r) => r.spans.every(([, end]) => end <= text.length))
  );
}

function isDateFix(v: unknown): v is DateFix {
  return isObject(v) && isCount(v.index) && isNullableString(v.date);
}

export function isScanEvent(v: unknown): v is ScanEvent {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'read':
      return (
        isNullableString(v.chatName) &&
        typeof v.format === 'string' &&
        FORMATS.includes(v.format) &&
        isStringArray(v.warnings) &&
        isCount(v.totalBytes)
      );
    case 'progress':
      return (
        isCount(v.messages) &&
        isCount(v.bytesDone) &&
        isCount(v.totalBytes) &&
        isCount(v.flagged) &&
        Array.isArray(v.found) &&
        v.found.length <= v.flagged &&
        v.found.every(isFlaggedExportMessage)
      );
    case 'done':
      return (
        isCount(v.messages) &&
        isCount(v.flagged) &&
        typeof v.ms === 'number' &&
        v.ms >= 0 &&
        isStringArray(v.warnings) &&
        Array.isArray(v.dateFixes) &&
        v.dateFixes.every(isDateFix) &&
        isNullableString(v.chatName) &&
        (v.shop === undefined || v.shop === null || isShopSummary(v.shop))
      );
    case 'error':
      return (
        typeof v.code === 'string' &&
        ERROR_CODES.includes(v.code) &&
        typeof v.detail === 'string' &&
        (v.limitBytes === undefined || isCount(v.limitBytes))
      );
    default:
      return false;
  }
}
