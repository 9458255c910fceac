/**
 * The rule text a scan uses: the active, verified ruleset the content scripts use
 * (storage.local[RULESET_ACTIVE_KEY], written by the background after verification), else the
 * bundle packaged with the extension. Only rule data is read here.
 */
import browser from '../shared/browser';
import { isActiveRuleset, RULESET_ACTIVE_KEY } from '../shared/messages';

export async function loadRulesJson(): Promise<string> {
  try {
    const stored = await browser.storage.local.get(RULESET_ACTIVE_KEY);
    const active = stored[RULESET_ACTIVE_KEY];
    if (isActiveRuleset(active) && active.raw.length > 0) return active.raw;
  } catch {
    // No storage (a test page): the packaged rules below are as good.
  }
  const response = await fetch(browser.runtime.getURL('rules/bundle.json'));
  if (!response.ok) throw new Error(`packaged rules/bundle.json: HTTP ${response.status}`);
  return response.text();
}
