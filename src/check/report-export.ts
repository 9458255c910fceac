/**
 * The short report of a check, for an official complaint: plain text (no markup, so no message
 * text can ever be read as HTML), downloaded through a Blob URL only when the user clicks.
 * Nothing is stored: the Blob URL is revoked right after the download starts.
 */
import { MAX_KEPT_FLAGGED } from '../exports/scan-events';
import type { ExportFormat } from '../exports/types';
import { categoryKey, levelKey } from '../shared/labels';
import type { Translator } from '../shared/settings/i18n';
import { reasonsText } from '../ui/report-text';
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
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(
    new Date(report.checkedAt),
  );
  const lines = [
    t('check_report_heading'),
    t('check_report_subheading'),
    '',
    line(t('check_report_date'), when),
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
  if (report.items.length === 0) lines.push('', t('check_empty_title'));
  lines.push('', t('check_disclaimer'));
  if (report.items.length > 0) lines.push(t('check_report_keep_file'));
  lines.push(t('check_report_privacy'));
  return `${lines.join('\n')}\n`;
}

/** "vigie-report-2026-11-28.txt", from the check date in the user's time zone. */
export function reportFileName(checkedAt: number): string {
  const d = new Date(checkedAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `vigie-report-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.txt`;
}

const REVOKE_AFTER_MS = 10_000;

/** Starts a download of `text` as a UTF-8 .txt file; must run inside the click handler. */
export function downloadText(text: string, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  // Not revoked at once: Firefox may still be reading the Blob when click() returns. The text
  // stays in this page's memory only, and only for these few seconds.
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
