/**
 * Shape validation of a rule bundle: everything is checked here, once, when rules are loaded —
 * never while a message is matched. Errors name the rule and the reason.
 */

import { RuleSetError } from '../errors';
import { MAX_CONCEPT_NONE, MAX_CONCEPT_WINDOW } from '../match/concepts';
import type { BuiltinSignal } from '../match/signals';
import { CATEGORIES, type Category, type SignalKind } from '../types';
import { BUNDLE_FORMAT, type RuleBundle, type RuleDef, type SignalDef } from './bundle-types';
import { isoToEpochMs } from './iso-date';
import { validateSites } from './sites';
import { validateChat } from './validate-chat';
import { validateConcepts } from './validate-concepts';
import { validateOfferModel } from './validate-offer';

export const SIGNAL_KINDS: readonly SignalKind[] = [
  'product',
  'sales-term',
  'offer',
  'price',
  'quantity',
  'contact',
  'delivery',
  'menu',
  'listing',
  'counter',
];
export const BUILTIN_SIGNALS: readonly BuiltinSignal[] = [
  'price',
  'quantity',
  'phone',
  'handle',
  'menu',
  'title',
  'chemcode',
  'dose',
];

export const LIMITS = {
  rules: 5000,
  termsPerRule: 5000,
  termLength: 120,
  totalTerms: 100_000,
  explanationLength: 600,
  lexiconEntries: 500,
} as const;

const RULE_ID = /^[a-z0-9][a-z0-9.-]{1,80}$/;
const EXPLAIN_KEY = /^[a-z0-9][a-z0-9-]{0,60}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, message: string): never {
  throw new RuleSetError(message, path);
}

function stringArray(value: unknown, path: string, max: number, maxLength: number): string[] {
  if (!Array.isArray(value)) fail(path, 'expected an array of strings');
  if (value.length > max) fail(path, `too many entries (${value.length} > ${max})`);
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') fail(`${path}[${i}]`, 'expected a non-empty string');
    if (v.length > maxLength) fail(`${path}[${i}]`, `longer than ${maxLength} characters`);
  });
  return value as string[];
}

function finiteWeight(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < -20 || value > 20) {
    fail(path, 'weight must be a number between -20 and 20');
  }
  return value;
}

function validateRule(value: unknown, index: number, explanations: Set<string>): RuleDef {
  const path = `rules[${index}]`;
  if (!isObject(value)) fail(path, 'expected an object');
  const id = value.id;
  if (typeof id !== 'string' || !RULE_ID.test(id)) fail(`${path}.id`, 'missing or malformed rule id');
  const where = `${path} (${id})`;
  const kind = value.kind;
  if (typeof kind !== 'string' || !SIGNAL_KINDS.includes(kind as SignalKind)) {
    fail(`${where}.kind`, `unknown kind ${JSON.stringify(kind)}`);
  }
  const category = value.category;
  if (category !== null && !CATEGORIES.includes(category as Category)) {
    fail(`${where}.category`, `unknown category ${JSON.stringify(category)}`);
  }
  if ((kind === 'product' || kind === 'sales-term') && category === null) {
    fail(`${where}.category`, `a ${kind} rule needs a category`);
  }
  const weight = finiteWeight(value.weight, `${where}.weight`);
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
  const terms = stringArray(value.terms, `${where}.terms`, LIMITS.termsPerRule, LIMITS.termLength);
  if (terms.length === 0) fail(`${where}.terms`, 'a rule needs at least one term');
  const lang = typeof value.lang === 'string' ? value.lang : 'any';
  const guard = ruleGuard(value, where);
  return {
    id,
    kind: kind as SignalKind,
    category: category as Category | null,
    weight,
    explain,
    terms,
    lang,
    ...guard,
  };
}

/** The optional `none`/`noneWindow` of a plain rule (class names are checked once concepts are read). */
function ruleGuard(value: Record<string, unknown>, where: string): Pick<RuleDef, 'none' | 'noneWindow'> {
  if (value.none === undefined) {
    if (value.noneWindow !== undefined) fail(`${where}.noneWindow`, 'noneWindow without none');
    return {};
  }
  const none = stringArray(value.none, `${where}.none`, MAX_CONCEPT_NONE, 61);
  if (none.length === 0) fail(`${where}.none`, 'expected at least one class');
  if (new Set(none).size !== none.length) fail(`${where}.none`, 'a class listed twice');
  const w = value.noneWindow;
  if (w === undefined) return { none };
  if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > MAX_CONCEPT_WINDOW) {
    fail(`${where}.noneWindow`, `noneWindow must be an integer from 1 to ${MAX_CONCEPT_WINDOW} tokens`);
  }
  return { none, noneWindow: w };
}

