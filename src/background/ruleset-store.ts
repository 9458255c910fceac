/**
 * Where the rule set lives between worker lives: storage.local, never globals alone (Chrome stops
 * an idle MV3 worker after 30 s; https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle).
 *
 *   'ruleset/active'  ActiveRuleset  {raw, version, source}
 *   'ruleset/meta'    RulesetMeta    dates, feed and its owner, signature and the key that made it
 *   'ruleset/status'  UpdateStatus   lastCheck, lastError, fallback (why the packaged set is back)
 *
 * What is stored is never trusted as is: ./stored-set.ts re-checks it (signature, key still
 * trusted, rules, dates) at every worker start and before it is handed to anyone. Content scripts
 * get it from the background by message, never from storage (on Chrome they cannot read
 * storage.local at all: ./storage-access.ts).
 *
 * A new rule set is written with ONE storage.local.set of all three keys, so a reader never sees
 * new rules with old meta; a failed check writes only the status, so the last good rules stay.
 * Writes from one worker life go through one promise chain (uBO's pendingOpPromise), so an alarm
 * check and a "check now" never interleave their read-modify-write.
 */
import {
  type ActiveRuleset,
  type FallbackReason,
  isActiveRuleset,
  RULESET_ACTIVE_KEY,
  type RulesStatus,
} from '../shared/messages';
import type { FeedOwner } from './feed-sources';

export const RULESET_META_KEY = 'ruleset/meta';
export const RULESET_STATUS_KEY = 'ruleset/status';

export interface RulesetMeta {
  version: number;
  published: string;
  expires: string;
  source: 'embedded' | 'feed';
  /** Feed URL the active bundle came from; null for the embedded one. */
  feedUrl: string | null;
  /** Whose feed it came from; null for the embedded one. */
  owner: FeedOwner | null;
  /** Detached signature (base64) of `raw`; null for the embedded bundle, trusted as package data. */
  signature: string | null;
  /** The key (SPKI base64) that signed it: the set falls back once that key is no longer trusted. */
  signedBy: string | null;
  installedAt: string;
  /** Extension version that last checked this rule set against its embedded bundle. */
  extensionVersion: string;
}

export interface UpdateError {
  code: string;
  detail: string;
  at: string;
}

export interface UpdateStatus {
  lastCheck: string | null;
  lastError: UpdateError | null;
  /** Set when a stored set was dropped for the packaged one; cleared by the next install. */
  fallback?: { reason: FallbackReason; at: string; version: number } | null;
}

export interface StoredState {
  active: ActiveRuleset | null;
  meta: RulesetMeta | null;
  status: UpdateStatus;
}

/** The part of storage.local the store uses; the polyfill's StorageArea and test fakes fit. */
export interface StorageAreaLike {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface RulesetStore {
  read(): Promise<StoredState>;
  /** Active rules + meta + status in one write. */
  install(active: ActiveRuleset, meta: RulesetMeta, status: UpdateStatus): Promise<void>;
  writeMeta(meta: RulesetMeta): Promise<void>;
  writeStatus(status: UpdateStatus): Promise<void>;
  /** Runs `task` after every task queued before it has settled. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}

export const EMPTY_STATUS: UpdateStatus = { lastCheck: null, lastError: null, fallback: null };

export function createRulesetStore(area: StorageAreaLike): RulesetStore {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    async read() {
      const items = await area.get([RULESET_ACTIVE_KEY, RULESET_META_KEY, RULESET_STATUS_KEY]);
      // Storage is data from a previous version or another part of the extension: check shapes.
      const active = isActiveRuleset(items[RULESET_ACTIVE_KEY]) ? items[RULESET_ACTIVE_KEY] : null;
      const meta = readMeta(items[RULESET_META_KEY]);
      const status = readStatus(items[RULESET_STATUS_KEY]);
      return { active, meta, status };
    },
    install(active, meta, status) {
      return area.set({
        [RULESET_ACTIVE_KEY]: active,
        [RULESET_META_KEY]: meta,
        [RULESET_STATUS_KEY]: status,
      });
    },
    writeMeta(meta) {
      return area.set({ [RULESET_META_KEY]: meta });
    },
    writeStatus(status) {
      return area.set({ [RULESET_STATUS_KEY]: status });
    },
    exclusive(task) {
      const run = queue.then(task, task);
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/** Days before `expires` from which the status warns (rules:verify warns publishers at 14 too). */
export const EXPIRY_WARNING_DAYS = 14;

/** What the popup and options show. */
export function toRulesStatus(state: StoredState, now: number): RulesStatus {
  const expires = state.meta?.expires ?? '';
  const expiresAt = Date.parse(expires);
  const expiry = Number.isNaN(expiresAt)
    ? null
    : expiresAt <= now
      ? 'past'
      : expiresAt - now <= EXPIRY_WARNING_DAYS * 86_400_000
        ? 'soon'
        : null;
  return {
    version: state.meta?.version ?? state.active?.version ?? 0,
    published: state.meta?.published ?? '',
    source: state.meta?.source ?? state.active?.source ?? 'embedded',
    owner: state.meta?.owner ?? null,
    expires,
    expiry,
    lastCheck: state.status.lastCheck,
    lastError: state.status.lastError,
    fallback: state.status.fallback
      ? { reason: state.status.fallback.reason, at: state.status.fallback.at }
      : null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSource(value: unknown): value is 'embedded' | 'feed' {
  return value === 'embedded' || value === 'feed';
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

/** Meta written by an earlier version lacks owner/signedBy: read as null (stored-set.ts finds the key). */
function readMeta(value: unknown): RulesetMeta | null {
  if (
    !(
      isRecord(value) &&
      typeof value.version === 'number' &&
      typeof value.published === 'string' &&
      typeof value.expires === 'string' &&
      isSource(value.source) &&
      isStringOrNull(value.feedUrl) &&
      isStringOrNull(value.signature) &&
      isStringOrNull(value.signedBy ?? null) &&
      (value.owner === undefined || value.owner === null || isOwner(value.owner)) &&
      typeof value.installedAt === 'string' &&
      typeof value.extensionVersion === 'string'
    )
  ) {
    return null;
  }
  return {
    version: value.version,
    published: value.published,
    expires: value.expires,
    source: value.source,
    feedUrl: value.feedUrl,
    owner: isOwner(value.owner) ? value.owner : null,
    signature: value.signature,
    signedBy: typeof value.signedBy === 'string' ? value.signedBy : null,
    installedAt: value.installedAt,
    extensionVersion: value.extensionVersion,
  };
}

function isOwner(value: unknown): value is FeedOwner {
  return value === 'project' || value === 'organisation';
}

const FALLBACK_REASONS: readonly FallbackReason[] = ['key-untrusted', 'stored-invalid', 'expired'];

function readStatus(value: unknown): UpdateStatus {
  if (!isRecord(value) || !isStringOrNull(value.lastCheck)) return EMPTY_STATUS;
  const error = value.lastError;
  const isError =
    error === null ||
    (isRecord(error) &&
      typeof error.code === 'string' &&
      typeof error.detail === 'string' &&
      typeof error.at === 'string');
  if (!isError) return EMPTY_STATUS;
  const f = value.fallback;
  const fallback =
    isRecord(f) &&
    FALLBACK_REASONS.includes(f.reason as FallbackReason) &&
    typeof f.at === 'string' &&
    typeof f.version === 'number'
      ? { reason: f.reason as FallbackReason, at: f.at, version: f.version }
      : null;
  return { lastCheck: value.lastCheck, lastError: error as UpdateError | null, fallback };
}
