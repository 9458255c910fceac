/** The detector the CLI tools use: built from rules/ exactly as `rules:build` builds the bundle. */
import { compileRuleSet, createDetector, type Detector } from '../../src/engine';
import { buildBundle } from './rule-sources';

export function detectorFromSources(): Detector {
  return createDetector(compileRuleSet(buildBundle().bundle));
}
