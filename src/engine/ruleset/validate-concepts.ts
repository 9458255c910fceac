/**
 * Shape validation of the bundle's optional `concepts` section (see ConceptSection): named term
 * classes and the rules that compose them. Checked once when rules are loaded; errors name the
 * class or rule and the reason. The limits keep matching linear with a small constant: a class
 * occurrence touches at most MAX_CONCEPTS_PER_CLASS concepts of at most MAX_CONCEPT_PARTS parts.
 */

import { RuleSetError } from '../errors';
import {
  MAX_CONCEPT_NONE,
  MAX_CONCEPT_PARTS,
  MAX_CONCEPT_WINDOW,
  MAX_CONCEPTS_PER_CLASS,
} from '../match/concepts';
import { CATEGORIES, type Category, type SignalKind } from '../types';
import type { ConceptRule, ConceptSection } from './bundle-types';

export const CONCEPT_LIMITS = {
  classes: 1000,
  termsPerClass: 5000,
  totalClassTerms: 50_000,
  rules: 2000,
  termLength: 120,
} as const;

const CLASS_NAME = /^[a-z0-9][a-z0-9.-]{0,60}$/;
const RULE_ID = /^[a-z0-9][a-z0-9.-]{1,80}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, message: string): never {
  throw new RuleSetError(message, path);
}

function classList(value: unknown, path: string, classes: Set<string>, max: number): string[] {
  if (!Array.isArray(value)) fail(path, 'expected an array of class names');
  if (value.length > max) fail(path, `at most ${max} classes`);
  const seen = new Set<string>();
  value.forEach((name, i) => {
    if (typeof name !== 'string' || !classes.has(name))
      fail(`${path}[${i}]`, `unknown class ${JSON.stringify(name)}`);
    if (seen.has(name)) fail(`${path}[${i}]`, `class ${name} listed twice`);
    seen.add(name);
  });
  return value as string[];
}

function validateConceptRule(
  value: unknown,
  index: number,
  classes: Set<string>,
  explanations: Set<string>,
  kinds: readonly SignalKind[],
): ConceptRule {
  const path = `concepts.rules[${index}]`;
  if (!isObject(value)) fail(path, 'expected an object');
  const id = value.id;
  if (typeof id !== 'string' || !RULE_ID.test(id)) fail(`${path}.id`, 'missing or malformed rule id');
  const where = `${path} (${id})`;
  const kind = value.kind;
  if (typeof kind !== 'string' || !kinds.includes(kind as SignalKind)) {
    fail(`${where}.kind`, `unknown kind ${JSON.stringify(kind)}`);
  }
  const category = value.category;
  if (category !== null && !CATEGORIES.includes(category as Category)) {
    fail(`${where}.category`, `unknown category ${JSON.stringify(category)}`);
  }
  if ((kind === 'product' || kind === 'sales-term') && category === null) {
    fail(`${where}.category`, `a ${kind} rule needs a category`);
  }
  const weight = value.weight;
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < -20 || weight > 20) {
    fail(`${where}.weight`, 'weight must be a number between -20 and 20');
  }
  if (kind === 'counter' ? weight >= 0 : weight <= 0) {
    fail(
      `${where}.weight`,
      kind === 'counter' ? 'counter rules lower the score: use a negative weight' : 'weight must be positive',
    );
  }
  const explain = value.explain;
  if (typeof explain !== 'string' || !explanations.has(explain)) {
    fail(`${where}.explain`, `unknown explanation key ${JSON.stringify(explain)}`);
  }
  const all = classList(value.all, `${where}.all`, classes, MAX_CONCEPT_PARTS);
  if (all.length === 0) fail(`${where}.all`, 'a concept needs at least one class');
  const none =
    value.none === undefined ? [] : classList(value.none, `${where}.none`, classes, MAX_CONCEPT_NONE);
  for (const name of none) {
    if (all.includes(name)) fail(`${where}.none`, `class ${name} is also required in "all"`);
  }
  const window = value.window;
  if (typeof window !== 'number' || !Number.isInteger(window) || window < 1 || window > MAX_CONCEPT_WINDOW) {
    fail(`${where}.window`, `window must be an integer from 1 to ${MAX_CONCEPT_WINDOW} tokens`);
  }
  const noneWindow = value.noneWindow;
  if (
    noneWindow !== undefined &&
    (typeof noneWindow !== 'number' ||
      !Number.isInteger(noneWindow) ||
      noneWindow < 1 ||
      noneWindow > MAX_CONCEPT_WINDOW)
  ) {
    fail(`${where}.noneWindow`, `noneWindow must be an integer from 1 to ${MAX_CONCEPT_WINDOW} tokens`);
  }
  return {
    id,
    kind: kind as SignalKind,
    category: category as Category | null,
    weight,
    explain,
    all,
    ...(none.length > 0 ? { none } : {}),
    window,
    ...(noneWindow === undefined ? {} : { noneWindow }),
    lang: typeof value.lang === 'string' ? value.lang : 'any',
  };
}

