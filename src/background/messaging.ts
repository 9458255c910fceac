/**
 * One named handler per message the background answers. Messages are data from other contexts:
 * checked with the guards of shared/messages.ts and with who sent them before anything runs.
 */
import {
  type GetRulesResponse,
  isContentToBackground,
  isUiToBackground,
  type RulesStatus,
} from '../shared/messages';
import type { RulesetStore } from './ruleset-store';
import { toRulesStatus } from './ruleset-store';

export interface MessagingDeps {
  store: RulesetStore;
  /** Resolves once start-up work (embedded install, alarm) is done. */
  ready: () => Promise<unknown>;
  checkNow(): Promise<RulesStatus>;
  extensionId: string;
  /** Origin of the extension's own pages, e.g. "chrome-extension://<id>/". */
  extensionOrigin: string;
}

export interface SenderLike {
  id?: string;
  url?: string;
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
      return message.type === 'ui-bg/check-now' ? deps.checkNow() : getStatus(deps);
    }
    if (isContentToBackground(message)) return getRules(deps);
    return undefined;
  };
}

async function getStatus(deps: MessagingDeps): Promise<RulesStatus> {
  await deps.ready();
  return toRulesStatus(await deps.store.read());
}

async function getRules(deps: MessagingDeps): Promise<GetRulesResponse> {
  try {
    await deps.ready();
    const { active } = await deps.store.read();
    return active ? { ok: true, ruleset: active } : { ok: false, error: 'no rule set is installed' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
