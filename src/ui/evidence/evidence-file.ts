/**
 * "Keep evidence", the file: from what the capture took (./capture.ts) to the zip the user saves
 * (src/shared/evidence: evidence.html, evidence.txt, screenshot.png, message.png, SHA256SUMS).
 * The document says what was seen, why Vigie flagged it, when it was captured (with the zone),
 * and what to do with it: the organisation's contact, the country's official channels and the
 * platform's own, from the reporting catalogue, in recommended order.
 */
import {
  buildEvidencePackage,
  type ChatVerdictEvidence,
  chatEvidenceDocument,
  type EvidenceContext,
  type EvidenceDocument,
  type EvidenceImage,
  type MessageEvidence,
  messageEvidenceDocument,
  type PackageFile,
} from '../../shared/evidence';
import type { FlaggedItem, MessageFacts, TabSummary } from '../../shared/messages';
import { defaultContext, type ReportingChannel, selectChannels } from '../../shared/reporting';
import type { Country } from '../../shared/settings/catalog';
import type { Translator } from '../../shared/settings/i18n';
import type { ReportingContact } from '../../shared/settings/policy';
import { platformOf } from '../report-panel';
import { PLATFORM_NAMES } from '../report-text';
import type { EvidenceTake } from './capture';

export type EvidenceSubject =
  | { kind: 'message'; item: FlaggedItem }
  /** The chat-level verdict; `items` are the popup's flagged messages (their reasons, category). */
  | { kind: 'chat'; verdict: ChatVerdictEvidence; items: readonly FlaggedItem[] };

export interface EvidenceFileContext {
  summary: Pick<TabSummary, 'client' | 'rulesVersion'>;
  country: Country;
  contact: ReportingContact | null;
  tr: Translator;
  vigieVersion: string;
  timeZone: string;
  subtle: SubtleCrypto;
}

export interface EvidenceFile {
  name: string;
  zip: Uint8Array;
  /** The files inside, SHA256SUMS last. */
  files: string[];
  withImages: boolean;
  /** The message ran off the screen: its cropped image shows the visible part only. */
  clipped: boolean;
  /** Where to report, in recommended order (official channels, then the platform's own). */
  channels: ReportingChannel[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "vigie-evidence-2026-12-05-140327.zip", in the device's local time. */
export function evidenceFileName(ms: number): string {
  const d = new Date(ms);
  return (
    `vigie-evidence-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}.zip`
  );
}

/** The channels the file and the popup name for this subject. */
export function evidenceChannels(
  subject: EvidenceSubject,
  publicLink: string | null,
  ctx: Pick<EvidenceFileContext, 'summary' | 'country'>,
): ReportingChannel[] {
  const category = subject.kind === 'message' ? subject.item.category : subject.verdict.categories[0];
  if (!category) return [];
  return selectChannels({
    country: ctx.country,
    category,
    context: defaultContext(publicLink),
    platform: platformOf(ctx.summary.client),
  }).channels;
}

function asMessageEvidence(facts: MessageFacts, item: FlaggedItem): MessageEvidence {
  // Sender and time as the page shows them now (the content script's view), the text as read.
  return {
    item: { ...item, sender: facts.sender, time: facts.time },
    text: facts.text,
    matched: facts.matched,
  };
}

export async function buildEvidenceFile(
  take: Exclude<EvidenceTake, { kind: 'failed' }>,
  subject: EvidenceSubject,
  ctx: EvidenceFileContext,
): Promise<EvidenceFile> {
  const { t } = ctx.tr;
  const { page } = take;
  const channels = evidenceChannels(subject, page.chat.publicLink, ctx);
  const pngs: PackageFile[] = [];
  const images: EvidenceImage[] = [];
  let clipped = false;
  if (take.kind === 'captured') {
    const { screenshot, message } = take.images;
    pngs.push({ name: 'screenshot.png', bytes: screenshot.bytes });
    images.push({
      file: 'screenshot.png',
      alt: t('evidence_image_tab_alt'),
      caption: t('evidence_image_tab_caption'),
      width: screenshot.width,
      height: screenshot.height,
    });
    if (message) {
      clipped = message.clipped;
      pngs.push({ name: 'message.png', bytes: message.bytes });
      images.push({
        file: 'message.png',
        alt: t('evidence_image_message_alt'),
        caption: t(message.clipped ? 'evidence_image_message_clipped' : 'evidence_image_message_caption'),
        width: message.width,
        height: message.height,
      });
    }
  }
  const evidenceCtx: EvidenceContext = {
    platform: ctx.summary.client ? PLATFORM_NAMES[ctx.summary.client] : t('report_unknown'),
    chatTitle: page.chat.title,
    publicLink: page.chat.publicLink,
    pageUrl: page.pageUrl,
    capturedAt: take.capturedAt,
    timeZone: ctx.timeZone,
    blur: page.blur,
    images: take.kind === 'captured' ? images : null,
    captureProblem: take.kind === 'refused' ? t(`evidence_problem_${take.problem}`) : null,
    vigieVersion: ctx.vigieVersion,
    rulesVersion: ctx.summary.rulesVersion,
    channels,
    contact: ctx.contact,
  };
  let doc: EvidenceDocument;
  if (subject.kind === 'message') {
    const facts = take.messages.find((m) => m.key === subject.item.key);
    if (!facts) throw new Error('the page did not return this message');
    doc = messageEvidenceDocument(asMessageEvidence(facts, subject.item), evidenceCtx, ctx.tr);
  } else {
    const byKey = new Map(subject.items.map((it) => [it.key, it]));
    const messages = take.messages.flatMap((facts) => {
      const item = byKey.get(facts.key);
      return item ? [asMessageEvidence(facts, item)] : [];
    });
    doc = chatEvidenceDocument(subject.verdict, messages, evidenceCtx, ctx.tr);
  }
  const pack = await buildEvidencePackage(doc, pngs, ctx.subtle, new Date(take.capturedAt));
  return {
    name: evidenceFileName(take.capturedAt),
    zip: pack.zip,
    files: pack.files,
    withImages: take.kind === 'captured',
    clipped,
    channels,
  };
}
