/**
 * The factual summary "Prepare a report" copies to the clipboard, for the user to paste into an
 * official form. Built only when the user clicks; never stored, never sent.
 */

import { categoryKey } from '../shared/labels';
import type { ClientId, FlaggedItem, TabSummary } from '../shared/messages';
import type { Translator } from '../shared/settings/i18n';

export const PLATFORM_NAMES: Record<ClientId, string> = {
  'telegram-k': 'Telegram Web (K)',
  'telegram-a': 'Telegram Web (A)',
  whatsapp: 'WhatsApp Web',
  snapchat: 'Snapchat for Web',
};

export function formatDateTime(ms: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(ms));
}

export function reasonsText(item: FlaggedItem, lang: 'en' | 'fr'): string {
  return item.reasons.map((r) => r.text[lang]).join(' + ');
}

export function buildReportText(
  summary: Pick<TabSummary, 'client' | 'chat'>,
  item: FlaggedItem,
  tr: Translator,
  now: number,
  /** Overrides the name derived from the web client: a chat export says what kind of export. */
  platformName?: string,
): string {
  const { t, lang } = tr;
  const lines = [
    t('report_heading'),
    '',
    `${t('report_platform')}: ${platformName ?? (summary.client ? PLATFORM_NAMES[summary.client] : t('report_unknown'))}`,
    `${t('report_chat')}: ${summary.chat.title ?? t('report_unknown')}`,
  ];
  if (summary.chat.publicLink) lines.push(`${t('report_public_link')}: ${summary.chat.publicLink}`);
  lines.push(
    `${t('report_message_time')}: ${item.time === null ? t('report_time_not_shown') : formatDateTime(item.time, lang)}`,
  );
  if (item.sender) lines.push(`${t('report_sender')}: ${item.sender}`);
  lines.push(`${t('report_copied_at')}: ${formatDateTime(now, lang)}`);
  lines.push('', `${t('report_message')}:`, item.excerpt, '');
  lines.push(
    `${t('report_why')}: ${t(categoryKey(item.category))}, ${t(`level_${item.level}`)} — ${reasonsText(item, lang)}`,
  );
  lines.push('', t('report_disclaimer'));
  return lines.join('\n');
}
