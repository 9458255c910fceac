/** Storage keys of settings and dismissals, apart from store.ts so tools and tests can import them without the browser API. */
export const SETTINGS_KEY = 'settings@1';
export const DISMISSALS_KEY = 'dismissals@1';
/** storage.local: the last checked managed policy, written only by the background (src/background/policy.ts). */
export const POLICY_CACHE_KEY = 'policy@1';
