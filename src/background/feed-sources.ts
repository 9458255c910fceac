/**
 * Which feeds to ask and which keys to trust for one check: the build's own (src/shared/feed-config.ts)
 * plus whatever an organisation adds by policy (issue 7 wires `extra` from storage.managed).
 *
 * - Extra keys are ADDED to the pinned ones, never instead of them: a policy can widen trust to the
 *   organisation's key, it cannot remove the project's.
 * - Extra feed URLs come FIRST: an organisation that runs its own feed wants it asked before the
 *   project's, which stays as the fallback when the organisation's feed is down.
 * - A malformed extra value is dropped (counts as absent), never thrown: a bad policy must not stop
 *   updates (STYLE §5, Bitwarden's "treated as absent").
 */
import { type FeedConfig, isFeedUrl } from '../shared/feed-config';

export interface ExtraFeeds {
  urls?: unknown;
  keys?: unknown;
}

/** SPKI base64 of a P-256 key is 124 characters; allow some slack for other encodings of it. */
const KEY_TEXT = /^[A-Za-z0-9+/]{40,600}={0,2}$/;

export function mergeFeedSources(build: FeedConfig, extra: ExtraFeeds = {}): FeedConfig {
  const extraUrls = stringList(extra.urls).filter(isFeedUrl);
  const extraKeys = stringList(extra.keys).filter((k) => KEY_TEXT.test(k));
  return {
    urls: unique([...extraUrls, ...build.urls]),
    keys: unique([...build.keys, ...extraKeys]),
  };
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
