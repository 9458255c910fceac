/**
 * One named handler per message the background answers. Messages are data from other contexts:
 * checked with the guards of shared/messages.ts and with who sent them before anything runs.
 */
import {
  type ClientId,
  type GetRulesResponse,
  isContentToBackground,
  isUiToBackground,
  type ReadLocalResponse,
  type RulesStatus,
  type TabReport,
} from '../shared/messages';
import { CONTENT_READABLE_KEYS } from '../shared/storage-keys';
import type { RulesetStore, StoredState } from './ruleset-store';
import { toRulesStatus } from './ruleset-store';

export interface MessagingDeps {
  store: RulesetStore;
  /** Resolves once start-up work (embedded install, alarm) is done. */
  ready: () => Promise<unknown>;
  checkNow(): Promise<RulesStatus>;
  /**
   * The stored state after the active set was re-checked (ruleset-updater.ts readChecked). The
   * worker always passes it; without it (tests of other handlers) the store is read as is.
   */
  readRules?(): Promise<StoredState>;
  /** storage.local.get, for the few keys content scripts may read (storage-access.ts). */
  readLocal?(keys: string[]): Promise<Record<string, unknown>>;
  now?(): number;
  extensionId: string;
  /** Origin of the extension's own pages, e.g. "chrome-extension://<id>/". */
  extensionOrigin: string;
  /** The toolbar badge of each tab (./tab-badge.ts); optional so older callers keep working. */
  badges?: {
    report(tabId: number, report: TabReport): Promise<void>;
    layoutProblems(): Promise<ClientId[]>;
  };
}

export interface SenderLike {
  id?: string;
  url?: string;
  /** Set when a content script sent the message: the tab it runs in. */
  tab?: { id?: number };
  /** 0 for the top frame (the only one Vigie's content script runs in). */
  frameId?: number;
}

/**
 * Returns a promise for messages this worker answers and undefined for the rest, so other
 * listeners (the polyfill calls them all) can answer theirs.
 */
export function createMessageHandler(deps: MessagingDeps) {
  return (message: unknown, sender: SenderLike): Promise<unknown> | undefined => {
    if (sender.id !== deps.extensionId) return undefined;
    if (isUiToBackground(message)) {
      // Status and checks are for the extension's own pages only, not for content scripts.
      if (!sender.url?.startsWith(deps.extensionOrigin)) return undefined;
      return message.type === 'ui-bg/check-now'
        ? deps.checkNow().then((status) => withLayout(deps, status))
        : getStatus(deps);
    }
    if (isContentToBackground(message)) {
      if (message.type === 'cs-bg/get-rules') return getRules(deps);
      if (message.type === 'cs-bg/read-local') return readLocal(deps, message.keys);
      // A report describes the tab it comes from; an extension page has none to describe.
      const tabId = sender.tab?.id;
      if (typeof tabId !== 'number' || tabId < 0 || (sender.frameId ?? 0) !== 0 || !deps.badges)
        return undefined;
      const { client, state, flagged, shop } = message;
      return deps.badges.report(tabId, { client, state, flagged, ...(shop ? { shop } : {}) }).then(
        () => ({ ok: true }),
        () => ({ ok: false }),
      );
    }
    return undefined;
  };
}

async function getStatus(deps: MessagingDeps): Promise<RulesStatus> {
  await deps.ready();
  return withLayout(deps, toRulesStatus(await deps.store.read(), deps.now?.() ?? Date.now()));
}

/** The rules status plus the clients an open tab cannot read: both say "the rules may be outdated". */
async function withLayout(deps: MessagingDeps, status: RulesStatus): Promise<RulesStatus> {
  const layoutProblems = await deps.badges?.layoutProblems().catch(() => []);
  return layoutProblems ? { ...status, layoutProblems } : status;
}

async function getRules(deps: MessagingDeps): Promise<GetRulesResponse> {
  try {
    await deps.ready();
    const { active } = await (deps.readRules ? deps.readRules() : deps.store.read());
    return active ? { ok: true, ruleset: active } : { ok: false, error: 'no rule set is installed' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Read-only, and only the keys on the list: never the rules, the PIN or anything added later. */
async function readLocal(deps: MessagingDeps, keys: string[]): Promise<ReadLocalResponse> {
  const allowed = keys.filter((k) => CONTENT_READABLE_KEYS.includes(k));
  if (allowed.length !== keys.length || !deps.readLocal) {
    return { ok: false, error: 'not readable from a content script' };
  }
  try {
    return { ok: true, items: await deps.readLocal(allowed) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
