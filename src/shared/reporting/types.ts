/**
 * Shape of an official reporting channel. Channels are DATA (./channels.ts), chosen by a pure
 * selector (./select.ts); each one keeps the source it was checked against and when, so a
 * reviewer can re-check it and the link-checker test can refuse an entry without them.
 */
import type { Category } from '../../engine/types';
import type { Country } from '../settings/catalog';

/**
 * Where the listing was seen, which decides the right channel (service-public.fr F31979):
 * public content → PHAROS; a private chat → police / gendarmerie; a child at risk → child lines.
 */
export type ReportContext = 'public' | 'private' | 'child';
export const REPORT_CONTEXTS: readonly ReportContext[] = ['public', 'private', 'child'];

export type Platform = 'telegram' | 'whatsapp' | 'snapchat';

export interface Localised {
  en: string;
  fr: string;
}

export interface Phone {
  /** Digits to dial, with an optional leading "+": used in the tel: link. */
  dial: string;
  /** How the number is written locally. */
  display: string;
}

export interface ReportingChannel {
  id: string;
  /** A country's official channel, or a platform's own reporting ('platform'). */
  scope: { country: Country; region?: 'QC' } | { platform: Platform };
  name: Localised;
  /** One short sentence: what this channel is for. */
  purpose: Localised;
  url?: string;
  phone?: Phone;
  /** Short steps, for in-app reporting that has no URL. */
  steps?: { en: string[]; fr: string[] };
  /** An emergency number: shown apart, always visible when the category suggests danger. */
  emergency?: true;
  /** 'all' or the categories this channel handles. */
  categories: readonly Category[] | 'all';
  contexts: readonly ReportContext[];
  /** Where the entry was checked (an official page when verification is 'primary'). */
  source: string;
  /** ISO date (YYYY-MM-DD) the entry was last checked against its source. */
  checked: string;
  /** REPORTING.md marks: V = official/primary source, V2 = secondary source. R never ships. */
  verification: 'primary' | 'secondary';
}
