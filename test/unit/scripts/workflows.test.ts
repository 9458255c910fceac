/**
 * The forge workflows (.github/workflows/*.yml) are valid GitHub Actions workflows, checked with
 * action-validator against the published workflow schema (offline, as WebAssembly), and the
 * publishing workflow keeps its secret where it belongs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';

const DIR = resolve(import.meta.dirname, '../../../.github/workflows');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));

describe('forge workflows', () => {
  it('there are the CI and the rule-publishing workflows', () => {
    expect(files.sort()).toEqual(['ci.yml', 'publish-rules.yml']);
  });

  it.each(files)('%s is a valid workflow', (file) => {
    const result = validateWorkflow(readFileSync(resolve(DIR, file), 'utf8'));
    expect(result.errors).toEqual([]);
  });

  it('the validator does refuse a broken workflow', () => {
    const broken = readFileSync(resolve(DIR, 'ci.yml'), 'utf8').replace('runs-on:', 'runs-onn:');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it('publish-rules runs every test, then signs with the secret from the environment and verifies', () => {
    const text = readFileSync(resolve(DIR, 'publish-rules.yml'), 'utf8');
    const steps = ['bash .ci/run', 'npm run rules:publish', 'npm run rules:verify', 'actions/deploy-pages'];
    const at = steps.map((s) => text.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The secret reaches the script only through the environment, never on a command line.
    expect(text).toMatch(/VIGIE_RULES_SIGNING_KEY: \$\{\{ secrets\.VIGIE_RULES_SIGNING_KEY \}\}/);
    expect(text.match(/secrets\./g)).toHaveLength(1);
  });
});
