/**
 * What the check page needs from the active rule set besides the scan itself (which runs in the
 * worker): its version, for the report, and the plain-language explanations of the reasons.
 * The text is the verified bundle; still, it is read defensively: a missing or odd field gives a
 * neutral fallback, never an exception in the page.
 */
import type { Explanation } from '../engine/types';
import type { ExplainSource } from './found-item';

export interface RulesInfo extends ExplainSource {
  version: number | null;
}

function isExplanation(value: unknown): value is Explanation {
  const v = value as Partial<Explanation> | null;
  return typeof v === 'object' && v !== null && typeof v.en === 'string' && typeof v.fr === 'string';
}

export function parseRulesInfo(json: string | null): RulesInfo {
  let bundle: { version?: unknown; explanations?: unknown } = {};
  try {
    const parsed: unknown = json === null ? null : JSON.parse(json);
    if (typeof parsed === 'object' && parsed !== null) bundle = parsed;
  } catch {
    // Unreadable rules: the worker reports the scan error; here only the labels degrade.
  }
  const table =
    typeof bundle.explanations === 'object' && bundle.explanations !== null
      ? (bundle.explanations as Record<string, unknown>)
      : {};
  const version =
    typeof bundle.version === 'number' && Number.isFinite(bundle.version) ? bundle.version : null;
  return {
    version,
    explanation(key) {
      const found = Object.hasOwn(table, key) ? table[key] : undefined;
      return isExplanation(found) ? { en: found.en, fr: found.fr } : { en: key, fr: key };
    },
  };
}