/** Validate an already-parsed bundle object. */
export function validateBundle(value: unknown): RuleBundle {
  if (!isObject(value)) fail('', 'a rule bundle must be a JSON object');
  if (value.format !== BUNDLE_FORMAT) {
    fail(
      'format',
      `unsupported bundle format ${JSON.stringify(value.format)} (this version reads ${BUNDLE_FORMAT})`,
    );
  }
  const version = value.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version <= 0) {
    fail('version', 'version must be a positive integer');
  }
  for (const key of ['published', 'expires'] as const) {
    const v = value[key];
    if (typeof v !== 'string' || Number.isNaN(isoToEpochMs(v)))
      fail(key, 'expected an ISO 8601 UTC date-time');
  }
  if (isoToEpochMs(value.expires as string) <= isoToEpochMs(value.published as string)) {
    fail('expires', 'must be after published');
  }

  const explanationsValue = value.explanations;
  if (!isObject(explanationsValue)) fail('explanations', 'expected an object');
  for (const [key, text] of Object.entries(explanationsValue)) {
    if (!EXPLAIN_KEY.test(key)) fail(`explanations.${key}`, 'malformed key');
    if (!isObject(text)) fail(`explanations.${key}`, 'expected {en, fr}');
    for (const lang of ['en', 'fr'] as const) {
      const t = text[lang];
      if (typeof t !== 'string' || t === '' || t.length > LIMITS.explanationLength) {
        fail(`explanations.${key}.${lang}`, 'expected a non-empty string');
      }
    }
  }
  const explanationKeys = new Set(Object.keys(explanationsValue));

  const lexicon = value.lexicon;
  if (!isObject(lexicon)) fail('lexicon', 'expected an object');
  stringArray(lexicon.currencies, 'lexicon.currencies', LIMITS.lexiconEntries, 20);
  stringArray(lexicon.units, 'lexicon.units', LIMITS.lexiconEntries, 20);
  stringArray(lexicon.doseUnits, 'lexicon.doseUnits', LIMITS.lexiconEntries, 20);
  stringArray(lexicon.personal, 'lexicon.personal', LIMITS.lexiconEntries, 20);
  if (lexicon.perUnit !== undefined)
    stringArray(lexicon.perUnit, 'lexicon.perUnit', LIMITS.lexiconEntries, 20);

  const signals = value.signals;
  if (!isObject(signals)) fail('signals', 'expected an object');
  for (const name of BUILTIN_SIGNALS) {
    const def = signals[name];
    if (!isObject(def)) fail(`signals.${name}`, 'missing');
    if (typeof def.kind !== 'string' || !SIGNAL_KINDS.includes(def.kind as SignalKind)) {
      fail(`signals.${name}.kind`, 'unknown kind');
    }
    finiteWeight(def.weight, `signals.${name}.weight`);
    if (def.category !== undefined && !CATEGORIES.includes(def.category as Category)) {
      fail(`signals.${name}.category`, 'unknown category');
    }
    if (typeof def.explain !== 'string' || !explanationKeys.has(def.explain)) {
      fail(`signals.${name}.explain`, 'unknown explanation key');
    }
  }

  const scoring = value.scoring;
  if (!isObject(scoring) || !isObject(scoring.threshold) || !isObject(scoring.levels)) {
    fail('scoring', 'expected {threshold:{low,normal,high}, productOnly, levels:{medium,high}}');
  }
  for (const s of ['low', 'normal', 'high'] as const)
    finiteWeight(scoring.threshold[s], `scoring.threshold.${s}`);
  finiteWeight(scoring.productOnly, 'scoring.productOnly');
  if (scoring.commerceFloor !== undefined) finiteWeight(scoring.commerceFloor, 'scoring.commerceFloor');
  if (scoring.modifiers !== undefined) {
    stringArray(scoring.modifiers, 'scoring.modifiers', 50, 40);
    for (const key of scoring.modifiers as string[]) {
      if (!explanationKeys.has(key)) fail('scoring.modifiers', `unknown explanation key "${key}"`);
    }
  }
  finiteWeight(scoring.levels.medium, 'scoring.levels.medium');
  finiteWeight(scoring.levels.high, 'scoring.levels.high');
  if (scoring.guides !== undefined) {
    const g = scoring.guides;
    if (!isObject(g) || typeof g.explain !== 'string' || !explanationKeys.has(g.explain)) {
      fail('scoring.guides.explain', 'unknown explanation key');
    }
    if (!CATEGORIES.includes(g.category as Category)) fail('scoring.guides.category', 'unknown category');
    if (g.keep !== undefined) {
      if (!Array.isArray(g.keep) || !g.keep.every((c) => CATEGORIES.includes(c as Category))) {
        fail('scoring.guides.keep', 'expected an array of categories');
      }
    }
  }

  if (!Array.isArray(value.rules)) fail('rules', 'expected an array');
  if (value.rules.length > LIMITS.rules) fail('rules', `too many rules (${value.rules.length})`);
  const seen = new Set<string>();
  let totalTerms = 0;
  const rules = value.rules.map((r, i) => {
    const rule = validateRule(r, i, explanationKeys);
    if (seen.has(rule.id)) fail(`rules[${i}] (${rule.id}).id`, 'duplicate rule id');
    seen.add(rule.id);
    totalTerms += rule.terms.length;
    return rule;
  });
  if (totalTerms > LIMITS.totalTerms) fail('rules', `too many terms in all (${totalTerms})`);

  const concepts =
    value.concepts === undefined
      ? undefined
      : validateConcepts(value.concepts, explanationKeys, seen, SIGNAL_KINDS);
  rules.forEach((rule, i) => {
    for (const name of rule.none ?? []) {
      if (!concepts || !(name in concepts.classes)) {
        fail(`rules[${i}] (${rule.id}).none`, `unknown class ${JSON.stringify(name)}`);
      }
    }
  });

  const siteProblems = validateSites(value.sites);
  if (siteProblems.length > 0) fail('sites', siteProblems.join('; '));
  const offer = value.offer === undefined ? undefined : validateOfferModel(value.offer, explanationKeys);
  const chat = value.chat === undefined ? undefined : validateChat(value.chat, explanationKeys);

  const bundle: RuleBundle = {
    format: BUNDLE_FORMAT,
    version,
    published: value.published as string,
    expires: value.expires as string,
    explanations: explanationsValue as RuleBundle['explanations'],
    lexicon: {
      currencies: lexicon.currencies as string[],
      units: lexicon.units as string[],
      doseUnits: lexicon.doseUnits as string[],
      personal: lexicon.personal as string[],
      ...(lexicon.perUnit === undefined ? {} : { perUnit: lexicon.perUnit as string[] }),
    },
    rules,
    ...(concepts === undefined ? {} : { concepts }),
    signals: signals as Record<BuiltinSignal, SignalDef>,
    scoring: scoring as unknown as RuleBundle['scoring'],
    sites: value.sites as RuleBundle['sites'],
    ...(offer === undefined ? {} : { offer }),
    ...(chat === undefined ? {} : { chat }),
  };
  validated.add(bundle);
  return bundle;
}

/**
 * Bundles this module built and checked: compileRuleSet(loadBundle(text)), the content script's
 * path in every tab, then does not validate the same object a second time. Callers treat a
 * validated bundle as read-only; a changed copy ({...bundle}) is a new object and is checked.
 */
const validated = new WeakSet<RuleBundle>();

/** A bundle returned by validateBundle/loadBundle as is, or the input validated now. */
export function ensureValid(value: unknown): RuleBundle {
  return validated.has(value as RuleBundle) ? (value as RuleBundle) : validateBundle(value);
}

/** Parse bundle JSON text and validate it. Throws RuleSetError with a clear message. */
export function loadBundle(raw: string): RuleBundle {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new RuleSetError(`not valid JSON (${error instanceof Error ? error.message : 'parse error'})`);
  }
  return validateBundle(value);
}
