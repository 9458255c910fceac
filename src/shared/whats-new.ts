/**
 * "What's new" after an update, shown once, and only when something the user SEES changed: each
 * entry lists the message keys of its notes (public/_locales). A release that changes nothing
 * visible (a fix inside the engine, new rules) adds no entry, and the user is not interrupted.
 *
 *   runtime.onInstalled (reason "update", previousVersion) ──▶ notesBetween(previous, current)
 *     ──non-empty──▶ storage.local WHATS_NEW_KEY = { from, to } ──▶ popup and options show it
 *     until the user closes it (the key is removed).
 */

export const WHATS_NEW_KEY = 'whats-new@1';

export interface WhatsNewEntry {
  version: string;
  /** Message keys of the notes, in the order shown. */
  notes: readonly string[];
}

export interface PendingWhatsNew {
  from: string;
  to: string;
}

/** Newest first. */
export const WHATS_NEW: readonly WhatsNewEntry[] = [
  {
    version: '0.2.0',
    notes: [
      'whats_new_0_2_0_clients',
      'whats_new_0_2_0_shop',
      'whats_new_0_2_0_evidence',
      'whats_new_0_2_0_layout',
      'whats_new_0_2_0_lock',
    ],
  },
];

/** -1, 0 or 1; "1.10.0" > "1.9.2"; a missing or non-numeric part counts as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Entries of versions after `previous`, up to and including `current`, newest first. */
export function notesBetween(
  previous: string,
  current: string,
  entries: readonly WhatsNewEntry[] = WHATS_NEW,
): WhatsNewEntry[] {
  return entries.filter(
    (e) => compareVersions(e.version, previous) > 0 && compareVersions(e.version, current) <= 0,
  );
}

export function isPendingWhatsNew(value: unknown): value is PendingWhatsNew {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.from === 'string' && typeof v.to === 'string' && v.from.length < 32 && v.to.length < 32;
}
