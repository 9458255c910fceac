/** Storage keys of settings and dismissals, apart from store.ts so tools and tests can import them without the browser API. */
export const SETTINGS_KEY = 'settings@1';
export const DISMISSALS_KEY = 'dismissals@1';
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
