/**
 * The rule text a scan uses: the active set as the background hands it out (re-checked there:
 * signature, trusted key, rules, dates; issue 17 point 7), else the bundle packaged with the
 * extension. The stored value is never read directly: a damaged one would switch the check off.
 * Only rule data is read here.
 */
import browser from '../shared/browser';
import { isActiveRuleset } from '../shared/messages';

export async function loadRulesJson(): Promise<string> {
  try {
    const reply: unknown = await browser.runtime.sendMessage({ type: 'cs-bg/get-rules' });
    const ruleset = (reply as { ok?: unknown; ruleset?: unknown } | null)?.ruleset;
    if (
      (reply as { ok?: unknown } | null)?.ok === true &&
      isActiveRuleset(ruleset) &&
      ruleset.raw.length > 0
    ) {
      return ruleset.raw;
    }
  } catch {
    // No background (a test page): the packaged rules below are as good.
  }
  const response = await fetch(browser.runtime.getURL('rules/bundle.json'));
  if (!response.ok) throw new Error(`packaged rules/bundle.json: HTTP ${response.status}`);
  return response.text();
}
