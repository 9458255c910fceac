/**
 * The evidence document for one flagged message seen in a chat page: what was seen (platform,
 * chat, page address, sender and time as shown, the text exactly as read), why Vigie flagged it,
 * when it was captured (with the time zone), the images, the versions, the "warning, not a
 * verdict" note, and what to do with the file (the country's official channels, attach the
 * images, do not contact or pay the seller, do not forward the content).
 *
 * Pure: strings come from a Translator, the time zone and clock values are given.
 */
import type { Category, Level } from '../../engine/types';
import { categoryKey } from '../labels';
import type { FlaggedItem } from '../messages';
import type { ReportingChannel } from '../reporting/types';
import type { Translator } from '../settings/i18n';
import type { ReportingContact } from '../settings/policy';
import { captureTime } from './capture-time';
import type { EvidenceDocument, EvidenceImage, EvidenceSection } from './document';

export interface EvidenceContext {
  /** The platform's display name, e.g. "Telegram Web (K)". */
  platform: string;
  chatTitle: string | null;
  publicLink: string | null;
  /** The page address at capture (WhatsApp's never names the chat; Telegram's may). */
  pageUrl: string | null;
  capturedAt: number;
  timeZone: string;
  /** The blur option was on: the images show the message as the user chose to see it. */
  blur: boolean;
  /** The images taken, or null when the capture was refused (then `captureProblem` says why). */
  images: readonly EvidenceImage[] | null;
  captureProblem: string | null;
  vigieVersion: string;
  rulesVersion: number | null;
  /** The country's official channels (and the platform's own), in recommended order. */
  channels: readonly ReportingChannel[];
  /** The organisation's own reporting contact (policy), named first when there is one. */
  contact?: ReportingContact | null;
}

export interface MessageEvidence {
  item: FlaggedItem;
  /** The whole message text exactly as Vigie read it (not the popup's excerpt). */
  text: string;
  /** The words the reasons matched, as they appear in the text. */
  matched: readonly string[];
}

export function categoryLabel(category: Category, tr: Translator): string {
  return tr.t(categoryKey(category));
}

/** The bare level ("medium"): the row's label already says "Level" (the popup's "Level: medium" would repeat it). */
export function levelLabel(level: Level, tr: Translator): string {
  return tr.t(`evidence_level_${level}`);
}

export function formatTime(ms: number, timeZone: string, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { timeZone, dateStyle: 'long', timeStyle: 'short' }).format(ms);
  } catch {
    return new Date(ms).toISOString();
  }
}

/** "PHAROS — https://…" / "17 (Police)": one line per channel, in the UI language. */
export function channelLines(channels: readonly ReportingChannel[], lang: 'en' | 'fr'): string[] {
  return channels.map((ch) => {
    const where = ch.url ?? (ch.phone ? ch.phone.display : (ch.steps?.[lang] ?? []).join(' → '));
    return where ? `${ch.name[lang]} — ${where}` : ch.name[lang];
  });
}

/** "Name — https://…" for the organisation's contact, with its phone when it has one. */
export function contactLine(contact: ReportingContact): string {
  return [contact.name, contact.url, contact.phone].filter(Boolean).join(' — ');
}

/** Capture, what to do, versions and the note: the parts every kind of evidence shares. */
export function commonSections(ctx: EvidenceContext, tr: Translator): EvidenceSection[] {
  const { t, lang } = tr;
  const when = captureTime(ctx.capturedAt, ctx.timeZone, lang);
  const sections: EvidenceSection[] = [
    {
      kind: 'facts',
      heading: t('evidence_capture_heading'),
      rows: [
        [t('evidence_captured_at'), when.readable],
        [t('evidence_captured_iso'), when.iso],
        [t('evidence_time_zone'), when.timeZone],
      ],
    },
  ];
  if (ctx.images && ctx.images.length > 0) {
    sections.push({
      kind: 'images',
      heading: t('evidence_images_heading'),
      images: ctx.images,
      note: ctx.blur ? t('evidence_blur_note') : null,
    });
  } else {
    sections.push({
      kind: 'note',
      heading: t('evidence_images_heading'),
      paragraphs: [t('evidence_no_images', ctx.captureProblem ?? t('report_unknown'))],
    });
  }
  sections.push(
    {
      kind: 'note',
      heading: t('evidence_next_heading'),
      paragraphs: [
        ...(ctx.contact ? [t('evidence_next_org', contactLine(ctx.contact))] : []),
        t('evidence_next_report'),
        ...channelLines(ctx.channels, lang),
        t('evidence_next_attach'),
        t('evidence_next_no_contact'),
        t('evidence_next_no_forward'),
      ],
    },
    {
      kind: 'facts',
      heading: t('evidence_about_heading'),
      rows: [
        [t('evidence_vigie_version'), ctx.vigieVersion],
        [
          t('evidence_rules_version'),
          ctx.rulesVersion === null ? t('report_unknown') : String(ctx.rulesVersion),
        ],
      ],
    },
    {
      kind: 'note',
      heading: t('evidence_note_heading'),
      paragraphs: [t('evidence_not_verdict'), t('evidence_local')],
    },
  );
  return sections;
}

/** The first rows of "What was seen", alike for a message and for a whole chat: where it was. */
export function whereSeenRows(ctx: EvidenceContext, { t }: Translator): [string, string][] {
  const rows: [string, string][] = [
    [t('report_platform'), ctx.platform],
    [t('report_chat'), ctx.chatTitle ?? t('report_unknown')],
  ];
  if (ctx.publicLink) rows.push([t('report_public_link'), ctx.publicLink]);
  if (ctx.pageUrl) rows.push([t('evidence_page_url'), ctx.pageUrl]);
  return rows;
}

export function messageEvidenceDocument(
  ev: MessageEvidence,
  ctx: EvidenceContext,
  tr: Translator,
): EvidenceDocument {
  const { t, lang } = tr;
  const { item } = ev;
  const seen = whereSeenRows(ctx, tr);
  seen.push(
    [t('report_sender'), item.sender ?? t('report_unknown')],
    [
      t('report_message_time'),
      item.time === null ? t('report_time_not_shown') : formatTime(item.time, ctx.timeZone, lang),
    ],
  );
  const why: EvidenceSection[] = [
    {
      kind: 'facts',
      heading: t('report_why'),
      rows: [
        [t('evidence_category'), categoryLabel(item.category, tr)],
        [t('evidence_level'), levelLabel(item.level, tr)],
      ],
    },
    { kind: 'list', heading: t('evidence_reasons'), items: item.reasons.map((r) => r.text[lang]) },
  ];
  if (ev.matched.length > 0) why.push({ kind: 'list', heading: t('evidence_matched'), items: ev.matched });
  return {
    lang,
    title: t('evidence_title'),
    subtitle: t('evidence_subtitle'),
    sections: [
      { kind: 'facts', heading: t('evidence_seen_heading'), rows: seen },
      { kind: 'text', heading: t('evidence_text_heading'), text: ev.text },
      ...why,
      ...commonSections(ctx, tr),
    ],
  };
}