/**
 * Validate the concepts section. `ruleIds` are the plain rules' ids (a concept may not reuse one:
 * reasons are keyed by rule id).
 */
export function validateConcepts(
  value: unknown,
  explanations: Set<string>,
  ruleIds: Set<string>,
  kinds: readonly SignalKind[],
): ConceptSection {
  if (!isObject(value)) fail('concepts', 'expected {classes, rules}');
  const classesValue = value.classes;
  if (!isObject(classesValue)) fail('concepts.classes', 'expected an object of class name → terms');
  const names = Object.keys(classesValue);
  if (names.length > CONCEPT_LIMITS.classes) fail('concepts.classes', `too many classes (${names.length})`);
  let total = 0;
  const classes: Record<string, string[]> = {};
  for (const name of names) {
    const path = `concepts.classes.${name}`;
    if (!CLASS_NAME.test(name)) fail(path, 'malformed class name');
    const terms = classesValue[name];
    if (!Array.isArray(terms) || terms.length === 0) fail(path, 'expected a non-empty array of terms');
    if (terms.length > CONCEPT_LIMITS.termsPerClass) fail(path, `too many terms (${terms.length})`);
    terms.forEach((t, i) => {
      if (typeof t !== 'string' || t.trim() === '') fail(`${path}[${i}]`, 'expected a non-empty string');
      if (t.length > CONCEPT_LIMITS.termLength)
        fail(`${path}[${i}]`, `longer than ${CONCEPT_LIMITS.termLength} characters`);
    });
    total += terms.length;
    classes[name] = terms as string[];
  }
  if (total > CONCEPT_LIMITS.totalClassTerms) fail('concepts.classes', `too many terms in all (${total})`);
  const known = new Set(names);

  const rulesValue = value.rules;
  if (!Array.isArray(rulesValue)) fail('concepts.rules', 'expected an array');
  if (rulesValue.length > CONCEPT_LIMITS.rules)
    fail('concepts.rules', `too many rules (${rulesValue.length})`);
  const seen = new Set<string>();
  const uses = new Map<string, number>();
  const rules = rulesValue.map((r, i) => {
    const rule = validateConceptRule(r, i, known, explanations, kinds);
    if (seen.has(rule.id) || ruleIds.has(rule.id))
      fail(`concepts.rules[${i}] (${rule.id}).id`, 'duplicate rule id');
    seen.add(rule.id);
    for (const name of rule.all) {
      const n = (uses.get(name) ?? 0) + 1;
      if (n > MAX_CONCEPTS_PER_CLASS) {
        fail(
          `concepts.rules[${i}] (${rule.id}).all`,
          `class ${name} is used by more than ${MAX_CONCEPTS_PER_CLASS} concepts`,
        );
      }
      uses.set(name, n);
    }
    return rule;
  });
  return { classes, rules };
}
