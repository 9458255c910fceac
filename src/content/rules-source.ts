/**
 * Where the content script gets its rules: from the background, by message, always (issue 17,
 * point 7). The background re-checks the stored set (signature, trusted key, rules, dates) before
 * it hands it out and falls back to the packaged rules when it fails; a value read straight from
 * storage could have been written by anyone who can write storage.local (on Firefox, any
 * compromised chat page), and on Chrome content scripts cannot read storage.local at all.
 * A change of 'ruleset/active' (a storage.local event on Firefox, the background's notice in
 * storage.session on Chrome: src/shared/storage-access.ts) only means "ask again"; its value is
 * never used. Updates apply without a reload. Only rule DATA flows here.
 */

import { type ChatSection, compileRuleSet, createDetector, loadBundle } from '../engine';
import type { SiteSelectors } from '../engine/ruleset/sites';
import { validateSites } from '../engine/ruleset/sites';
import browser from '../shared/browser';
import { type ActiveRuleset, type ClientId, isActiveRuleset, RULESET_ACTIVE_KEY } from '../shared/messages';
import { onStorageChanged } from '../shared/storage-access';
import type { DetectorLike } from './scanner';
import { BUILTIN_SITES } from './sites/builtin';

export interface LoadedRules {
  detector: DetectorLike;
  site: SiteSelectors;
  version: number;
  /** The chat-level verdict's thresholds; null when the bundle has none. */
  chat: ChatSection | null;
}

/** Compiles a stored ruleset; throws RuleSetError (clear message) on bad data. */
export function compileActive(active: ActiveRuleset, client: ClientId): LoadedRules {
  const bundle = loadBundle(active.raw);
  const detector = createDetector(compileRuleSet(bundle));
  const fromBundle = (bundle.sites as Record<string, unknown> | undefined)?.[client];
  const site =
    fromBundle !== undefined && validateSites({ [client]: fromBundle }).length === 0
      ? (fromBundle as SiteSelectors)
      : BUILTIN_SITES[client];
  return { detector, site, version: detector.version, chat: bundle.chat ?? null };
}

export async function readActiveRuleset(): Promise<ActiveRuleset | null> {
  const reply: unknown = await browser.runtime.sendMessage({ type: 'cs-bg/get-rules' });
  if (typeof reply === 'object' && reply !== null && (reply as { ok?: unknown }).ok === true) {
    const ruleset = (reply as { ruleset?: unknown }).ruleset;
    if (isActiveRuleset(ruleset)) return ruleset;
  }
  return null;
}

/** Calls back with each new active ruleset (as the background hands it out); stops on abort. */
export function onRulesetChanged(signal: AbortSignal, cb: (active: ActiveRuleset) => void): void {
  let asking: Promise<void> | null = null;
  let again = false;
  const ask = () => {
    if (asking) {
      again = true;
      return;
    }
    asking = readActiveRuleset()
      .then((next) => {
        if (next && !signal.aborted) cb(next);
      })
      .catch(() => undefined)
      .finally(() => {
        asking = null;
        if (again && !signal.aborted) {
          again = false;
          ask();
        }
      });
  };
  const stop = onStorageChanged((changes, area) => {
    if (area === 'local' && RULESET_ACTIVE_KEY in changes) ask();
  });
  signal.addEventListener('abort', stop, { once: true });
}
