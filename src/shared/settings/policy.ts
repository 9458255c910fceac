/**
 * The managed (enterprise) policy: which keys an organisation may set, how a raw
 * `storage.managed` object is checked, and the Chrome schema generated from the same list.
 * PURE: no browser API (the background acquires the values, see src/background/policy.ts).
 *
 *   storage.managed ──► parsePolicy() ──► ManagedPolicy (+ plain-words notes) ──► cache in storage.local
 *                                                 │
 *   SETTINGS_CATALOG (policy: true) ┐             ├─ settings/locks ─► resolveSettings()
 *   POLICY_ONLY_CATALOG (below)     ┴─► managedSchema() ─► managed_schema.json (committed, tested)
 *
 * Chrome validates values against the schema and silently drops mismatches (admins see them in
 * chrome://policy); Firefox has no schema, so every value is checked here as well and a wrong one
 * is ignored with a note, never thrown: a bad policy must not break start-up (STYLE.md §5).
 */
import { SETTING_KEYS, SETTINGS_CATALOG, type SettingKey, type SettingType } from './catalog';
import { coerce } from './resolve';

/** Keys that exist only as policy (not user settings). */
export const POLICY_ONLY_CATALOG = {
  lockedSettings: {
    title: 'Locked settings',
    description:
      'Settings the user cannot change in the options page. A listed setting without a policy value keeps its default.',
  },
  extraFeedUrls: {
    title: 'Extra rule feed URLs',
    description:
      "HTTPS URLs of the organisation's own signed rule feeds, asked before the project's feed (which stays as the fallback).",
  },
  extraFeedKeys: {
    title: 'Extra rule feed public keys',
    description:
      'ECDSA P-256 public keys (SPKI, base64) whose signatures are also accepted. They are added to the built-in keys, never instead of them.',
  },
  updateIntervalMinutes: {
    title: 'Rule update interval (minutes)',
    description: 'How often to check the rule feeds, in minutes. Clamped to 60 (hourly) … 10080 (weekly).',
  },
  reportingContact: {
    title: "Organisation's reporting contact",
    description:
      'A contact inside the organisation (name, and a web address and/or phone number) shown first in the "where to report" list.',
  },
} as const;
export type PolicyOnlyKey = keyof typeof POLICY_ONLY_CATALOG;

export interface ReportingContact {
  name: string;
  /** https: or mailto: address. */
  url?: string;
  /** Digits with an optional leading "+", spaces allowed for display. */
  phone?: string;
}

/** The checked policy: only well-formed values survive; absent means "not set by policy". */
export interface ManagedPolicy {
  settings: Partial<Record<SettingKey, unknown>>;
  locks: SettingKey[];
  extraFeedUrls: string[];
  extraFeedKeys: string[];
  updateIntervalMinutes: number | null;
  reportingContact: ReportingContact | null;
}

export interface ParsedPolicy {
  policy: ManagedPolicy;
  /** Plain-words notes about ignored values, for the options page status. Never thrown. */
  notes: string[];
}

/** What the background caches in storage.local (POLICY_CACHE_KEY) for every part to read. */
export interface PolicyCache {
  policy: ManagedPolicy;
  /** Plain-words notes about ignored values, shown in the options page. */
  notes: string[];
}

export const EMPTY_POLICY: ManagedPolicy = {
  settings: {},
  locks: [],
  extraFeedUrls: [],
  extraFeedKeys: [],
  updateIntervalMinutes: null,
  reportingContact: null,
};

