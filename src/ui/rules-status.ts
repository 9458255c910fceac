/**
 * The rule-set status the background reports (version, source, last check, last error), read by
 * the popup and the options page. Anything malformed is treated as "no answer", never trusted.
 */
import browser from '../shared/browser';
import { CLIENT_IDS, type RulesStatus } from '../shared/messages';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';

export function parseRulesStatus(v: unknown): RulesStatus | null {
  if (!isObject(v) || typeof v.version !== 'number' || typeof v.published !== 'string') return null;
  if (v.source !== 'embedded' && v.source !== 'feed') return null;
  if (!isStringOrNull(v.lastCheck)) return null;
  const e = v.lastError;
  if (e !== null && !(isObject(e) && typeof e.code === 'string' && typeof e.at === 'string')) return null;
  const status = v as unknown as RulesStatus;
  // Optional: clients whose layout an open tab does not recognise. Anything else is dropped.
  const problems = v.layoutProblems;
  if (problems === undefined) return status;
  const valid =
    Array.isArray(problems) && problems.every((c) => (CLIENT_IDS as readonly unknown[]).includes(c));
  return valid ? status : { ...status, layoutProblems: undefined };
}

/** Asks the background for the rule-set status; null when it does not answer (yet). */
export async function fetchRulesStatus(): Promise<RulesStatus | null> {
  try {
    return parseRulesStatus(await browser.runtime.sendMessage({ type: 'ui-bg/get-status' }));
  } catch {
    return null;
  }
}
