/**
 * PURE overlay of settings: policy ?? user ?? default, key by key. A value of the wrong type (or
 * outside its enum) counts as absent and is never thrown: a malformed admin policy or a corrupted
 * sync entry must not break start-up (Bitwarden: "treated as absent … never thrown").
 * No browser API here, so the background, content script, pages and tests share it.
 */
import {
  type DefaultsContext,
  SETTING_KEYS,
  SETTINGS_CATALOG,
  type SettingKey,
  type Settings,
  type SettingType,
} from './catalog';

export type SettingSource = 'policy' | 'user' | 'default';

export interface ResolvedSettings {
  values: Settings;
  source: Record<SettingKey, SettingSource>;
  /** Keys the user may not change (set by policy, issue 7). */
  locked: Record<SettingKey, boolean>;
}

export interface ResolveInput {
  policy?: unknown;
  user?: unknown;
  /**
   * Keys an organisation locks without necessarily setting them (issue 7): the user's value is
   * then ignored and the policy value, or else the default, applies. Unknown keys are ignored.
   */
  locks?: unknown;
  ctx: DefaultsContext;
}

/** Returns the value when it fits the type (normalised: enum sets deduplicated, in catalogue order). */
export function coerce(type: SettingType, value: unknown): unknown {
  switch (type.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'enum':
      return typeof value === 'string' && type.values.includes(value) ? value : undefined;
    case 'enum-set': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && type.values.includes(v))) {
        return undefined;
      }
      return type.values.filter((v) => value.includes(v));
    }
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function defaultValue<K extends SettingKey>(key: K, ctx: DefaultsContext): Settings[K] {
  const spec = SETTINGS_CATALOG[key];
  const d = spec.default as Settings[K] | ((c: DefaultsContext) => Settings[K]);
  return typeof d === 'function' ? d(ctx) : d;
}

export function resolveSettings({ policy, user, locks, ctx }: ResolveInput): ResolvedSettings {
  const p = asRecord(policy);
  const u = asRecord(user);
  const lockList = Array.isArray(locks) ? locks : [];
  const values = {} as Record<SettingKey, unknown>;
  const source = {} as Record<SettingKey, SettingSource>;
  const locked = {} as Record<SettingKey, boolean>;
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS_CATALOG[key];
    const isLocked = spec.policy && lockList.includes(key);
    const fromPolicy = spec.policy ? coerce(spec.type, p[key]) : undefined;
    const fromUser = isLocked ? undefined : coerce(spec.type, u[key]);
    if (fromPolicy !== undefined) {
      values[key] = fromPolicy;
      source[key] = 'policy';
    } else if (fromUser !== undefined) {
      values[key] = fromUser;
      source[key] = 'user';
    } else {
      values[key] = defaultValue(key, ctx);
      source[key] = 'default';
    }
    locked[key] = source[key] === 'policy' || isLocked;
  }
  return { values: values as unknown as Settings, source, locked };
}

/** Checks one user-supplied value before it is saved; returns the normalised value or undefined. */
export function validateSetting<K extends SettingKey>(key: K, value: unknown): Settings[K] | undefined {
  return coerce(SETTINGS_CATALOG[key].type, value) as Settings[K] | undefined;
}
