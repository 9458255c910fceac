/**
 * The report of a check, for an official complaint, saved as one zip like the evidence of a chat
 * page (src/shared/evidence): `report.txt` (plain text, no markup, so no message text can ever be
 * read as HTML) with the time of the check in the device's zone and as ISO 8601 with its offset,
 * and `SHA256SUMS` that `sha256sum -c` accepts. Built only when the user clicks, handed to the
 * browser's download, then dropped: nothing is stored.
 */
import { MAX_KEPT_FLAGGED } from '../exports/scan-events';
import type { ExportFormat } from '../exports/types';
import { captureTime, type EvidencePackage, packFiles } from '../shared/evidence';
import { categoryKey, levelKey } from '../shared/labels';
import type { ShopSummary } from '../shared/messages';
import type { Translator } from '../shared/settings/i18n';
import { reasonsText, shopReportLines } from '../ui/report-text';
import { type FoundItem, formatExportDate, refText } from './found-item';

export interface CheckReport {
  /** Unix ms of the end of the check. */
  checkedAt: number;
  fileName: string;
  chatName: string | null;
  format: ExportFormat | null;
  messages: number;
  /** The flagged messages kept (listed one by one). */
  items: FoundItem[];
  /** Every flagged message: more than `items` when the scan kept only the first ones. */
  flagged: number;
  vigieVersion: string | null;
  rulesVersion: number | null;
  /** The device's IANA time zone (default: the browser's), for the ISO time with its offset. */
  timeZone?: string;
  /** The chat-level verdict on the whole export, when it looks like a shop (issue 15). */
  shop?: ShopSummary | null;
}

export const FORMAT_KEYS: Record<ExportFormat, string> = {
  whatsapp: 'check_format_whatsapp',
  'telegram-json': 'check_format_telegram_json',
  'telegram-html': 'check_format_telegram_html',
};

function indent(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => `    ${line}`)
    .join('\n');
}

export function buildCheckReportText(report: CheckReport, tr: Translator): string {
  const { t, lang } = tr;
  // "Label: value", with French typography (a space before the colon) in French.
  const line = (label: string, value: string | number) => t('check_label_value', label, value);
  const zone = report.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const at = captureTime(report.checkedAt, zone, lang);
  let when: string;
  try {
    when = new Intl.DateTimeFormat(lang, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: at.timeZone,
    }).format(new Date(report.checkedAt));
  } catch {
    when = at.iso;
  }
  const lines = [
    t('check_report_heading'),
    t('check_report_subheading'),
    '',
    line(t('check_report_date'), when),
    // The same capture-time facts as an evidence file of a chat page.
    line(t('check_report_checked_iso'), at.iso),
    line(t('evidence_time_zone'), at.timeZone),
    line(t('check_report_file'), report.fileName),
    line(t('check_report_chat'), report.chatName ?? t('check_chat_unnamed')),
  ];
  if (report.format) lines.push(line(t('check_report_format'), t(FORMAT_KEYS[report.format])));
  lines.push(
    line(t('check_report_messages'), report.messages),
    line(t('check_report_flagged'), report.flagged),
    line(
      t('check_report_versions'),
      `${report.vigieVersion ?? t('report_unknown')} / ${report.rulesVersion ?? t('report_unknown')}`,
    ),
  );
  // The whole export looks like a shop: what a reporting form asks about a channel or group.
  if (report.shop) lines.push('', ...shopReportLines(report.shop, tr));
  report.items.forEach((found, i) => {
    const { item } = found;
    lines.push(
      '',
      `${i + 1}. ${t('check_report_message_title', refText(found.ref, t))}`,
      line(t('report_sender'), item.sender ?? t('report_unknown')),
      line(t('check_report_message_date'), formatExportDate(found.date, lang) ?? t('check_date_unknown')),
      line(t('check_report_category'), `${t(categoryKey(item.category))}, ${t(levelKey(item.level))}`),
      line(t('report_why'), reasonsText(item, lang) || t('item_no_reasons')),
    );
    if (found.matched.length > 0) lines.push(line(t('check_report_matched'), found.matched.join(', ')));
    lines.push(line(t('check_report_text'), '').trimEnd(), indent(found.text));
  });
  if (report.flagged > report.items.length)
    lines.push('', t('check_not_kept', report.flagged - report.items.length, MAX_KEPT_FLAGGED));
  if (report.items.length === 0 && !report.shop) lines.push('', t('check_empty_title'));
  lines.push('', t('check_disclaimer'));
  if (report.items.length > 0) lines.push(t('check_report_keep_file'));
  lines.push(t('check_report_sums'), t('check_report_privacy'));
  return `${lines.join('\n')}\n`;
}

/** "vigie-report-2026-11-28.zip", from the check date in the user's time zone. */
export function reportFileName(checkedAt: number): string {
  const d = new Date(checkedAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `vigie-report-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.zip`;
}

/** The name of the report inside the zip. */
export const REPORT_TEXT_NAME = 'report.txt';

/** report.txt and its SHA256SUMS, zipped, dated at the check. */
export function buildCheckReportZip(
  report: CheckReport,
  tr: Translator,
  subtle: SubtleCrypto,
): Promise<EvidencePackage> {
  const bytes = new TextEncoder().encode(buildCheckReportText(report, tr));
  return packFiles([{ name: REPORT_TEXT_NAME, bytes }], subtle, new Date(report.checkedAt));
}
