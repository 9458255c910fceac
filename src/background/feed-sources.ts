/**
 * Which feeds to ask and which keys each may be signed with: the build's own
 * (src/shared/feed-config.ts) plus whatever an organisation adds by policy.
 *
 * Keys are BOUND to feeds (issue 17, point 5):
 * - the project's feeds accept only the project's pinned keys;
 * - an organisation's feeds accept only the organisation's keys.
 * Before, every trusted key signed for every feed: one leaked or mistaken organisation key could
 * push a bundle through the project's own feed, and its version number then froze the project's
 * updates for good. Now an organisation key signs for its own feeds only, and the key that
 * installed the active set is remembered (ruleset-store.ts), so the set falls back to the
 * packaged rules once that key is no longer trusted (policy removed, key retired in a release).
 *
 * - Organisation feed URLs come FIRST: an organisation that runs its own feed wants it asked before
 *   the project's, which stays as the fallback when the organisation's feed is down.
 * - A policy cannot claim the project's feed URL (it is dropped from the organisation list), so
 *   it cannot widen what the project's feed may serve.
 * - A malformed extra value is dropped (counts as absent), never thrown: a bad policy must not stop
 *   updates (STYLE §5, Bitwarden's "treated as absent").
 * - Key rotation (issue 18): a release may pin a new project key next to the old one; sets signed
 *   by either stay trusted until a later release drops the old key.
 */
import { type FeedConfig, isFeedUrl } from '../shared/feed-config';

export type FeedOwner = 'project' | 'organisation';

export interface FeedSource {
  url: string;
  owner: FeedOwner;
  /** The only keys a bundle from this URL may be signed with. */
  keys: readonly string[];
}

export interface FeedPlan {
  /** In the order they are asked. */
  feeds: readonly FeedSource[];
  /** Keys trusted for each owner's sets (also for sets already installed). */
  keys: Readonly<Record<FeedOwner, readonly string[]>>;
}

export interface ExtraFeeds {
  urls?: unknown;
  keys?: unknown;
}

/** SPKI base64 of a P-256 key is 124 characters; allow some slack for other encodings of it. */
const KEY_TEXT = /^[A-Za-z0-9+/]{40,600}={0,2}$/;

export function planFeeds(build: FeedConfig, extra: ExtraFeeds = {}): FeedPlan {
  const projectUrls = unique([...build.urls]);
  const projectKeys = unique([...build.keys]);
  const orgUrls = unique(stringList(extra.urls).filter(isFeedUrl)).filter((u) => !projectUrls.includes(u));
  const orgKeys = unique(stringList(extra.keys).filter((k) => KEY_TEXT.test(k)));
  return {
    feeds: [
      ...orgUrls.map((url) => ({ url, owner: 'organisation' as const, keys: orgKeys })),
      ...projectUrls.map((url) => ({ url, owner: 'project' as const, keys: projectKeys })),
    ],
    keys: { project: projectKeys, organisation: orgKeys },
  };
}

/** True while `key` may still vouch for a set that came from a feed of `owner`. */
export function isKeyTrusted(plan: FeedPlan, owner: FeedOwner, key: string): boolean {
  return plan.keys[owner].includes(key);
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
