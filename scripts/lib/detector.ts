/** The detector the CLI tools use: built from rules/ exactly as `rules:build` builds the bundle. */
import { compileRuleSet, createDetector, type Detector, type RuleBundle } from '../../src/engine';
import { buildBundle } from './rule-sources';

export function detectorFromSources(): Detector {
  return bundleAndDetector().detector;
}

/** The bundle too, for the tools that need its other sections (the chat thresholds). */
export function bundleAndDetector(): { bundle: RuleBundle; detector: Detector } {
  const { bundle } = buildBundle();
  return { bundle, detector: createDetector(compileRuleSet(bundle)) };
}
