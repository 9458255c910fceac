/**
 * The factual summary "Prepare a report" copies to the clipboard, for the user to paste into an
 * official form. Built only when the user clicks; never stored, never sent.
 */

import { categoryKey } from '../shared/labels';
import type { ClientId, FlaggedItem, ShopSummary, TabSummary } from '../shared/messages';
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

/**
 * The chat-level summary a reporting form asks about a channel (issue 15): that the chat looks
 * like a shop, its categories, how many listings among the messages read, the time range shown,
 * and why. Counts and the reasons' words only: no message text.
 */
export function shopReportLines(shop: ShopSummary, tr: Translator): string[] {
  const { t, lang } = tr;
  const lines = [
    `${t('report_shop_heading')}:`,
    t('report_shop_verdict'),
    `${t('report_shop_categories')}: ${shop.categories.map((c) => t(categoryKey(c))).join(', ')}`,
    t('report_shop_listings', shop.listings, shop.read),
    shop.firstTime !== null && shop.lastTime !== null
      ? t('report_shop_range', formatDateTime(shop.firstTime, lang), formatDateTime(shop.lastTime, lang))
      : t('report_shop_range_unknown'),
  ];
  if (shop.reasons.length > 0)
    lines.push(`${t('report_shop_why')}: ${shop.reasons.map((r) => r.text[lang]).join('; ')}`);
  return lines;
}

function headerLines(
  summary: Pick<TabSummary, 'client' | 'chat'>,
  tr: Translator,
  platformName: string | undefined,
): string[] {
  const { t } = tr;
  const lines = [
    t('report_heading'),
    '',
    `${t('report_platform')}: ${platformName ?? (summary.client ? PLATFORM_NAMES[summary.client] : t('report_unknown'))}`,
    `${t('report_chat')}: ${summary.chat.title ?? t('report_unknown')}`,
  ];
  if (summary.chat.publicLink) lines.push(`${t('report_public_link')}: ${summary.chat.publicLink}`);
  return lines;
}

/**
 * The report about a whole chat that looks like a shop (the popup's banner, the check page's
 * verdict on an export): the chat, when it was copied, and the chat-level summary.
 */
export function buildShopReportText(
  summary: Pick<TabSummary, 'client' | 'chat'>,
  shop: ShopSummary,
  tr: Translator,
  now: number,
  platformName?: string,
): string {
  const { t, lang } = tr;
  const lines = headerLines(summary, tr, platformName);
  lines.push(`${t('report_copied_at')}: ${formatDateTime(now, lang)}`, '');
  lines.push(...shopReportLines(shop, tr));
  lines.push('', t('report_disclaimer'));
  return lines.join('\n');
}

export function buildReportText(
  summary: Pick<TabSummary, 'client' | 'chat' | 'shop'>,
  item: FlaggedItem,
  tr: Translator,
  now: number,
  /** Overrides the name derived from the web client: a chat export says what kind of export. */
  platformName?: string,
): string {
  const { t, lang } = tr;
  const lines = headerLines(summary, tr, platformName);
  lines.push(
    `${t('report_message_time')}: ${item.time === null ? t('report_time_not_shown') : formatDateTime(item.time, lang)}`,
  );
  if (item.sender) lines.push(`${t('report_sender')}: ${item.sender}`);
  lines.push(`${t('report_copied_at')}: ${formatDateTime(now, lang)}`);
  lines.push('', `${t('report_message')}:`, item.excerpt, '');
  lines.push(
    `${t('report_why')}: ${t(categoryKey(item.category))}, ${t(`level_${item.level}`)} — ${reasonsText(item, lang)}`,
  );
  // The chat as a whole looks like a shop: say so too, which is what a form asks about a channel.
  if (summary.shop) lines.push('', ...shopReportLines(summary.shop, tr));
  lines.push('', t('report_disclaimer'));
  return lines.join('\n');
}
