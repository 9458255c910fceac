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
  const matcher = new ConceptMatcher(compiled.classCount, compiled.concepts, compiled.guards);
  matcher.reset();
  const hits: [number, number, number][] = [];
  compiled.index.scan(n.text, tokens, (r, first, last) => {
    if (r >= compiled.classBase) matcher.add(r - compiled.classBase, first, last);
    else hits.push([r, first, last]);
  });
  // Guarded rules lose the hits that a reporting frame (or another none class) sits next to.
  const rule = Int32Array.from(hits, (h) => h[0]);
  matcher.filterGuarded(
    compiled.guards,
    rule,
    Int32Array.from(hits, (h) => h[1]),
    Int32Array.from(hits, (h) => h[2]),
    hits.length,
  );
  for (const r of rule) {
    const id = r >= 0 ? compiled.rules[r]?.id : undefined;
    if (id) fired.add(id);
  }
  matcher.run();
  for (let i = 0; i < matcher.candidates; i++) {
    if (matcher.alive(i)) fired.add(compiled.rules[matcher.ruleOf(i)]?.id ?? '?');
  }
  return fired;
}
