/**
 * The export readers note what they read with doubt or skipped, as English sentences (the CLI
 * prints them as they are). The page says the known ones in the UI language; an unknown one is
 * shown as written, marked as English.
 */
import type { Translator } from '../shared/settings/i18n';

const KNOWN: readonly [RegExp, string][] = [
  [/^Only the first of (\d+) files was read/, 'check_note_one_file'],
  [/^(\d+) media-only message\(s\) skipped/, 'check_note_media'],
  [/^(\d+) service or media-only message\(s\) skipped/, 'check_note_service'],
  [/^(\d+) system or deleted message\(s\) skipped/, 'check_note_system'],
  [/^(\d+) message\(s\) have no sender/, 'check_note_no_sender'],
  [/^(\d+) chats in this export/, 'check_note_chats'],
  [/can be read day\/month or month\/day/, 'check_note_ambiguous_dates'],
  [/^(\d+) message date\(s\) are impossible/, 'check_note_bad_dates'],
  [/^(\d+) message\(s\) longer than (\d+) characters were checked/, 'check_note_cut'],
];

export interface Note {
  text: string;
  /** 'en' when the note could not be translated (shown as the reader wrote it). */
  lang: 'en' | null;
  key: string | null;
}

export function noteText(warning: string, t: Translator['t']): Note {
  for (const [pattern, key] of KNOWN) {
    const m = pattern.exec(warning);
    if (m) return { text: t(key, ...m.slice(1)), lang: null, key };
  }
  return { text: warning, lang: 'en', key: null };
}

/** The file's dates could be read both ways: the user has to choose the order. */
export const isAmbiguousDates = (warning: string) =>
  noteText(warning, (k) => k).key === 'check_note_ambiguous_dates';
