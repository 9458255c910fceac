/**
 * Keys of the content-script side of storage (./storage-access.ts), apart from it so the
 * background's message handlers and tests can import them without the browser API.
 */
import { RULESET_ACTIVE_KEY } from './messages';
import { DISMISSALS_KEY, POLICY_CACHE_KEY, SETTINGS_KEY } from './settings/keys';

/** The storage.local keys a content script may read through the background. */
export const CONTENT_READABLE_KEYS: readonly string[] = [SETTINGS_KEY, DISMISSALS_KEY, POLICY_CACHE_KEY];
/** Keys whose changes the background announces to content scripts. */
export const ANNOUNCED_KEYS: readonly string[] = [...CONTENT_READABLE_KEYS, RULESET_ACTIVE_KEY];
/** storage.session key the background rewrites when announced keys change in storage.local. */
export const LOCAL_CHANGED_KEY = 'local-changed@1';

export interface LocalChangedNotice {
  keys: string[];
  /** Changes at every write, so storage.session fires even for the same keys. */
  n: number;
}
