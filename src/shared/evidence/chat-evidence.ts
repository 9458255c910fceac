/**
 * The evidence document for a whole chat (issue 15's chat-level verdict: "this chat looks like a
 * shop"), built like the message document: what was seen (platform, chat, link, page address, how
 * many messages were read and flagged, from when to when), the verdict in plain words, then each
 * flagged message with its sender, time, category, reasons and text exactly as read, and the
 * parts every evidence file shares (capture time with zone, images, what to do, versions, note).
 *
 * The verdict's own words come from whoever computed it (the popup's banner); this module only
 * lays them out. Pure: strings from a Translator, the zone and clock values given.
 */
import type { Category } from '../../engine/types';
import type { Translator } from '../settings/i18n';
import type { EvidenceDocument, EvidenceSection } from './document';
import {
  categoryLabel,
  commonSections,
  type EvidenceContext,
  formatTime,
  levelLabel,
  type MessageEvidence,
  whereSeenRows,
} from './message-evidence';

export interface ChatVerdictEvidence {
  /** The verdict's plain-words lines, as the banner shows them. */
  reasons: readonly string[];
  /** The shop's categories, main one first. */
  categories: readonly Category[];
  /** Messages read in this chat, and how many support the verdict. */
  read: number;
  supporting: number;
  /**
   * The listings' time range as the page shows it (the banner's, which counts listings under the
   * message threshold too); when absent, the range of the flagged messages laid out below.
   */
  firstTime?: number | null;
  lastTime?: number | null;
}

export function chatEvidenceDocument(
  verdict: ChatVerdictEvidence,
  messages: readonly MessageEvidence[],
  ctx: EvidenceContext,
  tr: Translator,
): EvidenceDocument {
  const { t, lang } = tr;
  const seen = whereSeenRows(ctx, tr);
  seen.push(
    [t('evidence_chat_read'), String(verdict.read)],
    [t('evidence_chat_supporting'), String(verdict.supporting)],
    [t('evidence_chat_flagged'), String(messages.length)],
  );
  const times =
    verdict.firstTime != null && verdict.lastTime != null
      ? [verdict.firstTime, verdict.lastTime]
      : messages.flatMap((m) => (m.item.time === null ? [] : [m.item.time]));
  if (times.length > 0) {
    seen.push([
      t('evidence_chat_range'),
      t(
        'evidence_chat_range_value',
        formatTime(Math.min(...times), ctx.timeZone, lang),
        formatTime(Math.max(...times), ctx.timeZone, lang),
      ),
    ]);
  }
  const perMessage: EvidenceSection[] = messages.flatMap((m, i) => {
    const { item } = m;
    const heading = t('evidence_chat_message', i + 1);
    const rows: [string, string][] = [
      [t('report_sender'), item.sender ?? t('report_unknown')],
      [
        t('report_message_time'),
        item.time === null ? t('report_time_not_shown') : formatTime(item.time, ctx.timeZone, lang),
      ],
      [t('evidence_category'), categoryLabel(item.category, tr)],
      [t('evidence_level'), levelLabel(item.level, tr)],
      [t('evidence_reasons'), item.reasons.map((r) => r.text[lang]).join(' + ')],
    ];
    if (m.matched.length > 0) rows.push([t('evidence_matched'), m.matched.join(', ')]);
    return [
      { kind: 'facts', heading, rows },
      { kind: 'text', heading: t('evidence_chat_message_text', i + 1), text: m.text },
    ];
  });
  return {
    lang,
    title: t('evidence_chat_title'),
    subtitle: t('evidence_subtitle'),
    sections: [
      { kind: 'facts', heading: t('evidence_seen_heading'), rows: seen },
      {
        kind: 'facts',
        heading: t('evidence_chat_verdict_heading'),
        rows: [
          [t('evidence_chat_categories'), verdict.categories.map((c) => categoryLabel(c, tr)).join(', ')],
        ],
      },
      { kind: 'list', heading: t('evidence_reasons'), items: verdict.reasons },
      ...perMessage,
      ...commonSections(ctx, tr),
    ],
  };
}
