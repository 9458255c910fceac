/**
 * The detection engine's only public surface. Pure TypeScript: runs the same in the content
 * script, in Node tests and in the command-line tools.
 *
 * @example
 *   const rules = compileRuleSet(loadBundle(bundleJsonText)); // throws RuleSetError on bad data
 *   const detector = createDetector(rules);
 *   const verdict = detector.scan('beuh 10€ le g, livraison 7j/7 📦');
 *   verdict.flagged; verdict.category; verdict.reasons[0].spans;
 */

export * from './chat';
export { createDetector, type Detector } from './detector';
export { RuleSetError } from './errors';
export { type Normalized, normalize, toOriginalSpan } from './normalize';
export type {
  ConceptRule,
  ConceptSection,
  Lexicon,
  RuleBundle,
  RuleDef,
  Scoring,
  SignalDef,
} from './ruleset/bundle-types';
export { BUNDLE_FORMAT } from './ruleset/bundle-types';
export { COMPILED_FORMAT, type CompiledRuleSet, compileRuleSet } from './ruleset/compile';
export { isoToEpochMs } from './ruleset/iso-date';
export { loadBundle, SIGNAL_KINDS, validateBundle } from './ruleset/validate';
export type * from './types';
export { CATEGORIES } from './types';
