/**
 * Applies decisions to storage: installs the embedded default on first start, re-checks the
 * stored set (./stored-set.ts) at every worker start and before it is handed out, and turns a
 * feed check (./update-pipeline.ts) into one atomic write. Every effect is injected (store,
 * embedded loader, clock, crypto), so start modes and checks are unit-tested.
 *
 * Start modes (STYLE §5): 'first-install' (nothing stored), 'extension-updated' (stored rules were
 * last checked by another extension version), 'recovered' (the stored set failed its re-check and
 * the packaged rules took its place, with the reason in the status), 'wake-up' (all in place).
 */
import type { VerifyResult } from '../engine/crypto/verify';
import type { ActiveRuleset, FallbackReason, RulesStatus } from '../shared/messages';
import type { FeedPlan } from './feed-sources';
import type { RulesetMeta, RulesetStore, StoredState } from './ruleset-store';
import { toRulesStatus } from './ruleset-store';
import { checkStoredSet, type Packaged } from './stored-set';
import { type CheckOutcome, checkFeeds, type PipelineDeps } from './update-pipeline';
import type { BundleValidator } from './validate-bundle';

export type StartMode = 'first-install' | 'extension-updated' | 'recovered' | 'wake-up';

export interface UpdaterDeps {
  store: RulesetStore;
  /** Text of the bundle packaged with the extension (rules/bundle.json). */
  loadEmbedded(): Promise<string>;
  validate: BundleValidator;
  verify(bytes: Uint8Array, signature: string, keys: readonly string[]): Promise<VerifyResult>;
  /** Feeds and the keys bound to them, read at every use so a policy change applies at once. */
  feeds(): Promise<FeedPlan>;
  extensionVersion: string;
  now(): number;
}

/**
 * What this worker life last found good, so a wake-up or a content script's request re-checks
 * the stored set in one string comparison instead of a signature check and a compile (~40 ms).
 */
interface Checked {
  raw: string;
  signature: string | null;
  trust: string;
  expiresAt: number;
  extensionVersion: string;
}
const checkedByStore = new WeakMap<RulesetStore, Checked>();

function trustKey(plan: FeedPlan): string {
  return JSON.stringify(plan.keys);
}

/**
 * Makes sure a usable, still-trusted rule set is active. The embedded bundle is trusted as
 * package data (the browser verified the package) and is never refused for its age: a fresh
 * install works offline, and a dropped feed set always has something to fall back to.
 */
export function ensureActive(deps: UpdaterDeps): Promise<StartMode> {
  return deps.store.exclusive(async () => {
    const state = await deps.store.read();
    const plan = await deps.feeds();
    const memo = checkedByStore.get(deps.store);
    if (
      state.active &&
      state.meta &&
      memo &&
      memo.raw === state.active.raw &&
      memo.signature === state.meta.signature &&
      memo.trust === trustKey(plan) &&
      memo.extensionVersion === deps.extensionVersion &&
      state.meta.extensionVersion === deps.extensionVersion &&
      (state.meta.source === 'embedded' || memo.expiresAt > deps.now())
    ) {
      return 'wake-up';
    }

    const raw = await deps.loadEmbedded();
    const packaged: Packaged = { raw, facts: deps.validate(raw) }; // a broken package is a build bug: throw
    if (!state.active || !state.meta) {
      // Something stored but unreadable is a damaged set, not a first start: say so.
      const damaged = state.active !== null || state.meta !== null;
      await installEmbedded(deps, packaged, state, damaged ? 'stored-invalid' : null);
      return damaged ? 'recovered' : 'first-install';
    }
    const extensionUpdated = state.meta.extensionVersion !== deps.extensionVersion;
    const verdict = await checkStoredSet(
      { ...state, active: state.active, meta: state.meta },
      plan,
      packaged,
      extensionUpdated,
      deps,
    );
    if (verdict.kind === 'replace') {
      await installEmbedded(deps, packaged, state, verdict.reason);
      return verdict.reason ? 'recovered' : 'extension-updated';
    }
    const meta: RulesetMeta = {
      ...state.meta,
      owner: verdict.owner,
      signedBy: verdict.signedBy,
      extensionVersion: deps.extensionVersion,
    };
    if (JSON.stringify(meta) !== JSON.stringify(state.meta)) await deps.store.writeMeta(meta);
    remember(deps, state.active.raw, meta.signature, plan, verdict.facts.expiresAt);
    return extensionUpdated ? 'extension-updated' : 'wake-up';
  });
}

