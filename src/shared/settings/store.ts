/**
 * Settings and dismissals over browser.storage.
 *
 *   storage.sync  "settings@1"   { [SettingKey]: value }   only what the user changed
 *   storage.local "settings/device@1"  the same, INSTEAD of sync while a parent PIN is set (./device-settings.ts)
 *   storage.local "dismissals@2" salted hashes of message keys and chat ids → { at, client, chatTitle }
 *
 * Settings follow the user across devices (sync); dismissals are per device, hold no message
 * text and no key in clear, and expire after 90 days (./dismissals.ts). Storage.sync can be
 * unavailable (disabled sync, some Firefox setups): reads and writes then fall back to local.
 *
 * Consumers (content script, popup, options, background):
 *   const s = await loadSettings();
 *   const stop = onSettingsChanged((s) => apply(s));   // fires in every open tab, no reload
 */
import browser from '../browser';
// Content scripts on Chrome cannot read storage.local: these go through the background there.
import { onStorageChanged, readLocal } from '../storage-access';
import type { DefaultsContext, SettingKey, Settings } from './catalog';
import { DEVICE_SETTINGS_KEY, readKeptSettings } from './device-settings';
import { DISMISSALS_KEY, POLICY_CACHE_KEY, SETTINGS_KEY } from './keys';
import { type PolicyCache, parsePolicyCache } from './policy';
import { type ResolvedSettings, resolveSettings, validateSetting } from './resolve';

export { DISMISSALS_KEY, SETTINGS_KEY };

// ---------------------------------------------------------------- settings

function defaultsContext(): DefaultsContext {
  let uiLanguage = 'en';
  try {
    uiLanguage = browser.i18n.getUILanguage() || 'en';
  } catch {
    // i18n is missing in a few test contexts; the default country then becomes 'US'/'other'.
  }
  return { uiLanguage };
}

async function readUserSettings(): Promise<unknown> {
  // While a parent PIN is set, this device's own copy is the user layer (./device-settings.ts).
  const kept = await readKeptSettings();
  if (kept) return kept;
  try {
    const got = await browser.storage.sync.get(SETTINGS_KEY);
    return got[SETTINGS_KEY];
  } catch {
    const got = await readLocal([SETTINGS_KEY]);
    return got[SETTINGS_KEY];
  }
}

/**
 * The organisation's policy as checked and cached by the background (src/background/policy.ts).
 * Read from storage.local rather than storage.managed so every context gets the same answer
 * (Firefox throws without a policy) and a content script need not wait for the managed area.
 */
export async function loadPolicy(): Promise<PolicyCache> {
  try {
    const got = await readLocal([POLICY_CACHE_KEY]);
    return parsePolicyCache(got[POLICY_CACHE_KEY]);
  } catch {
    return parsePolicyCache(undefined);
  }
}

/** Settings with their source and lock state (for the options page). */
export async function loadSettingsState(): Promise<ResolvedSettings> {
  const [user, { policy }] = await Promise.all([readUserSettings(), loadPolicy()]);
  return resolveSettings({ policy: policy.settings, locks: policy.locks, user, ctx: defaultsContext() });
}

/** The effective settings: policy ?? user ?? default. Never throws on malformed stored data. */
export async function loadSettings(): Promise<Settings> {
  return (await loadSettingsState()).values;
}

/**
 * Calls `cb` whenever the background rewrites the checked policy (values, contact or notes), even
 * when no setting's effective value changes (onSettingsChanged would stay silent then).
 */
export function onPolicyChanged(cb: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && POLICY_CACHE_KEY in changes) cb();
  };
  return onStorageChanged(listener);
}

// Writes within one page are serialised so two quick toggles do not overwrite each other.
let writeChain: Promise<unknown> = Promise.resolve();
function serialise<T>(task: () => Promise<T>): Promise<T> {
  const next = writeChain.then(task, task);
  writeChain = next.catch(() => undefined);
  return next;
}

async function writeUserSettings(mutate: (user: Record<string, unknown>) => void): Promise<void> {
  const current = await readUserSettings();
  const user: Record<string, unknown> =
    typeof current === 'object' && current !== null && !Array.isArray(current)
      ? { ...(current as Record<string, unknown>) }
      : {};
  mutate(user);
  if (await readKeptSettings()) {
    await browser.storage.local.set({ [DEVICE_SETTINGS_KEY]: user });
    return;
  }
  try {
    await browser.storage.sync.set({ [SETTINGS_KEY]: user });
  } catch {
    await browser.storage.local.set({ [SETTINGS_KEY]: user });
  }
}

/** Saves one user setting; rejects a value of the wrong type with a clear error. */
export function saveSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
  const valid = validateSetting(key, value);
  if (valid === undefined) return Promise.reject(new Error(`Invalid value for setting "${key}"`));
  return serialise(async () => {
    // The disabled control is the user-facing lock; this refuses a write from any other path too.
    if ((await loadSettingsState()).locked[key])
      throw new Error(`Setting "${key}" is set by your organisation`);
    await writeUserSettings((user) => {
      user[key] = valid;
    });
  });
}

/** Forgets the user's choice so the default (or policy) applies again. */
export function resetSetting(key: SettingKey): Promise<void> {
  return serialise(() =>
    writeUserSettings((user) => {
      delete user[key];
    }),
  );
}

/**
 * Calls `cb` with the new effective settings whenever they change in any area. Firefox may fire
 * onChanged for unchanged values, so the resolved result is compared before calling back.
 * Returns a function that removes the listener.
 */
export function onSettingsChanged(cb: (settings: Settings) => void): () => void {
  let last = '';
  void loadSettings().then(
    (s) => {
      if (!last) last = JSON.stringify(s);
    },
    () => undefined,
  );
  const listener = (changes: Record<string, unknown>, area: string) => {
    // The background turns storage.managed changes into POLICY_CACHE_KEY writes in 'local'.
    if (
      area === 'managed' ||
      (!(SETTINGS_KEY in changes) && !(POLICY_CACHE_KEY in changes) && !(DEVICE_SETTINGS_KEY in changes))
    )
      return;
    void loadSettings().then(
      (s) => {
        const json = JSON.stringify(s);
        if (json === last) return;
        last = json;
        cb(s);
      },
      () => undefined,
    );
  };
  return onStorageChanged(listener);
}

// ---------------------------------------------------------------- dismissals ("not an illicit listing")

// Salted hashes with an expiry, in their own module (issue 17, point 13); re-exported for callers.
export {
  clearDismissals,
  type DismissalRecord,
  type Dismissals,
  type DismissScope,
  dismiss,
  forgetDismissal,
  isDismissed,
  isShopDismissed,
  loadDismissals,
  NO_DISMISSALS,
  onDismissalsChanged,
  parseDismissals,
  restoreDismissals,
  undismiss,
} from './dismissals';
