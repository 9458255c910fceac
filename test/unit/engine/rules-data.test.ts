/**
 * Tests over the rule DATA in rules/: every rule's own examples (what it is for, and the innocent
 * uses it must not catch), and the build's refusal of malformed rules with file, id and reason.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle, RULES_DIR, readSourceFiles } from '../../../scripts/lib/rule-sources';
import { firedRuleIds, realRules } from './helpers';

const { compiled } = realRules();

/** Rule ids whose terms or concepts occur in `text` (the matcher alone, before any scoring). */
const firedRules = (text: string): Set<string> => firedRuleIds(compiled, text);

const cases = readSourceFiles().flatMap((file) =>
  file.rules.flatMap((rule) => [
    ...(rule.examples?.match ?? []).map((text) => ({ file: file.file, id: rule.id, text, fires: true })),
    ...(rule.examples?.noMatch ?? []).map((text) => ({ file: file.file, id: rule.id, text, fires: false })),
  ]),
);

describe('rule examples', () => {
  it('every rule documents at least one example', () => {
    const withoutExamples = readSourceFiles()
      .flatMap((f) => f.rules)
      .filter((r) => !r.examples?.match?.length);
    expect(withoutExamples.map((r) => r.id)).toEqual([]);
  });

  it.each(cases)('$id $fires: $text', ({ id, text, fires }) => {
    expect(firedRules(text).has(id)).toBe(fires);
  });
});

describe('rule build', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function brokenCopy(mutate: (dir: string) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-rules-'));
    dirs.push(dir);
    cpSync(RULES_DIR, dir, { recursive: true });
    mutate(dir);
    return dir;
  }

  function editRule(dir: string, file: string, edit: (rule: Record<string, unknown>) => void): void {
    const path = join(dir, 'source', file);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { rules: Record<string, unknown>[] };
    edit(doc.rules[0] as Record<string, unknown>);
    writeFileSync(path, JSON.stringify(doc));
  }

  it('builds the shipped rules', () => {
    const { bundle } = buildBundle();
    expect(bundle.rules.length).toBeGreaterThan(20);
    expect(Object.keys(bundle.sites).length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    [
      'an unknown explanation key',
      (r: Record<string, unknown>) => (r.explain = 'no-such-key'),
      /unknown explanation key/,
    ],
    ['a zero weight', (r: Record<string, unknown>) => (r.weight = 0), /weight/],
    [
      'a term of punctuation only',
      (r: Record<string, unknown>) => (r.terms = ['...']),
      /normalises to nothing/,
    ],
    ['a single-letter product term', (r: Record<string, unknown>) => (r.terms = ['x']), /too ambiguous/],
    ['a #num first', (r: Record<string, unknown>) => (r.terms = ['#num mm']), /#num cannot start/],
    ['an unknown kind', (r: Record<string, unknown>) => (r.kind = 'regex'), /unknown kind/],
  ])('fails with the file, the rule id and the reason for %s', (_name, edit, reason) => {
    const dir = brokenCopy((d) => editRule(d, 'weapons.json', edit));
    expect(() => buildBundle(dir)).toThrow(/rules\/source\/weapons\.json: rule weapons\.name: /);
    expect(() => buildBundle(dir)).toThrow(reason);
  });

  it('fails on a duplicate rule id', () => {
    const dir = brokenCopy((d) => editRule(d, 'weapons.json', (r) => (r.id = 'drugs.en.name')));
    expect(() => buildBundle(dir)).toThrow(/duplicate rule id/);
  });

  it('fails on a file that is not JSON, naming it', () => {
    const dir = brokenCopy((d) => writeFileSync(join(d, 'source', 'weapons.json'), '{ not json'));
    expect(() => buildBundle(dir)).toThrow(/weapons\.json/);
  });
});
