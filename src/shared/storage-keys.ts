/**
 * Keys of the content-script side of storage (./storage-access.ts), apart from it so the
 * background's message handlers and tests can import them without the browser API.
 */
import { RULESET_ACTIVE_KEY } from './messages';
import {
  DEVICE_SETTINGS_KEY,
  DISMISSAL_SALT_KEY,
  DISMISSALS_KEY,
  POLICY_CACHE_KEY,
  SETTINGS_KEY,
} from './settings/keys';

/**
 * The storage.local keys a content script may read through the background. DEVICE_SETTINGS_KEY:
 * the settings kept on this device while a parent PIN is set (never the PIN record itself).
 * DISMISSAL_SALT_KEY: to match a message against the dismissals, which are salted hashes.
 */
export const CONTENT_READABLE_KEYS: readonly string[] = [
  SETTINGS_KEY,
  DISMISSALS_KEY,
  POLICY_CACHE_KEY,
  DEVICE_SETTINGS_KEY,
  DISMISSAL_SALT_KEY,
];
/** Keys whose changes the background announces to content scripts. */
export const ANNOUNCED_KEYS: readonly string[] = [...CONTENT_READABLE_KEYS, RULESET_ACTIVE_KEY];
/**
 * background → content script (tabs.sendMessage): "these storage.local keys changed". Names keys,
 * never values: a content script that cannot read storage.local asks the background again.
 */
export interface LocalChangedNotice {
  type: 'bg-cs/local-changed';
  keys: string[];
}

export function isLocalChangedNotice(value: unknown): value is LocalChangedNotice {
  const v = value as { type?: unknown; keys?: unknown } | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.type === 'bg-cs/local-changed' &&
    Array.isArray(v.keys) &&
    v.keys.length <= 8 &&
    v.keys.every((k) => typeof k === 'string')
  );
}
