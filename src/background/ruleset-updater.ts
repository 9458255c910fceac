/**
 * Applies decisions to storage: installs the embedded default on first start, re-checks it after an
 * extension update, and turns a feed check (./update-pipeline.ts) into one atomic write. Every
 * effect is injected (store, embedded loader, clock), so start modes and checks are unit-tested.
 *
 * Start modes (STYLE §5): 'first-install' (nothing stored), 'extension-updated' (stored rules were
 * last checked by another extension version), 'wake-up' (everything in place: nothing to do).
 */
import type { ActiveRuleset, RulesStatus } from '../shared/messages';
import type { RulesetMeta, RulesetStore, StoredState } from './ruleset-store';
import { toRulesStatus } from './ruleset-store';
import { type CheckOutcome, checkFeeds, type PipelineDeps } from './update-pipeline';
import type { BundleFacts, BundleValidator } from './validate-bundle';

export type StartMode = 'first-install' | 'extension-updated' | 'wake-up';

export interface UpdaterDeps {
  store: RulesetStore;
  /** Text of the bundle packaged with the extension (rules/bundle.json). */
  loadEmbedded(): Promise<string>;
  validate: BundleValidator;
  extensionVersion: string;
  now(): number;
}

/**
 * Makes sure a usable rule set is active. The embedded bundle is trusted as package data (the
 * browser verified the package) and is never refused for its age: a fresh install works offline.
 */
export function ensureActive(deps: UpdaterDeps): Promise<StartMode> {
  return deps.store.exclusive(async () => {
    const state = await deps.store.read();
    if (state.active && state.meta && state.meta.extensionVersion === deps.extensionVersion) return 'wake-up';

    const raw = await deps.loadEmbedded();
    const facts = deps.validate(raw); // a broken package is a build bug: let it throw loudly
    if (!state.active) {
      await installEmbedded(deps, raw, facts, state);
      return 'first-install';
    }
    // After an extension update the stored feed bundle may be older than the new embedded one, or
    // in a format the new engine no longer reads.
    let isStoredUsable = true;
    try {
      deps.validate(state.active.raw);
    } catch {
      isStoredUsable = false;
    }
    if (!isStoredUsable || !state.meta || facts.version > state.active.version) {
      await installEmbedded(deps, raw, facts, state);
    } else {
      await deps.store.writeMeta({ ...state.meta, extensionVersion: deps.extensionVersion });
    }
    return 'extension-updated';
  });
}

async function installEmbedded(deps: UpdaterDeps, raw: string, facts: BundleFacts, state: StoredState) {
  const active: ActiveRuleset = { raw, version: facts.version, source: 'embedded' };
  const meta: RulesetMeta = {
    version: facts.version,
    published: facts.published,
    expires: facts.expires,
    source: 'embedded',
    feedUrl: null,
    signature: null,
    etag: null,
    installedAt: new Date(deps.now()).toISOString(),
    extensionVersion: deps.extensionVersion,
  };
  await deps.store.install(active, meta, state.status);
}

export interface CheckDeps extends UpdaterDeps {
  pipeline: PipelineDeps;
  /** Feed URLs and trusted keys for this check (build config, plus policy additions later). */
  feeds(): Promise<{ urls: readonly string[]; keys: readonly string[] }>;
}

/** One feed check, end to end, serialised with every other write. Never throws for feed trouble. */
export async function runCheck(deps: CheckDeps): Promise<{ outcome: CheckOutcome; status: RulesStatus }> {
  // A broken embedded bundle is a build bug (reported at start-up); a good feed bundle can still
  // rescue the install, so the check goes on.
  await ensureActive(deps).catch(() => undefined);
  return deps.store.exclusive(async () => {
    const state = await deps.store.read();
    const { urls, keys } = await deps.feeds();
    const current = state.active
      ? {
          raw: state.active.raw,
          version: state.active.version,
          feedUrl: state.meta?.feedUrl ?? null,
          etag: state.meta?.etag ?? null,
        }
      : null;
    const outcome = await checkFeeds({ feeds: urls, keys, current }, deps.pipeline);
    const at = new Date(deps.now()).toISOString();
    let next: StoredState;
    switch (outcome.kind) {
      case 'install': {
        const active: ActiveRuleset = { raw: outcome.raw, version: outcome.facts.version, source: 'feed' };
        const meta: RulesetMeta = {
          version: outcome.facts.version,
          published: outcome.facts.published,
          expires: outcome.facts.expires,
          source: 'feed',
          feedUrl: outcome.feedUrl,
          signature: outcome.signature,
          etag: outcome.etag,
          installedAt: at,
          extensionVersion: deps.extensionVersion,
        };
        next = { active, meta, status: { lastCheck: at, lastError: null } };
        // One write: content scripts see the new rules through storage.onChanged('ruleset/active').
        await deps.store.install(active, meta, next.status);
        break;
      }
      case 'up-to-date': {
        next = { ...state, status: { lastCheck: at, lastError: null } };
        if (state.meta && state.meta.feedUrl === outcome.feedUrl && state.meta.etag !== outcome.etag) {
          next.meta = { ...state.meta, etag: outcome.etag };
          await deps.store.writeMeta(next.meta);
        }
        await deps.store.writeStatus(next.status);
        break;
      }
      case 'refused': {
        next = {
          ...state,
          status: { lastCheck: at, lastError: { code: outcome.code, detail: outcome.detail, at } },
        };
        await deps.store.writeStatus(next.status);
        break;
      }
    }
    return { outcome, status: toRulesStatus(next) };
  });
}
