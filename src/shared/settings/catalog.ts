/**
 * The ONE catalogue of Vigie's settings: key, type, default, where it is stored and a plain
 * description for users and administrators. Everything else derives from it: the resolver
 * (./resolve.ts), the store (./store.ts), the options page and, later, the managed-policy
 * schema (issue 7 generates `managed_schema.json` from this list, as Bitwarden does, so the
 * same `key`/`type`/`description` must stay valid JSON-Schema material).
 *
 *   policy (storage.managed, later) ─┐
 *   user   (storage.sync)          ──┼─► resolve() ─► Settings (+ where each value came from)
 *   default (this file)             ─┘
 *
 * Dismissals ("not an illicit listing") are not settings: they are per-device data kept in
 * storage.local (see ./store.ts), never synced and never overridable by policy.
 */
import { CATEGORIES, type Category, type Sensitivity } from '../../engine/types';

/** Countries with curated reporting channels; 'other' shows only platform and generic advice. */
export const COUNTRIES = ['FR', 'BE', 'CH', 'CA', 'GB', 'US', 'DE', 'ES', 'IT', 'other'] as const;
export type Country = (typeof COUNTRIES)[number];

export const SENSITIVITIES = ['low', 'normal', 'high'] as const satisfies readonly Sensitivity[];

/** 'auto' follows the browser's UI language; the others override it in Vigie's own pages. */
export const UI_LANGUAGES = ['auto', 'fr', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export interface Settings {
  enabled: boolean;
  categories: Category[];
  sensitivity: Sensitivity;
  country: Country;
  language: UiLanguage;
  blur: boolean;
  keepEvidence: boolean;
  /** Say when a whole chat looks like a shop (issue 15). */
  shopVerdict: boolean;
}
export type SettingKey = keyof Settings;

/** What a default may depend on: only facts about the browser, read once by the store. */
export interface DefaultsContext {
  /** `browser.i18n.getUILanguage()`, e.g. "fr", "en-US", "de-CH". */
  uiLanguage: string;
}

/** JSON-Schema-compatible description of a value, so the managed schema can be generated. */
export type SettingType =
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'enum-set'; values: readonly string[] };

export interface SettingSpec<K extends SettingKey = SettingKey> {
  key: K;
  type: SettingType;
  default: Settings[K] | ((ctx: DefaultsContext) => Settings[K]);
  /** Plain English description for administrators (managed schema) and the docs. */
  description: string;
  /** Whether an organisation may set/lock it by policy (issue 7). */
  policy: boolean;
}

export const SETTINGS_CATALOG: { [K in SettingKey]: SettingSpec<K> } = {
  enabled: {
    key: 'enabled',
    type: { kind: 'boolean' },
    default: true,
    description: 'Scan chats and show warnings. When false, Vigie does nothing on chat pages.',
    policy: true,
  },
  categories: {
    key: 'categories',
    type: { kind: 'enum-set', values: CATEGORIES },
    default: () => [...CATEGORIES],
    description: 'Listing categories that produce a warning. Others are never flagged.',
    policy: true,
  },
  sensitivity: {
    key: 'sensitivity',
    type: { kind: 'enum', values: SENSITIVITIES },
    default: 'normal',
    description: 'How eagerly to warn: low (fewer, surer warnings), normal, high (more warnings).',
    policy: true,
  },
  country: {
    key: 'country',
    type: { kind: 'enum', values: COUNTRIES },
    default: (ctx) => countryFromLanguage(ctx.uiLanguage),
    description:
      'Country whose official reporting channels the popup shows (ISO 3166 code, or "other"). Default: from the browser language.',
    policy: true,
  },
  language: {
    key: 'language',
    type: { kind: 'enum', values: UI_LANGUAGES },
    default: 'auto',
    description: 'Language of the popup and options page: "auto" follows the browser, or "fr" / "en".',
    policy: true,
  },
  blur: {
    key: 'blur',
    type: { kind: 'boolean' },
    default: false,
    description: 'Blur flagged messages in the chat until the user chooses to reveal them.',
    policy: true,
  },
  keepEvidence: {
    key: 'keepEvidence',
    type: { kind: 'boolean' },
    default: true,
    description:
      'Offer "Keep evidence" in the popup: a capture of the tab and the message text, saved as a file only when the user clicks. When false, the button is replaced by a note saying it is turned off.',
    policy: true,
  },
  shopVerdict: {
    key: 'shopVerdict',
    type: { kind: 'boolean' },
    default: true,
    description:
      'Say when a whole chat looks like a shop (many listings of the same kind): a banner in the popup, one marker near the chat header and the toolbar badge. When false, only single messages are flagged.',
    policy: true,
  },
};

export const SETTING_KEYS = Object.keys(SETTINGS_CATALOG) as SettingKey[];

/** Language-only fallbacks when the browser reports no region (Chrome reports plain "fr"). */
const LANGUAGE_COUNTRY: Record<string, Country> = {
  fr: 'FR',
  de: 'DE',
  es: 'ES',
  it: 'IT',
  en: 'US',
  nl: 'BE',
};

/**
 * Best guess of the user's country from a BCP 47 tag: the region when we know it ("fr-CA" → CA,
 * "en-GB" → GB, "de-CH" → CH), else the language's main country, else 'other'.
 */
export function countryFromLanguage(tag: string): Country {
  const parts = tag.replace('_', '-').split('-');
  const lang = (parts[0] ?? '').toLowerCase();
  const region = parts
    .slice(1)
    .find((p) => /^[a-z]{2}$/i.test(p))
    ?.toUpperCase();
  const fromRegion = region === 'UK' ? 'GB' : region;
  if (fromRegion && (COUNTRIES as readonly string[]).includes(fromRegion)) return fromRegion as Country;
  return LANGUAGE_COUNTRY[lang] ?? 'other';
}
