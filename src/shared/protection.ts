/**
 * "Protection off": the browser's own switches can stop Vigie from reading the chat sites with
 * no word from Vigie itself (issue 17, point 11): Chrome's site access ("on click", "on specific
 * sites"), Firefox's per-site permission toggles in the add-ons manager. The background checks
 * access to each chat site (permissions.contains) at every start and whenever a permission is
 * removed or added, and keeps a record the toolbar badge and the options page show:
 *
 *   storage.local "protection@1" { off: { since, origins } | null, last: { from, to, origins } | null }
 *
 * A DISABLED (or removed) extension runs no code at all, so it cannot report itself: the options
 * page and the README say so, and point to the browser's policies to prevent it.
 *
 * Pure apart from the injected permission check and storage, so it runs in Node tests.
 */

/** The chat hosts of manifest.json's content_scripts.matches (a test keeps them in sync). */
export const CHAT_ORIGINS = [
  'https://web.telegram.org/*',
  'https://web.whatsapp.com/*',
  'https://www.snapchat.com/web*',
  'https://web.snapchat.com/*',
];

export const PROTECTION_KEY = 'protection@1';

export interface ProtectionOff {
  /** Unix ms when Vigie first found access missing. */
  since: number;
  /** The chat origins it may not read. */
  origins: string[];
}

export interface ProtectionRecord {
  off: ProtectionOff | null;
  /** The last period that ended, so a parent still sees it after access came back. */
  last: { from: number; to: number; origins: string[] } | null;
}

export const NO_PROTECTION_RECORD: ProtectionRecord = { off: null, last: null };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const origins = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((o): o is string => typeof o === 'string' && CHAT_ORIGINS.includes(o)) : [];

export function parseProtection(value: unknown): ProtectionRecord {
  if (!isRecord(value)) return NO_PROTECTION_RECORD;
  const off =
    isRecord(value.off) && typeof value.off.since === 'number' && origins(value.off.origins).length > 0
      ? { since: value.off.since, origins: origins(value.off.origins) }
      : null;
  const l = value.last;
  const last =
    isRecord(l) && typeof l.from === 'number' && typeof l.to === 'number'
      ? { from: l.from, to: l.to, origins: origins(l.origins) }
      : null;
  return { off, last };
}

/** The next record, given which chat origins are missing now. */
export function nextProtection(record: ProtectionRecord, missing: string[], now: number): ProtectionRecord {
  if (missing.length > 0) {
    // Still off (maybe for other sites): the start of the period stays.
    return { ...record, off: { since: record.off?.since ?? now, origins: missing } };
  }
  if (!record.off) return record;
  return { off: null, last: { from: record.off.since, to: now, origins: record.off.origins } };
}

export interface ProtectionDeps {
  /** permissions.contains for one origin pattern. */
  contains(origin: string): Promise<boolean>;
  storage: {
    get(keys: string[]): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
  };
  now(): number;
}

/** Checks every chat origin and saves the record when it changed. */
export async function checkProtection(deps: ProtectionDeps): Promise<ProtectionRecord> {
  const granted = await Promise.all(CHAT_ORIGINS.map((o) => deps.contains(o).catch(() => false)));
  const missing = CHAT_ORIGINS.filter((_, i) => !granted[i]);
  const before = parseProtection((await deps.storage.get([PROTECTION_KEY]))[PROTECTION_KEY]);
  const after = nextProtection(before, missing, deps.now());
  if (JSON.stringify(after) !== JSON.stringify(before)) await deps.storage.set({ [PROTECTION_KEY]: after });
  return after;
}
