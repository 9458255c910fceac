/**
 * Settings kept on this device while a parent PIN is set (issue 17, point 9).
 *
 *   no PIN:   user layer = storage.sync "settings@1"          (follows the browser account)
 *   PIN set:  user layer = storage.local "settings/device@1"  (this device only)
 *
 * Settings follow the browser account through storage.sync, but the PIN is per device
 * (storage.local): without this, switching Vigie off on another computer where no PIN is set
 * synced the switch to the protected one. So setting a PIN copies the synced settings into
 * storage.local in the same write as the PIN, and removing it writes them back to sync before
 * dropping PIN and copy in one call. The copy's presence is what every reader checks, so content
 * scripts never need to read the PIN record itself.
 *
 * The background (src/background/sync-guard.ts) notes a synced change that was not applied, for
 * the options page to say so, and creates the copy for a PIN set by an older version.
 */
import browser from '../browser';
import { readLocal } from '../storage-access';
import { SETTING_KEYS, SETTINGS_CATALOG } from './catalog';
import { DEVICE_SETTINGS_KEY, SETTINGS_KEY, SYNC_REFUSED_KEY } from './keys';
import { PARENT_ATTEMPTS_KEY, PARENT_LOCK_KEY } from './parent-lock';
import { coerce } from './resolve';

export { DEVICE_SETTINGS_KEY, SYNC_REFUSED_KEY };

type UserSettings = Record<string, unknown>;

function isRecord(value: unknown): value is UserSettings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The kept copy, or undefined when settings follow sync (no PIN, or storage.local unreadable). */
export async function readKeptSettings(): Promise<UserSettings | undefined> {
  try {
    // Through the background where a content script may not read storage.local (Chrome).
    const got = await readLocal([DEVICE_SETTINGS_KEY]);
    const kept = got[DEVICE_SETTINGS_KEY];
    return isRecord(kept) ? kept : undefined;
  } catch {
    return undefined;
  }
}

/** The synced user settings (storage.local when sync is unavailable), as stored. */
export async function readSyncedSettings(): Promise<unknown> {
  try {
    return (await browser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY];
  } catch {
    return (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  }
}

/**
 * What to write together with a new PIN: a copy of the synced settings, unless one is kept
 * already (changing the PIN keeps the device's settings as they are).
 */
export async function keepOnDeviceItems(): Promise<UserSettings> {
  if (await readKeptSettings()) return {};
  const synced = await readSyncedSettings();
  return { [DEVICE_SETTINGS_KEY]: isRecord(synced) ? synced : {} };
}

/**
 * Removes the PIN and lets the settings follow the account again: this device's settings (the
 * ones the parent saw while unlocked) are written to sync first, then PIN, counter, copy and the
 * refusal note go in one call.
 */
export async function removePinAndResumeSync(): Promise<void> {
  const kept = await readKeptSettings();
  if (kept) {
    try {
      await browser.storage.sync.set({ [SETTINGS_KEY]: kept });
    } catch {
      await browser.storage.local.set({ [SETTINGS_KEY]: kept });
    }
  }
  await browser.storage.local.remove([
    PARENT_LOCK_KEY,
    PARENT_ATTEMPTS_KEY,
    DEVICE_SETTINGS_KEY,
    SYNC_REFUSED_KEY,
  ]);
}

/** A synced change that was not applied here: when, and which settings it would have changed. */
export interface SyncRefusal {
  at: number;
  keys: string[];
}

export function parseSyncRefusal(value: unknown): SyncRefusal | null {
  if (!isRecord(value) || typeof value.at !== 'number' || !Array.isArray(value.keys)) return null;
  const keys = value.keys.filter(
    (k): k is string => typeof k === 'string' && SETTING_KEYS.includes(k as never),
  );
  return { at: value.at, keys };
}

/** The settings whose valid values differ between two user layers (unknown keys ignored). */
export function differingSettings(a: unknown, b: unknown): string[] {
  const ra = isRecord(a) ? a : {};
  const rb = isRecord(b) ? b : {};
  return SETTING_KEYS.filter((key) => {
    const type = SETTINGS_CATALOG[key].type;
    return JSON.stringify(coerce(type, ra[key])) !== JSON.stringify(coerce(type, rb[key]));
  });
}

export async function loadSyncRefusal(): Promise<SyncRefusal | null> {
  try {
    return parseSyncRefusal((await browser.storage.local.get([SYNC_REFUSED_KEY]))[SYNC_REFUSED_KEY]);
  } catch {
    return null;
  }
}

/** Calls back whenever the kept copy appears or goes, or a refusal is noted. */
export function onKeptStateChanged(cb: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && (DEVICE_SETTINGS_KEY in changes || SYNC_REFUSED_KEY in changes)) cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
