/** Build the real rule set from rules/ once per test file, as `npm run rules:build` does. */

import { buildBundle } from '../../../scripts/lib/rule-sources';
import { type CompiledRuleSet, compileRuleSet, createDetector, type Detector } from '../../../src/engine';

let cached: { compiled: CompiledRuleSet; detector: Detector } | undefined;

export function realRules(): { compiled: CompiledRuleSet; detector: Detector } {
  if (!cached) {
    const compiled = compileRuleSet(buildBundle().bundle);
    cached = { compiled, detector: createDetector(compiled) };
  }
  return cached;
}