function remember(
  deps: UpdaterDeps,
  raw: string,
  signature: string | null,
  plan: FeedPlan,
  expiresAt: number,
) {
  checkedByStore.set(deps.store, {
    raw,
    signature,
    trust: trustKey(plan),
    expiresAt,
    extensionVersion: deps.extensionVersion,
  });
}

async function installEmbedded(
  deps: UpdaterDeps,
  packaged: Packaged,
  state: StoredState,
  reason: FallbackReason | null,
) {
  const { raw, facts } = packaged;
  const at = new Date(deps.now()).toISOString();
  const active: ActiveRuleset = { raw, version: facts.version, source: 'embedded' };
  const meta: RulesetMeta = {
    version: facts.version,
    published: facts.published,
    expires: facts.expires,
    source: 'embedded',
    feedUrl: null,
    owner: null,
    signature: null,
    signedBy: null,
    installedAt: at,
    extensionVersion: deps.extensionVersion,
  };
  const fallback = reason
    ? { reason, at, version: state.active?.version ?? state.meta?.version ?? 0 }
    : (state.status.fallback ?? null);
  await deps.store.install(active, meta, { ...state.status, fallback });
  remember(deps, raw, null, await deps.feeds(), facts.expiresAt);
}

/**
 * The active set, re-checked first (cheap when nothing changed): what the content scripts and
 * the check page are given. Never the raw storage value.
 */
export async function readChecked(deps: UpdaterDeps): Promise<StoredState> {
  await ensureActive(deps);
  return deps.store.read();
}

export interface CheckDeps extends UpdaterDeps {
  pipeline: PipelineDeps;
}

/** One feed check, end to end, serialised with every other write. Never throws for feed trouble. */
export async function runCheck(deps: CheckDeps): Promise<{ outcome: CheckOutcome; status: RulesStatus }> {
  // A broken embedded bundle is a build bug (reported at start-up); a good feed bundle can still
  // rescue the install, so the check goes on.
  await ensureActive(deps).catch(() => undefined);
  return deps.store.exclusive(async () => {
    const state = await deps.store.read();
    const plan = await deps.feeds();
    const current =
      state.active && state.meta
        ? {
            raw: state.active.raw,
            version: state.active.version,
            published: state.meta.published,
            signature: state.meta.signature,
          }
        : null;
    const outcome = await checkFeeds({ feeds: plan.feeds, current }, deps.pipeline);
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
          owner: outcome.owner,
          signature: outcome.signature,
          signedBy: outcome.signedBy,
          installedAt: at,
          extensionVersion: deps.extensionVersion,
        };
        next = { active, meta, status: { lastCheck: at, lastError: null, fallback: null } };
        // One write; the background tells content scripts (./storage-access.ts) to ask again.
        await deps.store.install(active, meta, next.status);
        remember(deps, outcome.raw, outcome.signature, plan, outcome.facts.expiresAt);
        break;
      }
      case 'up-to-date': {
        next = { ...state, status: { ...state.status, lastCheck: at, lastError: null } };
        await deps.store.writeStatus(next.status);
        break;
      }
      case 'refused': {
        next = {
          ...state,
          status: {
            ...state.status,
            lastCheck: at,
            lastError: { code: outcome.code, detail: outcome.detail, at },
          },
        };
        await deps.store.writeStatus(next.status);
        break;
      }
    }
    return { outcome, status: toRulesStatus(next, deps.now()) };
  });
}
