/** Storage keys of settings and dismissals, apart from store.ts so tools and tests can import them without the browser API. */
export const SETTINGS_KEY = 'settings@1';
/**
 * storage.local: dismissals keyed by salted hashes, with their date, expiring after 90 days
 * (src/shared/settings/dismissals.ts). 'dismissals@1' held the message keys and chat ids in clear
 * (WhatsApp's contain phone numbers) and is migrated, then removed, by the background.
 */
export const DISMISSALS_KEY = 'dismissals@2';
export const LEGACY_DISMISSALS_KEY = 'dismissals@1';
/** storage.local: the per-install random salt of the dismissal hashes (base64, 32 bytes). */
export const DISMISSAL_SALT_KEY = 'dismissals/salt@1';
/** storage.local: the last checked managed policy, written only by the background (src/background/policy.ts). */
export const POLICY_CACHE_KEY = 'policy@1';
/**
 * storage.local: the user settings of THIS device, present only while a parent PIN is set (issue
 * 17, point 9). Then they, not storage.sync, are the user layer: a change synced from another
 * computer signed in to the same browser account does not reach the protected one.
 */
export const DEVICE_SETTINGS_KEY = 'settings/device@1';
/** storage.local: { at, keys } the last change from another device that was not applied (background). */
export const SYNC_REFUSED_KEY = 'settings/sync-refused@1';