const POLICY_SETTING_KEYS = SETTING_KEYS.filter((k) => SETTINGS_CATALOG[k].policy);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expected(type: SettingType): string {
  switch (type.kind) {
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${type.values.join(', ')}`;
    case 'enum-set':
      return `a list of ${type.values.join(', ')}`;
  }
}

const SAFE_TEXT_MAX = 120;
const PHONE = /^\+?[0-9][0-9 .-]{1,30}$/;

function contactUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const u = new URL(value.trim());
    // Only links that cannot run script or open a local file in the popup.
    return u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function parseContact(value: unknown, notes: string[]): ReportingContact | null {
  if (value === undefined) return null;
  const name = isRecord(value) && typeof value.name === 'string' ? value.name.trim() : '';
  if (!isRecord(value) || name === '' || name.length > SAFE_TEXT_MAX) {
    notes.push('Policy "reportingContact" ignored: it needs a "name" (text up to 120 characters).');
    return null;
  }
  const contact: ReportingContact = { name };
  const url = contactUrl(value.url);
  if (url) contact.url = url;
  else if (value.url !== undefined)
    notes.push('Policy "reportingContact.url" ignored: use an https: or mailto: address.');
  if (typeof value.phone === 'string' && PHONE.test(value.phone.trim())) contact.phone = value.phone.trim();
  else if (value.phone !== undefined)
    notes.push('Policy "reportingContact.phone" ignored: use digits, spaces and an optional leading +.');
  if (!contact.url && !contact.phone) {
    notes.push('Policy "reportingContact" ignored: it needs a valid "url" or "phone".');
    return null;
  }
  return contact;
}

function stringList(key: string, value: unknown, notes: string[], ok: (s: string) => boolean): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    notes.push(`Policy "${key}" ignored: expected a list of text values.`);
    return [];
  }
  const kept = value.filter((v): v is string => typeof v === 'string' && ok(v.trim())).map((v) => v.trim());
  if (kept.length < value.length)
    notes.push(
      `Policy "${key}": ${value.length - kept.length} malformed entr${value.length - kept.length === 1 ? 'y' : 'ies'} ignored.`,
    );
  return [...new Set(kept)];
}

function isHttpsUrl(s: string): boolean {
  try {
    return new URL(s).protocol === 'https:';
  } catch {
    return false;
  }
}

/** SPKI base64 of a P-256 key is 124 characters; the same loose check as feed-sources.ts. */
const KEY_TEXT = /^[A-Za-z0-9+/]{40,600}={0,2}$/;

/** Checks a raw `storage.managed` object. Never throws, whatever the input. */
export function parsePolicy(raw: unknown): ParsedPolicy {
  const notes: string[] = [];
  if (raw === undefined || raw === null) return { policy: structuredClone(EMPTY_POLICY), notes };
  if (!isRecord(raw)) {
    return { policy: structuredClone(EMPTY_POLICY), notes: ['The policy is not an object; it was ignored.'] };
  }
  const policy: ManagedPolicy = structuredClone(EMPTY_POLICY);
  for (const key of Object.keys(raw)) {
    if (!(POLICY_SETTING_KEYS as string[]).includes(key) && !(key in POLICY_ONLY_CATALOG)) {
      notes.push(`Unknown policy "${key}" ignored.`);
    }
  }
  for (const key of POLICY_SETTING_KEYS) {
    if (raw[key] === undefined) continue;
    const type = SETTINGS_CATALOG[key].type;
    const value = coerce(type, raw[key]);
    if (value === undefined) notes.push(`Policy "${key}" ignored: expected ${expected(type)}.`);
    else policy.settings[key] = value;
  }
  policy.locks = stringList('lockedSettings', raw.lockedSettings, notes, (s) =>
    (POLICY_SETTING_KEYS as string[]).includes(s),
  ) as SettingKey[];
  policy.extraFeedUrls = stringList('extraFeedUrls', raw.extraFeedUrls, notes, isHttpsUrl);
  policy.extraFeedKeys = stringList('extraFeedKeys', raw.extraFeedKeys, notes, (s) => KEY_TEXT.test(s));
  const interval = raw.updateIntervalMinutes;
  if (typeof interval === 'number' && Number.isInteger(interval) && interval > 0) {
    policy.updateIntervalMinutes = interval;
  } else if (interval !== undefined) {
    notes.push('Policy "updateIntervalMinutes" ignored: expected a whole number of minutes.');
  }
  policy.reportingContact = parseContact(raw.reportingContact, notes);
  return { policy, notes };
}

export function isPolicyEmpty(p: ManagedPolicy): boolean {
  return (
    Object.keys(p.settings).length === 0 &&
    p.locks.length === 0 &&
    p.extraFeedUrls.length === 0 &&
    p.extraFeedKeys.length === 0 &&
    p.updateIntervalMinutes === null &&
    p.reportingContact === null
  );
}

/**
 * The cache as stored, re-checked: storage.local is ours, but an older version or a damaged
 * profile could hold anything, and readers must never throw.
 */
export function parsePolicyCache(value: unknown): PolicyCache {
  const v = isRecord(value) ? value : {};
  const p = isRecord(v.policy) ? v.policy : {};
  const { policy } = parsePolicy({
    ...(isRecord(p.settings) ? p.settings : {}),
    lockedSettings: p.locks,
    extraFeedUrls: p.extraFeedUrls,
    extraFeedKeys: p.extraFeedKeys,
    updateIntervalMinutes: p.updateIntervalMinutes ?? undefined,
    reportingContact: p.reportingContact ?? undefined,
  });
  const notes = Array.isArray(v.notes) ? v.notes.filter((n): n is string => typeof n === 'string') : [];
  return { policy, notes };
}

// ---------------------------------------------------------------- Chrome schema

type JsonSchema = Record<string, unknown>;

function settingSchema(type: SettingType): JsonSchema {
  switch (type.kind) {
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'string', enum: [...type.values] };
    case 'enum-set':
      return { type: 'array', items: { type: 'string', enum: [...type.values] } };
  }
}

const POLICY_ONLY_SCHEMA: Record<PolicyOnlyKey, JsonSchema> = {
  lockedSettings: { type: 'array', items: { type: 'string', enum: POLICY_SETTING_KEYS } },
  extraFeedUrls: { type: 'array', items: { type: 'string' } },
  extraFeedKeys: { type: 'array', items: { type: 'string' } },
  updateIntervalMinutes: { type: 'integer' },
  reportingContact: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      url: { type: 'string' },
      phone: { type: 'string' },
    },
  },
};

function titleOf(key: string): string {
  return key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

/**
 * The `storage.managed_schema` Chrome reads (https://developer.chrome.com/docs/extensions/reference/manifest/storage):
 * top level `type: object`, the declared properties are the policies, one `type` per schema, no
 * top-level additionalProperties. An invalid schema stops Chrome from loading the extension, so
 * the test in test/unit/settings checks these rules as well as drift.
 */
export function managedSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const key of POLICY_SETTING_KEYS) {
    const spec = SETTINGS_CATALOG[key];
    properties[key] = {
      title: titleOf(key),
      description: spec.description,
      ...settingSchema(spec.type),
    };
  }
  for (const key of Object.keys(POLICY_ONLY_CATALOG) as PolicyOnlyKey[]) {
    properties[key] = { ...POLICY_ONLY_CATALOG[key], ...POLICY_ONLY_SCHEMA[key] };
  }
  return { type: 'object', properties };
}

/** The exact text of managed_schema.json (what the generator writes and the drift test compares). */
export function managedSchemaText(): string {
  return `${JSON.stringify(managedSchema(), null, 2)}\n`;
}
