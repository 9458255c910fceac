/**
 * The detection engine's only public surface. Pure TypeScript: runs the same in the content
 * script, in Node tests and in the command-line tools.
 *
 * @example
 *   const rules = compileRuleSet(bundleJson);      // validates; throws RuleSetError on bad data
 *   const detector = createDetector(rules);
 *   const verdict = detector.scan('beuh 10€ le g, livraison 7j/7 📦');
 *   verdict.flagged; verdict.category; verdict.reasons[0].spans;
 */

export type { Lexicon, RuleBundle, RuleDef } from './ruleset/bundle-types';
export { BUNDLE_FORMAT } from './ruleset/bundle-types';
export type * from './types';
export { CATEGORIES } from './types';
