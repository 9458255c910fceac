/**
 * Reads the human-edited rule sources under rules/ and assembles the bundle (Node only; the
 * engine itself never touches files). Used by `npm run rules:build`, the CLI tools and the tests,
 * so all of them see exactly the same rules.
 *
 *   rules/meta.json            version, published, expires
 *   rules/explanations.json    explanation key → {en, fr}
 *   rules/lexicon.json         currencies and units for the built-in detectors
 *   rules/scoring.json         built-in signal weights and decision thresholds
 *   rules/source/*.json        {category, lang, classes?, rules: [{id, kind, weight, explain, terms, examples}]}
 *                              A rule with `all` (and `window`, optional `none`) instead of `terms`
 *                              is a concept rule over the named classes; classes are defined in any
 *                              source file's `classes` ({name: [terms]}) and shared by all files.
 *   rules/sites/<client>.json  selectors for one chat client (content script)
 *   rules/offer-model.json     the offer-ness model, trained by scripts/offer-train.ts (optional)
 *   rules/chat.json            when a whole chat looks like a shop: thresholds (optional)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  type ConceptRule,
  compileRuleSet,
  type RuleBundle,
  type RuleDef,
  RuleSetError,
} from '../../src/engine';

export const RULES_DIR = resolve(import.meta.dirname, '../../rules');

export interface RuleExamples {
  /** Texts in which the rule must fire. */
  match?: string[];
  /** Texts in which it must not (the innocent uses that make a word dangerous alone). */
  noMatch?: string[];
}

export interface SourceRule extends Omit<RuleDef, 'category' | 'lang' | 'terms'> {
  /** Literal terms of a plain rule. */
  terms?: string[];
  /** Classes of a concept rule (instead of terms), with its window and cancelling classes. */
  all?: string[];
  /** Classes that cancel a match near it; a plain rule may have them too (see RuleDef.none). */
  none?: string[];
  window?: number;
  noneWindow?: number;
  examples?: RuleExamples;
}

export interface SourceFile {
  file: string;
  category: RuleDef['category'];
  lang: string;
  classes: Record<string, string[]>;
  rules: SourceRule[];
}

export function isConceptRule(rule: SourceRule): boolean {
  return rule.all !== undefined;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function readSourceFiles(dir = RULES_DIR): SourceFile[] {
  const sourceDir = join(dir, 'source');
  return readdirSync(sourceDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const path = join(sourceDir, f);
      const value = readJson(path) as Partial<SourceFile>;
      if (!Array.isArray(value.rules))
        throw new Error(`${path}: expected {"category", "lang", "rules": [...]}`);
      return {
        file: `rules/source/${f}`,
        category: value.category ?? null,
        lang: value.lang ?? 'any',
        classes: value.classes ?? {},
        rules: value.rules,
      };
    });
}

export function assembleBundle(dir = RULES_DIR): { bundle: RuleBundle; sources: SourceFile[] } {
  const meta = readJson(join(dir, 'meta.json')) as Pick<RuleBundle, 'version' | 'published' | 'expires'>;
  const scoring = readJson(join(dir, 'scoring.json')) as Pick<RuleBundle, 'signals' | 'scoring'>;
  const sources = readSourceFiles(dir);
  const sitesDir = join(dir, 'sites');
  const sites: Record<string, unknown> = {};
  for (const f of readdirSync(sitesDir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    sites[basename(f, '.json')] = readJson(join(sitesDir, f));
  }
  const rules: RuleDef[] = sources.flatMap((s) =>
    s.rules
      .filter((r) => !isConceptRule(r))
      .map((r) => ({
        id: r.id,
        kind: r.kind,
        category: s.category,
        weight: r.weight,
        explain: r.explain,
        terms: r.terms as string[],
        lang: s.lang,
        ...(r.none ? { none: r.none } : {}),
        ...(r.noneWindow ? { noneWindow: r.noneWindow } : {}),
      })),
  );
  const classes: Record<string, string[]> = {};
  for (const s of sources) {
    for (const [name, terms] of Object.entries(s.classes)) {
      if (name in classes) throw new Error(`${s.file}: class ${name} is defined twice`);
      classes[name] = terms;
    }
  }
  const conceptRules: ConceptRule[] = sources.flatMap((s) =>
    s.rules.filter(isConceptRule).map((r) => ({
      id: r.id,
      kind: r.kind,
      category: s.category,
      weight: r.weight,
      explain: r.explain,
      all: r.all as string[],
      ...(r.none ? { none: r.none } : {}),
      window: r.window as number,
      ...(r.noneWindow ? { noneWindow: r.noneWindow } : {}),
      lang: s.lang,
    })),
  );
  const bundle = {
    format: 1,
    version: meta.version,
    published: meta.published,
    expires: meta.expires,
    explanations: readJson(join(dir, 'explanations.json')),
    lexicon: readJson(join(dir, 'lexicon.json')),
    rules,
    ...(conceptRules.length > 0 || Object.keys(classes).length > 0
      ? { concepts: { classes, rules: conceptRules } }
      : {}),
    signals: scoring.signals,
    scoring: scoring.scoring,
    sites,
    ...(existsSync(join(dir, 'offer-model.json')) ? { offer: readJson(join(dir, 'offer-model.json')) } : {}),
    ...(existsSync(join(dir, 'chat.json')) ? { chat: readJson(join(dir, 'chat.json')) } : {}),
  } as RuleBundle;
  return { bundle, sources };
}

/** Build and compile; a malformed rule fails with the file, the rule id and the reason. */
export function buildBundle(dir = RULES_DIR): { bundle: RuleBundle; sources: SourceFile[]; json: string } {
  const { bundle, sources } = assembleBundle(dir);
  try {
    compileRuleSet(bundle);
  } catch (error) {
    if (error instanceof RuleSetError) {
      const cls = /^concepts\.classes\.([^[\s]+)/.exec(error.path)?.[1];
      const id = cls ? undefined : /\(([^)]+)\)/.exec(error.path)?.[1];
      const file = cls
        ? sources.find((s) => cls in s.classes)?.file
        : id
          ? sources.find((s) => s.rules.some((r) => r.id === id))?.file
          : undefined;
      if (cls && file) throw new Error(`${file}: class ${cls}: ${error.message}`);
      throw new Error(file ? `${file}: rule ${id}: ${error.message}` : `rules/: ${error.message}`);
    }
    throw error;
  }
  return { bundle, sources, json: `${JSON.stringify(bundle)}\n` };
}
