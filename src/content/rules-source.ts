/**
 * Where the content script gets its rules: storage.local[RULESET_ACTIVE_KEY] (written by the
 * background after verification); when missing, it asks the background once. Rule updates arrive
 * through storage.onChanged and are applied without a reload. Only rule DATA flows here.
 */

import { compileRuleSet, createDetector, loadBundle } from '../engine';
import type { SiteSelectors } from '../engine/ruleset/sites';
import { validateSites } from '../engine/ruleset/sites';
import browser from '../shared/browser';
import { type ActiveRuleset, type ClientId, isActiveRuleset, RULESET_ACTIVE_KEY } from '../shared/messages';
import type { DetectorLike } from './scanner';
import { BUILTIN_SITES } from './sites/builtin';

export interface LoadedRules {
  detector: DetectorLike;
  site: SiteSelectors;
  version: number;
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
  return { detector, site, version: detector.version };
}

export async function readActiveRuleset(): Promise<ActiveRuleset | null> {
  const stored = await browser.storage.local.get(RULESET_ACTIVE_KEY);
  const value = stored[RULESET_ACTIVE_KEY];
  if (isActiveRuleset(value)) return value;
  const reply: unknown = await browser.runtime.sendMessage({ type: 'cs-bg/get-rules' });
  if (typeof reply === 'object' && reply !== null && (reply as { ok?: unknown }).ok === true) {
    const ruleset = (reply as { ruleset?: unknown }).ruleset;
    if (isActiveRuleset(ruleset)) return ruleset;
  }
  return null;
}

/** Calls back with each new active ruleset; stops on abort. */
export function onRulesetChanged(signal: AbortSignal, cb: (active: ActiveRuleset) => void): void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(RULESET_ACTIVE_KEY in changes)) return;
    const next = changes[RULESET_ACTIVE_KEY]?.newValue;
    if (isActiveRuleset(next)) cb(next);
  };
  browser.storage.onChanged.addListener(listener);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), { once: true });
}
