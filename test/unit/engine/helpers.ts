/** Build the real rule set from rules/ once per test file, as `npm run rules:build` does. */

import { buildBundle } from '../../../scripts/lib/rule-sources';
import {
  type CompiledRuleSet,
  compileRuleSet,
  createDetector,
  type Detector,
  normalize,
} from '../../../src/engine';
import { ConceptMatcher } from '../../../src/engine/match/concepts';
import { tokenize } from '../../../src/engine/match/tokenize';

let cached: { compiled: CompiledRuleSet; detector: Detector } | undefined;

export function realRules(): { compiled: CompiledRuleSet; detector: Detector } {
  if (!cached) {
    const compiled = compileRuleSet(buildBundle().bundle);
    cached = { compiled, detector: createDetector(compiled) };
  }
  return cached;
}

/**
 * Ids of the rules whose terms or concepts occur in `text`: the matcher alone, before any scoring
 * (the detector builds no reasons for a message that cannot be flagged).
 */
export function firedRuleIds(compiled: CompiledRuleSet, text: string): Set<string> {
  const n = normalize(text);
  const tokens = tokenize(n.text);
  const fired = new Set<string>();
  const matcher = new ConceptMatcher(compiled.classCount, compiled.concepts);
  matcher.reset();
  compiled.index.scan(n.text, tokens, (r, first, last) => {
    if (r >= compiled.classBase) matcher.add(r - compiled.classBase, first, last);
    else {
      const rule = compiled.rules[r];
      if (rule) fired.add(rule.id);
    }
  });
  matcher.run();
  for (let i = 0; i < matcher.candidates; i++) {
    if (matcher.alive(i)) fired.add(compiled.rules[matcher.ruleOf(i)]?.id ?? '?');
  }
  return fired;
}
