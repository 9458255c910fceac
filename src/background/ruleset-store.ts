/**
 * Where the rule set lives between worker lives: storage.local, never globals alone (Chrome stops
 * an idle MV3 worker after 30 s; https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle).
 *
 *   'ruleset/active'  ActiveRuleset  {raw, version, source}  ← content scripts read and watch this
 *   'ruleset/meta'    RulesetMeta    dates, origin, signature, ETag of the active bundle
 *   'ruleset/status'  UpdateStatus   lastCheck, lastError
 *
 * A new rule set is written with ONE storage.local.set of all three keys, so a reader never sees
 * new rules with old meta; a failed check writes only the status, so the last good rules stay.
 * Writes from one worker life go through one promise chain (uBO's pendingOpPromise), so an alarm
 * check and a "check now" never interleave their read-modify-write.
 */
import {
  type ActiveRuleset,
  isActiveRuleset,
  RULESET_ACTIVE_KEY,
  type RulesStatus,
} from '../shared/messages';

export const RULESET_META_KEY = 'ruleset/meta';
export const RULESET_STATUS_KEY = 'ruleset/status';

export interface RulesetMeta {
  version: number;
  published: string;
  expires: string;
  source: 'embedded' | 'feed';
  /** Feed URL the active bundle came from; null for the embedded one. */
  feedUrl: string | null;
  /** Detached signature (base64) of `raw`; null for the embedded bundle, trusted as package data. */
  signature: string | null;
  /** ETag the feed gave for exactly this bundle; sent back as If-None-Match. */
  etag: string | null;
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

export const EMPTY_STATUS: UpdateStatus = { lastCheck: null, lastError: null };

export function createRulesetStore(area: StorageAreaLike): RulesetStore {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    async read() {
      const items = await area.get([RULESET_ACTIVE_KEY, RULESET_META_KEY, RULESET_STATUS_KEY]);
      // Storage is data from a previous version or another part of the extension: check shapes.
      const active = isActiveRuleset(items[RULESET_ACTIVE_KEY]) ? items[RULESET_ACTIVE_KEY] : null;
      const meta = isMeta(items[RULESET_META_KEY]) ? items[RULESET_META_KEY] : null;
      const status = isStatus(items[RULESET_STATUS_KEY]) ? items[RULESET_STATUS_KEY] : EMPTY_STATUS;
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

/** What the popup and options show. */
export function toRulesStatus(state: StoredState): RulesStatus {
  return {
    version: state.meta?.version ?? state.active?.version ?? 0,
    published: state.meta?.published ?? '',
    source: state.meta?.source ?? state.active?.source ?? 'embedded',
    lastCheck: state.status.lastCheck,
    lastError: state.status.lastError,
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

function isMeta(value: unknown): value is RulesetMeta {
  return (
    isRecord(value) &&
    typeof value.version === 'number' &&
    typeof value.published === 'string' &&
    typeof value.expires === 'string' &&
    isSource(value.source) &&
    isStringOrNull(value.feedUrl) &&
    isStringOrNull(value.signature) &&
    isStringOrNull(value.etag) &&
    typeof value.installedAt === 'string' &&
    typeof value.extensionVersion === 'string'
  );
}

function isStatus(value: unknown): value is UpdateStatus {
  if (!isRecord(value) || !isStringOrNull(value.lastCheck)) return false;
  const error = value.lastError;
  return (
    error === null ||
    (isRecord(error) &&
      typeof error.code === 'string' &&
      typeof error.detail === 'string' &&
      typeof error.at === 'string')
  );
}
